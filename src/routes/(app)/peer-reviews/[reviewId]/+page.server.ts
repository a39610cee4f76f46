import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { reviewOverview } from '$lib/server/services/peer-reviews';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event);
	const overview = await reviewOverview(scope, event.params.reviewId);
	if (!overview) error(404, 'Page not found');
	return overview;
}) satisfies PageServerLoad;
