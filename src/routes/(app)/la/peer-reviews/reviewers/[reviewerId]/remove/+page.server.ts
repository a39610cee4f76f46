import { error, fail, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { peerReviewerForRemoval, removePeerReviewer } from '$lib/server/services/peer-reviewers';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const entry = await peerReviewerForRemoval(scope, event.params.reviewerId);
	if (!entry) error(404, 'Page not found');
	return { entry };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const result = await removePeerReviewer(scope, event.params.reviewerId);
		if (result.ok) redirect(303, '/la/peer-reviews/reviewers?done=removed');
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, 'Only LA admins can change the register.');
		return fail(409, { reviews: result.reviews });
	}
} satisfies Actions;
