import { requireLaStaff } from '$lib/server/auth/guards';
import { loadBoardView, viewQuery } from '$lib/server/board-views';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const view = await loadBoardView(scope, event.url.searchParams);
	return { view, query: viewQuery(view), tenantName: scope.membership.organisationName };
}) satisfies PageServerLoad;
