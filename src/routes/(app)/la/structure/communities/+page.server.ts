import { pageParam } from '$lib/domain/paging';
import { requireLaStaff } from '$lib/server/auth/guards';
import { COMMUNITIES_PAGE_SIZE, listCommunities } from '$lib/server/services/structure';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const page = pageParam(event.url.searchParams);
	return {
		...(await listCommunities(scope, page)),
		page,
		pageSize: COMMUNITIES_PAGE_SIZE,
		canEdit: scope.membership.role === 'admin'
	};
}) satisfies PageServerLoad;
