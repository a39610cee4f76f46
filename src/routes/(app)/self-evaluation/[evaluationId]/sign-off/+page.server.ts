import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	returnSchema,
	workflowStampSchema,
	type ReturnForm,
	type WorkflowMessage,
	type WorkflowStampForm
} from '$lib/schemas/evaluation-workflow';
import { moveEvaluation } from '$lib/server/services/evaluations';
import { loadForStep, stepAction } from '../workflow.server';
import type { Actions, PageServerLoad } from './$types';

// Two forms on one page: their ids keep each one's errors and messages to itself.
const SIGN_OFF = { id: 'sign-off' };
const RETURN = { id: 'return' };

export const load = (async (event) => {
	const found = await loadForStep(event, 'signOff');
	const { version } = found.evaluation;
	const [signOffForm, returnForm] = await Promise.all([
		superValidate<WorkflowStampForm, WorkflowMessage>({ version }, zod4(workflowStampSchema), {
			...SIGN_OFF,
			errors: false
		}),
		superValidate<ReturnForm, WorkflowMessage>({ version, comment: '' }, zod4(returnSchema), {
			...RETURN,
			errors: false
		})
	]);
	return { ...found, signOffForm, returnForm };
}) satisfies PageServerLoad;

export const actions = {
	signOff: stepAction(
		zod4(workflowStampSchema),
		'signed-off',
		(scope, id, { version }) => moveEvaluation(scope, id, version, 'signOff'),
		SIGN_OFF
	),
	return: stepAction(
		zod4(returnSchema),
		'returned',
		(scope, id, { version, comment }) => moveEvaluation(scope, id, version, 'return', comment),
		RETURN
	)
} satisfies Actions;
