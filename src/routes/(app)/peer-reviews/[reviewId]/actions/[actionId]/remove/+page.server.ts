import { error, redirect } from '@sveltejs/kit';
import { reviewHref } from '$lib/components/peer-review/display';
import { removeAction } from '$lib/server/services/review-actions';
import { openEditor } from '../../editor.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { editor } = await openEditor(event);
	return { action: editor.action! };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { scope } = await openEditor(event);
		const result = await removeAction(scope, event.params.reviewId, event.params.actionId);
		if (result.ok) redirect(303, `${reviewHref(event.params.reviewId, 'actions')}?done=removed`);
		if (result.reason === 'forbidden') error(403, 'Only the host can change the action plan.');
		// Someone else removed it first, or the review is not the caller's.
		error(404, 'Page not found');
	}
} satisfies Actions;
