import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	sharingSchema,
	type SharingForm,
	type WorkflowMessage
} from '$lib/schemas/evaluation-workflow';
import { setSharing } from '$lib/server/services/evaluations';
import { loadForStep, stepAction } from '../workflow.server';
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
	share: stepAction(zod4(sharingSchema), 'sharing', (scope, id, { version, sharing }) =>
		setSharing(scope, id, version, sharing)
	)
} satisfies Actions;
