import { pupilFilter, PUPILS_PAGE_SIZE } from '$lib/schemas/provision-pupils';
import { listPupils } from '$lib/server/services/provision-pupils';
import { allowed, provisionScope } from '../access.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const filter = pupilFilter(event.url.searchParams);
	const list = allowed(await listPupils(scope, filter));
	return { ...list, filter, pageSize: PUPILS_PAGE_SIZE };
}) satisfies PageServerLoad;
