import { error, fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { planHref } from '$lib/components/cpd/gaps/display';
import { budgetSchema, type BudgetForm, type BudgetInput } from '$lib/schemas/cpd-plan';
import { setBudget } from '$lib/server/services/cpd-plan-changes';
import { budgetValues, cpdPlanFor } from '$lib/server/services/cpd-plans';
import { planScope } from './access.server';
import type { Actions, PageServerLoad } from './$types';

type BudgetMessage = { conflict?: BudgetInput };

export const load = (async (event) => {
	const scope = await planScope(event);
	const plan = await cpdPlanFor(scope, event.url.searchParams.get('cycle') || null);
	if (!plan) error(404, 'Page not found');
	const budgetForm = await superValidate<BudgetForm, BudgetMessage>(
		{ ...budgetValues(plan), version: plan.version },
		zod4(budgetSchema),
		{ errors: false }
	);
	return { ...plan, budgetForm };
}) satisfies PageServerLoad;

export const actions = {
	budget: async (event) => {
		const scope = await planScope(event);
		const cycleId = event.url.searchParams.get('cycle') ?? '';
		const form = await superValidate<BudgetForm, BudgetMessage>(event.request, zod4(budgetSchema));
		if (!form.valid) return fail(400, { form });
		const result = await setBudget(scope, cycleId, form.data);
		if (result.ok) redirect(303, `${planHref(cycleId)}&done=budget`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, 'Only the headteacher can set the budget.');
		// Saving again now applies these values over the newer ones, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
