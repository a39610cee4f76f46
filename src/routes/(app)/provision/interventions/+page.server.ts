import { INTERVENTIONS_PAGE_SIZE, interventionFilter } from '$lib/schemas/provision-offer';
import { listInterventions } from '$lib/server/services/provision-interventions';
import { allowed, provisionScope } from '../access.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const filter = interventionFilter(event.url.searchParams);
	const list = allowed(await listInterventions(scope, filter));
	return { ...list, filter, pageSize: INTERVENTIONS_PAGE_SIZE };
}) satisfies PageServerLoad;
