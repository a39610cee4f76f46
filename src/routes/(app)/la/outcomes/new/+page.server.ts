import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { todayInEngland } from '$lib/domain/dates';
import { isOutcomeIndicatorKey, outcomePeriods } from '$lib/domain/outcomes';
import { outcomeEntrySchema } from '$lib/schemas/outcomes';
import { requireLaStaff } from '$lib/server/auth/guards';
import { addOutcomeValue } from '$lib/server/services/outcomes';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	await requireLaStaff(event);
	const periods = outcomePeriods(todayInEngland()).map((p) => p.label);
	// A link from an empty cell of the outcomes page names the indicator and year to fill in.
	const asked = event.url.searchParams;
	const indicator = asked.get('indicator') ?? '';
	const period = asked.get('period') ?? '';
	const form = await superValidate(
		{
			indicator: isOutcomeIndicatorKey(indicator) ? indicator : '',
			period: periods.includes(period) ? period : '',
			value: '',
			source: ''
		},
		zod4(outcomeEntrySchema),
		{ errors: false }
	);
	return { form, periods };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaStaff(event);
		const form = await superValidate(event.request, zod4(outcomeEntrySchema));
		if (!form.valid) return fail(400, { form });
		const result = await addOutcomeValue(scope, form.data);
		if (result.ok) redirect(303, `/la/outcomes?done=added#${form.data.indicator}`);
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		error(403, 'Your current role does not give access to this page.');
	}
} satisfies Actions;
