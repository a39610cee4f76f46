import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { planHref } from '$lib/components/cpd/gaps/display';
import {
	NEW_PLAN_ITEM,
	OTHER_OFFER,
	offerField,
	planItemInput,
	planItemSchema,
	type PlanItemForm,
	type PlanItemValues
} from '$lib/schemas/cpd-plan';
import { addItem } from '$lib/server/services/cpd-plan-changes';
import { newItemForm } from '$lib/server/services/cpd-plans';
import { allowed, NOT_A_PLANNER, planScope } from '../../access.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The cycle and criterion the form is for, from the query string it keeps. */
const wanted = (event: RequestEvent) => ({
	cycleId: event.url.searchParams.get('cycle') ?? '',
	criterionId: event.url.searchParams.get('criterion') ?? ''
});

export const load = (async (event) => {
	const scope = await planScope(event);
	const { cycleId, criterionId } = wanted(event);
	const found = allowed(await newItemForm(scope, cycleId, criterionId));
	// A link from the gap report names the offer to start with.
	const asked = event.url.searchParams.get('offer') ?? '';
	const suggested = found.suggestions.some((o) => o.id === asked);
	const other = found.others.some((o) => o.id === asked);
	const form = await superValidate<PlanItemForm, { conflict?: PlanItemValues }>(
		{
			...NEW_PLAN_ITEM,
			choice: suggested ? asked : other ? OTHER_OFFER : '',
			otherOfferId: other ? asked : ''
		},
		zod4(planItemSchema),
		{ errors: false }
	);
	return { ...found, form };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await planScope(event);
		const { cycleId, criterionId } = wanted(event);
		const form = await superValidate<PlanItemForm, { conflict?: PlanItemValues }>(
			event.request,
			zod4(planItemSchema)
		);
		if (!form.valid) return fail(400, { form });
		const result = await addItem(scope, cycleId, criterionId, planItemInput(form.data));
		if (result.ok) redirect(303, `${planHref(cycleId)}&done=added#item-${result.id}`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, NOT_A_PLANNER);
		if (result.field === 'offerId') return setError(form, offerField(form.data), result.message);
		return setError(form, '', result.message);
	}
} satisfies Actions;
