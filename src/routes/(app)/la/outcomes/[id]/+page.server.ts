import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	OUTCOME_FIGURE_SCHEMAS,
	type OutcomeFigureForm,
	type OutcomeFigureMessage
} from '$lib/schemas/outcomes';
import { requireLaStaff } from '$lib/server/auth/guards';
import {
	changeOutcomeValue,
	getOutcomeValue,
	outcomeFigureValues
} from '$lib/server/services/outcomes';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const entry = await getOutcomeValue(scope, event.params.id);
	if (!entry) error(404, 'Page not found');
	const form = await superValidate<OutcomeFigureForm, OutcomeFigureMessage>(
		{ ...outcomeFigureValues(entry), version: entry.version },
		zod4(OUTCOME_FIGURE_SCHEMAS[entry.indicator.unit]),
		{ errors: false }
	);
	return { entry, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaStaff(event);
		// The figure is read for its indicator's unit, so the indicator is looked up first.
		const entry = await getOutcomeValue(scope, event.params.id);
		if (!entry) error(404, 'Page not found');
		const form = await superValidate<OutcomeFigureForm, OutcomeFigureMessage>(
			event.request,
			zod4(OUTCOME_FIGURE_SCHEMAS[entry.indicator.unit])
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = await changeOutcomeValue(scope, entry.id, version, input);
		if (result.ok) redirect(303, `/la/outcomes?done=saved#${entry.indicator.key}`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden')
			error(403, 'Your current role does not give access to this page.');
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
