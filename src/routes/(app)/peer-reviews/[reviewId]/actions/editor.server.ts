import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { reviewHref } from '$lib/components/peer-review/display';
import { actionSchema, type ActionForm, type ActionMessage } from '$lib/schemas/review-report';
import { actionEditor, type SaveActionResult } from '$lib/server/services/review-actions';
import type { Scope } from '$lib/server/auth/guards';
import { openReviewPage } from '../page-guard.server';

type Params = { reviewId: string; actionId?: string };

const NOT_HOST = 'Only the host setting’s headteacher or SENCO keeps the action plan.';

/**
 * What the add and change pages need: the criteria to link and the action being changed.
 * Only the host keeps the plan; everyone else who reads it is refused.
 */
export async function openEditor(event: RequestEvent<Params>) {
	const { scope } = await openReviewPage(event, 'actions');
	const editor = await actionEditor(scope, event.params.reviewId, event.params.actionId ?? null);
	if (!editor) error(404, 'Page not found');
	if (!editor.mayEdit) error(403, NOT_HOST);
	return { scope, editor };
}

/** The add or change form's action: validates, saves with `save`, and answers the page. */
export function saveAction(
	save: (scope: Scope, event: RequestEvent<Params>, form: ActionForm) => Promise<SaveActionResult>,
	done: string
) {
	return async (event: RequestEvent<Params>) => {
		const { scope } = await openEditor(event);
		const form = await superValidate<ActionForm, ActionMessage>(event.request, zod4(actionSchema));
		if (!form.valid) return fail(400, { form });
		const result = await save(scope, event, form.data);
		if (result.ok) redirect(303, `${reviewHref(event.params.reviewId, 'actions')}?done=${done}`);
		if (result.reason === 'invalid') {
			const field = result.field === 'criterionIds' ? 'criterionIds._errors' : result.field;
			return setError(form, field, result.message);
		}
		if (result.reason === 'conflict') {
			// Saving again now puts these values over the newer ones, knowingly.
			form.data.version = result.version;
			return message(form, { conflict: result.current }, { status: 409 });
		}
		// A finalised review never leaves that stage, so only a lost review or role is left.
		if (result.reason === 'forbidden') error(403, NOT_HOST);
		error(404, 'Page not found');
	};
}
