import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	interventionSchema,
	type InterventionForm,
	type InterventionFormMessage
} from '$lib/schemas/provision-offer';
import { READ_ONLY } from '$lib/server/services/provision-access';
import { createIntervention } from '$lib/server/services/provision-interventions';
import { allowed, provisionScope } from '../../access.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ parent }) => {
	const { access } = await parent();
	allowed(access.canEdit ? access : READ_ONLY);
	const form = await superValidate<InterventionForm, InterventionFormMessage>(
		{
			version: 0,
			name: '',
			areaOfNeed: '',
			tier: '',
			groupSize: '',
			sessionsPerWeek: '',
			minutesPerSession: '',
			staffRole: '',
			hourlyCost: '',
			outcomeMeasure: ''
		},
		zod4(interventionSchema),
		{ errors: false }
	);
	return { form };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await provisionScope(event);
		const form = await superValidate<InterventionForm, InterventionFormMessage>(
			event.request,
			zod4(interventionSchema)
		);
		if (!form.valid) return fail(400, { form });
		const result = allowed(await createIntervention(scope, form.data));
		if (result.ok) redirect(303, `/provision/interventions/${result.id}?done=added`);
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		// A new intervention has nothing to conflict with.
		return fail(409, { form });
	}
} satisfies Actions;
