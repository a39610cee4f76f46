import { fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	sharingSchema,
	type SharingForm,
	type WorkflowMessage
} from '$lib/schemas/evaluation-workflow';
import { requireScope } from '$lib/server/auth/guards';
import { setSharing } from '$lib/server/services/evaluations';
import { answer, loadForStep } from '../workflow.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const found = await loadForStep(event, 'signOff');
	const { version, sharing } = found.evaluation;
	const form = await superValidate<SharingForm, WorkflowMessage>(
		{ version, sharing },
		zod4(sharingSchema),
		{ errors: false }
	);
	return { ...found, form };
}) satisfies PageServerLoad;

export const actions = {
	share: async (event) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const form = await superValidate<SharingForm, WorkflowMessage>(
			event.request,
			zod4(sharingSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { evaluationId } = event.params;
		const { version, sharing } = form.data;
		const result = await setSharing(scope, evaluationId, version, sharing);
		return answer(form, evaluationId, result, 'sharing');
	}
} satisfies Actions;
