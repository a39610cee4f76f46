import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	reopenSchema,
	type ReopenForm,
	type WorkflowMessage
} from '$lib/schemas/evaluation-workflow';
import { moveEvaluation } from '$lib/server/services/evaluations';
import { loadForStep, stepAction } from '../workflow.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const found = await loadForStep(event, 'signOff');
	const form = await superValidate<ReopenForm, WorkflowMessage>(
		{ version: found.evaluation.version, reason: '' },
		zod4(reopenSchema),
		{ errors: false }
	);
	return { ...found, form };
}) satisfies PageServerLoad;

export const actions = {
	reopen: stepAction(zod4(reopenSchema), 'reopened', (scope, id, { version, reason }) =>
		moveEvaluation(scope, id, version, 'reopen', reason)
	)
} satisfies Actions;
