import { error } from '@sveltejs/kit';
import { reviewCalibration } from '$lib/server/services/review-moderation';
import { openReviewPage } from '../page-guard.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const { scope } = await openReviewPage(event, 'calibration');
	const calibration = await reviewCalibration(scope, event.params.reviewId);
	if (!calibration) error(404, 'Page not found');
	return { calibration };
}) satisfies PageServerLoad;
