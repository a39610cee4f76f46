import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { reviewPdf, reviewPdfResponse } from '$lib/server/export/review-pdf';
import { boardReport } from '$lib/server/services/review-board';
import type { RequestHandler } from './$types';

/** A shared final report as a PDF, on the same terms as the board's page for it. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	const report = await boardReport(scope, event.params.reviewId);
	if (!report) error(404, 'Page not found');
	return reviewPdfResponse(report, await reviewPdf(report));
};
