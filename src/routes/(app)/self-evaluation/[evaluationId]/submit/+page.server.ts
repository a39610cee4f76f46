import { fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	workflowStampSchema,
	type WorkflowMessage,
	type WorkflowStampForm
} from '$lib/schemas/evaluation-workflow';
import { requireScope } from '$lib/server/auth/guards';
import { moveEvaluation } from '$lib/server/services/evaluations';
import { answer, loadForStep } from '../workflow.server';
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
	submit: async (event) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const form = await superValidate<WorkflowStampForm, WorkflowMessage>(
			event.request,
			zod4(workflowStampSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { evaluationId } = event.params;
		const result = await moveEvaluation(scope, evaluationId, form.data.version, 'submit');
		return answer(form, evaluationId, result, 'submitted');
	}
} satisfies Actions;
