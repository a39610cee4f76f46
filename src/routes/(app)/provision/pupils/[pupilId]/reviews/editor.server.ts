import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	reviewSchema,
	type ReviewForm,
	type ReviewFormMessage
} from '$lib/schemas/provision-pupils';
import type { Scope } from '$lib/server/auth/guards';
import { reviewEditor, type SaveReviewResult } from '$lib/server/services/provision-reviews';
import { allowed, provisionScope } from '../../../access.server';

type Event = RequestEvent<{ pupilId: string; reviewId?: string }>;

/** The pupil and, when changing one, the review: for the SENCO or head only. */
export async function openReviewEditor(event: Event) {
	const scope = await provisionScope(event);
	const editor = allowed(
		await reviewEditor(scope, event.params.pupilId, event.params.reviewId ?? null)
	);
	return { scope, ...editor };
}

/** The add or change form's action: validates, saves with `save`, and answers the page. */
export function saveReview(
	save: (scope: Scope, event: Event, form: ReviewForm) => Promise<SaveReviewResult>,
	done: 'review-added' | 'review-saved'
) {
	return async (event: Event) => {
		const scope = await provisionScope(event);
		const form = await superValidate<ReviewForm, ReviewFormMessage>(
			event.request,
			zod4(reviewSchema)
		);
		if (!form.valid) return fail(400, { form });
		const result = allowed(await save(scope, event, form.data));
		if (result.ok) redirect(303, `/provision/pupils/${event.params.pupilId}?done=${done}#reviews`);
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		// Saving again now puts these values over the newer ones, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	};
}
