import { error, type RequestEvent } from '@sveltejs/kit';
import { reviewPageOpen, type ReviewPage } from '$lib/domain/peer-review';
import { requireScope } from '$lib/server/auth/guards';
import { reviewHeader } from '$lib/server/services/peer-reviews';

/**
 * The caller's scope and the review's header, when this page of the review is open to them
 * at its stage; 404 otherwise, so that nobody learns of material that is not theirs.
 */
export async function openReviewPage(event: RequestEvent<{ reviewId: string }>, page: ReviewPage) {
	const scope = await requireScope(event);
	const header = await reviewHeader(scope, event.params.reviewId);
	if (!header || !reviewPageOpen(page, header.role, header.review.stage))
		error(404, 'Page not found');
	return { scope, header };
}
