import { redirect } from '@sveltejs/kit';
import { deleteReview } from '$lib/server/services/provision-reviews';
import { allowed, provisionScope } from '../../../../../access.server';
import { openReviewEditor } from '../../editor.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { pupil, review } = await openReviewEditor(event);
	return { pupil, review: review! };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await provisionScope(event);
		// Someone else deleted it first: not found, like any other id that is not there.
		allowed(await deleteReview(scope, event.params.pupilId, event.params.reviewId));
		redirect(303, `/provision/pupils/${event.params.pupilId}?done=review-deleted#reviews`);
	}
} satisfies Actions;
