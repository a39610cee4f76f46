import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { addReviewerSchema, reviewerStepSchema } from '$lib/schemas/review-rounds';
import { requireLaAdmin } from '$lib/server/auth/guards';
import type { RoundChange } from '$lib/server/services/review-rounds';
import { addReviewer, makeLead, removeReviewer } from '$lib/server/services/round-reviewers';
import { loadRound, refusalMessage } from './round.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load = (async (event) => {
	const { view, canEdit } = await loadRound(event);
	return { ...view, canEdit };
}) satisfies PageServerLoad;

/** Where an edit of the allocation goes next: back to the host it changed, or the problem. */
function answer(event: RequestEvent, result: RoundChange, hostId: string, done: string) {
	if (result.ok)
		redirect(303, `/la/peer-reviews/${event.params.roundId}?done=${done}#host-${hostId}`);
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'forbidden') error(403, 'Only LA admins can change an allocation.');
	return fail(409, { problem: { hostId, message: refusalMessage(result) } });
}

/** Takes a reviewer off a review, or makes them its lead (both steps take the same input). */
async function reviewerStep(event: RequestEvent, step: typeof removeReviewer, done: string) {
	const scope = await requireLaAdmin(event);
	const form = await superValidate(event.request, zod4(reviewerStepSchema));
	const hostId = form.data.hostId ?? '';
	if (!form.valid)
		return fail(400, { problem: { hostId, message: 'Choose a reviewer from the list.' } });
	const { version, reviewId, userId } = form.data;
	const result = await step(scope, event.params.roundId, version, { reviewId, userId });
	return answer(event, result, hostId, done);
}

export const actions = {
	addReviewer: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(addReviewerSchema));
		const hostId = form.data.hostId ?? '';
		if (!form.valid)
			return fail(400, {
				problem: {
					hostId,
					message: form.errors.peerReviewerId?.[0] ?? 'Choose a peer reviewer to add.'
				}
			});
		const { version, peerReviewerId } = form.data;
		const result = await addReviewer(scope, event.params.roundId, version, {
			hostId,
			peerReviewerId
		});
		return answer(event, result, hostId, 'reviewer-added');
	},
	removeReviewer: (event) => reviewerStep(event, removeReviewer, 'reviewer-removed'),
	makeLead: (event) => reviewerStep(event, makeLead, 'lead-changed')
} satisfies Actions;
