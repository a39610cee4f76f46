import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { refusalMessage } from '$lib/components/peer-review/work/work-display';
import type { ReviewPage } from '$lib/domain/peer-review';
import { removeEntrySchema, reviewStepSchema } from '$lib/schemas/review-work';
import type { Scope } from '$lib/server/auth/guards';
import type { RemoveResult, StepResult } from '$lib/server/services/review-results';
import { openReviewPage } from '../page-guard.server';

// Plain forms of the review team's work that carry one value and answer with a new page or
// a problem: removing an entry by its id, taking the review on a stage by its version.

type Event = RequestEvent<{ reviewId: string }>;

/** The action that removes an entry with `remove`, then goes to where `done` says. */
export function removeEntryAction(
	page: ReviewPage,
	remove: (scope: Scope, reviewId: string, entryId: string) => Promise<RemoveResult>,
	done: (reviewId: string) => string
) {
	return async (event: Event) => {
		const { scope } = await openReviewPage(event, page);
		const form = await superValidate(event.request, zod4(removeEntrySchema));
		if (!form.valid) error(404, 'Page not found');
		const result = await remove(scope, event.params.reviewId, form.data.entryId);
		if (result.ok) redirect(303, done(event.params.reviewId));
		if (result.reason === 'not-found') error(404, 'Page not found');
		return fail(409, { problem: refusalMessage(result) });
	};
}

/** The action that takes the review a stage on with `step`, then goes to where `done` says. */
export function stepAction(
	page: ReviewPage,
	step: (scope: Scope, reviewId: string, version: number) => Promise<StepResult>,
	done: (reviewId: string) => string
) {
	return async (event: Event) => {
		const { scope } = await openReviewPage(event, page);
		const form = await superValidate(event.request, zod4(reviewStepSchema));
		if (!form.valid) return fail(400, { problem: refusalMessage({ reason: 'stale' }) });
		const result = await step(scope, event.params.reviewId, form.data.version);
		if (result.ok) redirect(303, done(event.params.reviewId));
		if (result.reason === 'not-found') error(404, 'Page not found');
		return fail(409, { problem: refusalMessage(result) });
	};
}
