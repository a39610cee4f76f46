import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { planHref } from '$lib/components/cpd/gaps/display';
import { versionStampSchema } from '$lib/schemas/frameworks';
import { removeItem } from '$lib/server/services/cpd-plan-changes';
import { planItemFor } from '$lib/server/services/cpd-plans';
import { FORBIDDEN } from '$lib/server/services/review-results';
import { allowed, NOT_A_PLANNER, planScope } from '../../../access.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await planScope(event);
	const found = allowed(await planItemFor(scope, event.params.itemId));
	return allowed(found.canPlan ? found : FORBIDDEN);
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await planScope(event);
		const form = await superValidate(event.request, zod4(versionStampSchema));
		if (!form.valid) return fail(400, { stale: true });
		const result = await removeItem(scope, event.params.itemId, form.data.version);
		if (result.ok) redirect(303, `${planHref(result.cycleId)}&done=removed`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, NOT_A_PLANNER);
		return fail(409, { stale: true });
	}
} satisfies Actions;
