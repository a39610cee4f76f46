import { error } from '@sveltejs/kit';
import { reviewPdf, reviewPdfResponse } from '$lib/server/export/review-pdf';
import { finalReport } from '$lib/server/services/review-report';
import { openReviewPage } from '../page-guard.server';
import type { RequestHandler } from './$types';

/** The final report as a PDF, for anyone who may read it; nothing before it is final. */
export const GET: RequestHandler = async (event) => {
	const { scope } = await openReviewPage(event, 'report');
	const report = await finalReport(scope, event.params.reviewId);
	if (!report) error(404, 'Page not found');
	return reviewPdfResponse(report, await reviewPdf(report));
};
