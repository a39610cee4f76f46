import { error } from '@sveltejs/kit';
import { pageParam } from '$lib/domain/paging';
import { requireLaStaff } from '$lib/server/auth/guards';
import { cpdDemand } from '$lib/server/services/cpd-demand';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const demand = await cpdDemand(scope, event.url.searchParams);
	if (!demand) error(404, 'Page not found');
	return {
		demand,
		page: pageParam(event.url.searchParams),
		tenantName: scope.membership.organisationName
	};
}) satisfies PageServerLoad;
