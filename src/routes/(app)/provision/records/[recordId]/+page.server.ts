import { fail, redirect } from '@sveltejs/kit';
import { message, setError } from 'sveltekit-superforms';
import { todayInEngland } from '$lib/domain/dates';
import { termsToOffer } from '$lib/domain/provision-terms';
import { getRecord, recordFormValues, updateRecord } from '$lib/server/services/provision-records';
import { allowed, provisionScope } from '../../access.server';
import { postedRecord, recordForm } from '../record-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const found = allowed(await getRecord(scope, event.params.recordId));
	const form = await recordForm({
		...recordFormValues(found.record),
		version: found.record.version,
		term: ''
	});
	return { ...found, form, terms: termsToOffer(todayInEngland()) };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await provisionScope(event);
		const form = await postedRecord(event);
		if (!form.valid) return fail(400, { form });
		const result = allowed(
			await updateRecord(scope, event.params.recordId, form.data.version, form.data)
		);
		if (result.ok) redirect(303, `/provision/records/${result.id}?done=saved`);
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
