import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { actionSchema, type ActionForm, type ActionMessage } from '$lib/schemas/review-report';
import { actionFormValues, updateAction } from '$lib/server/services/review-actions';
import { openEditor, saveAction } from '../editor.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { editor } = await openEditor(event);
	const action = editor.action!;
	const form = await superValidate<ActionForm, ActionMessage>(
		{ version: action.version, ...actionFormValues(action) },
		zod4(actionSchema),
		{ errors: false }
	);
	return { form, sections: editor.sections, actionId: action.id };
}) satisfies PageServerLoad;

export const actions = {
	default: saveAction(
		(scope, event, { version, ...input }) =>
			updateAction(scope, event.params.reviewId, event.params.actionId!, version, input),
		'saved'
	)
} satisfies Actions;
