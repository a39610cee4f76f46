import { requireScope } from '$lib/server/auth/guards';
import { loadBoardView, viewQuery } from '$lib/server/board-views';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	const view = await loadBoardView(scope, event.url.searchParams);
	return { view, query: viewQuery(view), boardName: scope.membership.organisationName };
}) satisfies PageServerLoad;
