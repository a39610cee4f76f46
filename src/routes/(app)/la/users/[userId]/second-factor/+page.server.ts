import { error, fail, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getPerson, resetSecondFactor } from '$lib/server/services/people';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const person = await getPerson(scope, event.params.userId);
	if (!person) error(404, 'Page not found');
	if (!person.totpEnabledAt || person.id === scope.userId) redirect(303, `/la/users/${person.id}`);
	return { person };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const outcome = await resetSecondFactor(scope, event.params.userId);
		if (!outcome) error(404, 'Page not found');
		if (!outcome.ok) return fail(400, { error: outcome.message });
		redirect(303, `/la/users/${event.params.userId}?done=second-factor-reset`);
	}
} satisfies Actions;
