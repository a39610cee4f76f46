import { fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	reopenSchema,
	type ReopenForm,
	type WorkflowMessage
} from '$lib/schemas/evaluation-workflow';
import { requireScope } from '$lib/server/auth/guards';
import { moveEvaluation } from '$lib/server/services/evaluations';
import { answer, loadForStep } from '../workflow.server';
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
	reopen: async (event) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const form = await superValidate<ReopenForm, WorkflowMessage>(
			event.request,
			zod4(reopenSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { evaluationId } = event.params;
		const { version, reason } = form.data;
		const result = await moveEvaluation(scope, evaluationId, version, 'reopen', reason);
		return answer(form, evaluationId, result, 'reopened');
	}
} satisfies Actions;
