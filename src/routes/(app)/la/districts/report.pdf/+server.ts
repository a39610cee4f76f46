import { error } from '@sveltejs/kit';
import { requireLaStaff } from '$lib/server/auth/guards';
import { loadBoardReport } from '$lib/server/board-report';
import { boardReportPdf, boardReportResponse } from '$lib/server/export/board-report-pdf';
import type { RequestHandler } from './$types';

/**
 * The district dashboard as a board report: the tenant's tables with the scrutiny of the
 * board `board` names, or of every board. The LA has no form for it, so a choice that cannot
 * be printed is refused with what is wrong.
 */
export const GET: RequestHandler = async (event) => {
	const scope = await requireLaStaff(event);
	const boardId = event.url.searchParams.get('board') || undefined;
	const { errors, report } = await loadBoardReport(scope, event.url.searchParams, boardId);
	const problems = Object.values(errors).flat();
	if (problems.length > 0) error(400, problems.join(' '));
	if (!report) error(404, 'There is no evaluation cycle to report on yet.');
	return boardReportResponse(report, await boardReportPdf(report));
};
