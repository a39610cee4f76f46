import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { todayInEngland } from '$lib/domain/dates';
import {
	pupilInputOf,
	pupilSchema,
	type PupilForm,
	type PupilFormMessage
} from '$lib/schemas/provision-pupils';
import { addPupil, newPupilContext } from '$lib/server/services/provision-pupils';
import { allowed, provisionScope } from '../../access.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const { settingType } = allowed(await newPupilContext(scope));
	const form = await superValidate<PupilForm, PupilFormMessage>(
		{ addedOn: todayInEngland(), version: 0 },
		zod4(pupilSchema),
		{ errors: false }
	);
	return { form, settingType };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await provisionScope(event);
		const form = await superValidate<PupilForm, PupilFormMessage>(event.request, zod4(pupilSchema));
		if (!form.valid) return fail(400, { form });
		const result = allowed(await addPupil(scope, pupilInputOf(form.data)));
		if (result.ok) redirect(303, `/provision/pupils/${result.id}?done=added`);
		return setError(form, result.field, result.message);
	}
} satisfies Actions;
