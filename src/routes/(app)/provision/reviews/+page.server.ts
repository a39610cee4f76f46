import { pageParam } from '$lib/domain/paging';
import { REVIEWS_PAGE_SIZE } from '$lib/schemas/provision-pupils';
import { reviewsOverview } from '$lib/server/services/provision-reviews';
import { allowed, provisionScope } from '../access.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const page = pageParam(event.url.searchParams);
	const overview = allowed(await reviewsOverview(scope, page));
	return { ...overview, page, pageSize: REVIEWS_PAGE_SIZE };
}) satisfies PageServerLoad;
