import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { planHref } from '$lib/components/cpd/gaps/display';
import {
	offerField,
	planItemInput,
	planItemSchema,
	type PlanItemForm,
	type PlanItemValues
} from '$lib/schemas/cpd-plan';
import { changeItem } from '$lib/server/services/cpd-plan-changes';
import { planItemFor } from '$lib/server/services/cpd-plans';
import { FORBIDDEN } from '$lib/server/services/review-results';
import { allowed, NOT_A_PLANNER, planScope } from '../../access.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await planScope(event);
	const found = allowed(await planItemFor(scope, event.params.itemId));
	allowed(found.canPlan ? found : FORBIDDEN);
	const form = await superValidate<PlanItemForm, { conflict?: PlanItemValues }>(
		{ ...found.values, version: found.item.version },
		zod4(planItemSchema),
		{ errors: false }
	);
	return { ...found, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await planScope(event);
		const form = await superValidate<PlanItemForm, { conflict?: PlanItemValues }>(
			event.request,
			zod4(planItemSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...values } = form.data;
		const result = await changeItem(scope, event.params.itemId, version, planItemInput(values));
		if (result.ok) redirect(303, `${planHref(result.cycleId)}&done=saved#item-${result.id}`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, NOT_A_PLANNER);
		if (result.reason === 'invalid') return setError(form, offerField(values), result.message);
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
