import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	reviewSchema,
	type ReviewForm,
	type ReviewFormMessage
} from '$lib/schemas/provision-pupils';
import { reviewFormValues, updateReview } from '$lib/server/services/provision-reviews';
import { openReviewEditor, saveReview } from '../editor.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { pupil, review } = await openReviewEditor(event);
	const form = await superValidate<ReviewForm, ReviewFormMessage>(
		{ ...reviewFormValues(review!), version: review!.version },
		zod4(reviewSchema),
		{ errors: false }
	);
	return { pupil, reviewId: review!.id, form };
}) satisfies PageServerLoad;

export const actions = {
	default: saveReview(
		(scope, event, { version, ...input }) =>
			updateReview(scope, event.params.pupilId, event.params.reviewId!, version, input),
		'review-saved'
	)
} satisfies Actions;
