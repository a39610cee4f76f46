import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { todayInEngland } from '$lib/domain/dates';
import {
	pupilInputOf,
	pupilSchema,
	type PupilForm,
	type PupilFormMessage
} from '$lib/schemas/provision-pupils';
import { getPupil, pupilFormValues, updatePupil } from '$lib/server/services/provision-pupils';
import { pupilReviews } from '$lib/server/services/provision-reviews';
import { allowed, provisionScope } from '../../access.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const [found, reviews] = await Promise.all([
		getPupil(scope, event.params.pupilId),
		pupilReviews(scope, event.params.pupilId)
	]);
	const record = allowed(found);
	const form = await superValidate<PupilForm, PupilFormMessage>(
		{
			...pupilFormValues(record.pupil),
			version: record.pupil.version,
			effectiveOn: todayInEngland()
		},
		zod4(pupilSchema),
		{ errors: false }
	);
	return { ...record, reviews: allowed(reviews), form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await provisionScope(event);
		const form = await superValidate<PupilForm, PupilFormMessage>(event.request, zod4(pupilSchema));
		if (!form.valid) return fail(400, { form });
		const { version, effectiveOn, ...values } = form.data;
		const result = allowed(
			await updatePupil(scope, event.params.pupilId, version, {
				...pupilInputOf(values),
				effectiveOn
			})
		);
		if (result.ok) redirect(303, `/provision/pupils/${result.id}?done=saved`);
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
