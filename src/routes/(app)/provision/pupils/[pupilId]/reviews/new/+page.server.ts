import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	reviewSchema,
	type ReviewForm,
	type ReviewFormMessage
} from '$lib/schemas/provision-pupils';
import { addReview } from '$lib/server/services/provision-reviews';
import { openReviewEditor, saveReview } from '../editor.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { pupil } = await openReviewEditor(event);
	const form = await superValidate<ReviewForm, ReviewFormMessage>(zod4(reviewSchema));
	return { pupil, form };
}) satisfies PageServerLoad;

export const actions = {
	default: saveReview(
		(scope, event, { version: _, ...input }) => addReview(scope, event.params.pupilId, input),
		'review-added'
	)
} satisfies Actions;
