import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { startSchema } from '$lib/schemas/evaluation-workflow';
import { requireScope } from '$lib/server/auth/guards';
import { settingEvaluations, startEvaluation } from '$lib/server/services/evaluations';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const found = await settingEvaluations(scope);
	if (!found) error(404, 'Page not found');
	return { ...found, settingName: scope.membership.organisationName };
}) satisfies PageServerLoad;

export const actions = {
	start: async (event) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const form = await superValidate(event.request, zod4(startSchema));
		if (!form.valid) return fail(400, { problem: 'Choose a cycle from the list.' });
		const result = await startEvaluation(scope, form.data.cycleId);
		if (result.ok) redirect(303, `/self-evaluation/${result.id}?done=started`);
		if (result.reason === 'forbidden')
			error(403, 'Only the SENCO or the headteacher can start a self-evaluation.');
		// The cycle closed, or stopped covering this type of setting, since the page was read.
		return fail(404, {
			problem: 'That cycle is no longer open to your setting, so nothing was started.'
		});
	}
} satisfies Actions;
