import { error } from '@sveltejs/kit';
import { sharedSelfEvaluation } from '$lib/server/services/review-sharing';
import { openReviewPage } from '../page-guard.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const { scope } = await openReviewPage(event, 'self-evaluation');
	const section = event.url.searchParams.get('section') ?? undefined;
	const shared = await sharedSelfEvaluation(scope, event.params.reviewId, section);
	if (!shared) error(404, 'Page not found');
	return { shared };
}) satisfies PageServerLoad;
