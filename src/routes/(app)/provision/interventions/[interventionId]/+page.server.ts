import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	interventionSchema,
	type InterventionForm,
	type InterventionFormMessage
} from '$lib/schemas/provision-offer';
import {
	getIntervention,
	interventionFormValues,
	setInterventionArchived,
	updateIntervention
} from '$lib/server/services/provision-interventions';
import { allowed, provisionScope } from '../../access.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const intervention = allowed(await getIntervention(scope, event.params.interventionId));
	const form = await superValidate<InterventionForm, InterventionFormMessage>(
		{ ...interventionFormValues(intervention), version: intervention.version },
		zod4(interventionSchema),
		{ errors: false }
	);
	return { intervention, form };
}) satisfies PageServerLoad;

/** Archives the intervention or brings it back, and says which on its page. */
const archiving = (archived: boolean) => async (event: RequestEvent) => {
	const scope = await provisionScope(event);
	const result = allowed(
		await setInterventionArchived(scope, event.params.interventionId, archived)
	);
	redirect(303, `/provision/interventions/${result.id}?done=${archived ? 'archived' : 'restored'}`);
};

export const actions = {
	save: async (event) => {
		const scope = await provisionScope(event);
		const form = await superValidate<InterventionForm, InterventionFormMessage>(
			event.request,
			zod4(interventionSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = allowed(
			await updateIntervention(scope, event.params.interventionId, version, input)
		);
		if (result.ok) redirect(303, `/provision/interventions/${result.id}?done=saved`);
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	},
	archive: archiving(true),
	restore: archiving(false)
} satisfies Actions;
