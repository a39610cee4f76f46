import { error, redirect } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { loadBoardReport } from '$lib/server/board-report';
import { boardReportPdf, boardReportResponse } from '$lib/server/export/board-report-pdf';
import type { RequestHandler } from './$types';

/** The board report as a PDF; choices it cannot print go back to the form, which says why. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	const { errors, report } = await loadBoardReport(scope, event.url.searchParams);
	if (Object.keys(errors).length > 0) redirect(303, `/board/report${event.url.search}`);
	if (!report) error(404, 'There is no evaluation cycle to report on yet.');
	return boardReportResponse(report, await boardReportPdf(report));
};
