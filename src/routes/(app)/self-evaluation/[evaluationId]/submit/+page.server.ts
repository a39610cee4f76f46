import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	workflowStampSchema,
	type WorkflowMessage,
	type WorkflowStampForm
} from '$lib/schemas/evaluation-workflow';
import { moveEvaluation } from '$lib/server/services/evaluations';
import { loadForStep, stepAction } from '../workflow.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const found = await loadForStep(event, 'edit');
	const form = await superValidate<WorkflowStampForm, WorkflowMessage>(
		{ version: found.evaluation.version },
		zod4(workflowStampSchema),
		{ errors: false }
	);
	return { ...found, form };
}) satisfies PageServerLoad;

export const actions = {
	submit: stepAction(zod4(workflowStampSchema), 'submitted', (scope, id, { version }) =>
		moveEvaluation(scope, id, version, 'submit')
	)
} satisfies Actions;
