import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { actionSchema, type ActionForm, type ActionMessage } from '$lib/schemas/review-report';
import { addAction } from '$lib/server/services/review-actions';
import { openEditor, saveAction } from '../editor.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { editor } = await openEditor(event);
	// "?from=2" starts the action from the second suggestion of the report.
	const from = Number(event.url.searchParams.get('from'));
	const suggestion = Number.isInteger(from) ? (editor.suggestions[from - 1] ?? '') : '';
	const form = await superValidate<ActionForm, ActionMessage>(
		{
			version: 0,
			action: suggestion,
			criterionIds: [],
			owner: '',
			dueDate: '',
			status: 'not_started',
			impact: ''
		},
		zod4(actionSchema),
		{ errors: false }
	);
	return { form, sections: editor.sections };
}) satisfies PageServerLoad;

export const actions = {
	// A new action has no version to check; the form's 0 is left out by the service.
	default: saveAction(
		(scope, event, form) => addAction(scope, event.params.reviewId, form),
		'added'
	)
} satisfies Actions;
