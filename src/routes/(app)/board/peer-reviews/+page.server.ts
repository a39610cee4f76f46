import { error } from '@sveltejs/kit';
import { pageParam } from '$lib/domain/paging';
import { requireScope } from '$lib/server/auth/guards';
import { BOARD_REPORTS_PAGE_SIZE, boardReports } from '$lib/server/services/review-board';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	const page = pageParam(event.url.searchParams);
	const reports = await boardReports(scope, page);
	if (!reports) error(404, 'Page not found');
	return {
		...reports,
		page,
		pageSize: BOARD_REPORTS_PAGE_SIZE,
		boardName: scope.membership.organisationName
	};
}) satisfies PageServerLoad;
