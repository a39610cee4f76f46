import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { planHref } from '$lib/components/cpd/gaps/display';
import { impactSchema, type ImpactForm } from '$lib/schemas/cpd-plan';
import { reviewImpact } from '$lib/server/services/cpd-plan-changes';
import { planItemFor } from '$lib/server/services/cpd-plans';
import { FORBIDDEN } from '$lib/server/services/review-results';
import { allowed, NOT_A_PLANNER, planScope } from '../../../access.server';
import type { Actions, PageServerLoad } from './$types';

type ImpactMessage = { conflict?: { impact: string } };

export const load = (async (event) => {
	const scope = await planScope(event);
	const found = allowed(await planItemFor(scope, event.params.itemId));
	allowed(found.canPlan ? found : FORBIDDEN);
	const form = await superValidate<ImpactForm, ImpactMessage>(
		{ impact: found.item.impact, version: found.item.version },
		zod4(impactSchema),
		{ errors: false }
	);
	return { ...found, form };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await planScope(event);
		const form = await superValidate<ImpactForm, ImpactMessage>(event.request, zod4(impactSchema));
		if (!form.valid) return fail(400, { form });
		const result = await reviewImpact(scope, event.params.itemId, form.data);
		if (result.ok) redirect(303, `${planHref(result.cycleId)}&done=impact#item-${result.id}`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, NOT_A_PLANNER);
		if (result.reason === 'not-done')
			return setError(
				form,
				'',
				'The activity is no longer marked as done, so its impact cannot be recorded yet. Nothing was saved.'
			);
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
