import { requireLaStaff } from '$lib/server/auth/guards';
import { pageParam } from '$lib/domain/paging';
import { parseQuery, peopleFilterSchema } from '$lib/schemas/people';
import { countOpenInvitations } from '$lib/server/services/invitations';
import { listPeople, PEOPLE_PAGE_SIZE } from '$lib/server/services/people';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const filter = parseQuery(peopleFilterSchema, event.url.searchParams);
	const page = pageParam(event.url.searchParams);
	const [people, invitations] = await Promise.all([
		listPeople(scope, { search: filter.q, kind: filter.kind, status: filter.status, page }),
		countOpenInvitations(scope)
	]);
	return {
		people,
		invitations,
		filter,
		page,
		pageSize: PEOPLE_PAGE_SIZE,
		canManage: scope.membership.role === 'admin'
	};
}) satisfies PageServerLoad;
