import { fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	returnSchema,
	workflowStampSchema,
	type ReturnForm,
	type WorkflowMessage,
	type WorkflowStampForm
} from '$lib/schemas/evaluation-workflow';
import { requireScope } from '$lib/server/auth/guards';
import { moveEvaluation } from '$lib/server/services/evaluations';
import { answer, loadForStep } from '../workflow.server';
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
	signOff: async (event) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const form = await superValidate<WorkflowStampForm, WorkflowMessage>(
			event.request,
			zod4(workflowStampSchema),
			SIGN_OFF
		);
		if (!form.valid) return fail(400, { form });
		const { evaluationId } = event.params;
		const result = await moveEvaluation(scope, evaluationId, form.data.version, 'signOff');
		return answer(form, evaluationId, result, 'signed-off');
	},
	return: async (event) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const form = await superValidate<ReturnForm, WorkflowMessage>(
			event.request,
			zod4(returnSchema),
			RETURN
		);
		if (!form.valid) return fail(400, { form });
		const { evaluationId } = event.params;
		const { version, comment } = form.data;
		const result = await moveEvaluation(scope, evaluationId, version, 'return', comment);
		return answer(form, evaluationId, result, 'returned');
	}
} satisfies Actions;
