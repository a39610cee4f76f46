import { fail, redirect } from '@sveltejs/kit';
import { setError } from 'sveltekit-superforms';
import { todayInEngland } from '$lib/domain/dates';
import { termsToOffer } from '$lib/domain/provision-terms';
import { READ_ONLY } from '$lib/server/services/provision-access';
import { createRecord, newRecordChoices } from '$lib/server/services/provision-records';
import { allowed, provisionScope } from '../../access.server';
import { postedRecord, recordForm } from '../record-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { access } = await event.parent();
	allowed(access.canEdit ? access : READ_ONLY);
	const choices = allowed(await newRecordChoices(await provisionScope(event)));
	// "?pupil=…" and "?intervention=…" start the form on them, when they are on offer.
	const chosen = (name: string, options: { value: string }[]) => {
		const id = event.url.searchParams.get(name) ?? '';
		return options.some((o) => o.value === id) ? id : '';
	};
	const form = await recordForm({
		version: 0,
		pupilId: chosen('pupil', choices.pupils),
		interventionId: chosen('intervention', choices.interventions),
		term: '',
		startDate: '',
		endDate: '',
		weeks: '',
		entryMeasure: '',
		exitMeasure: '',
		outcome: '',
		notes: ''
	});
	return { ...choices, form, terms: termsToOffer(todayInEngland()) };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await provisionScope(event);
		const form = await postedRecord(event);
		if (!form.valid) return fail(400, { form });
		const result = allowed(await createRecord(scope, form.data));
		if (result.ok) redirect(303, `/provision/records/${result.id}?done=added`);
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		// A new record has nothing to conflict with.
		return fail(409, { form });
	}
} satisfies Actions;
