import { error, fail, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { deactivatePerson, getPerson } from '$lib/server/services/people';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const person = await getPerson(scope, event.params.userId);
	if (!person) error(404, 'Page not found');
	if (person.deactivatedAt) redirect(303, `/la/users/${person.id}`);
	return { person, laName: scope.membership.tenantName, isSelf: person.id === scope.userId };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const outcome = await deactivatePerson(scope, event.params.userId);
		if (!outcome) error(404, 'Page not found');
		if (!outcome.ok) return fail(400, { error: outcome.message });
		redirect(303, `/la/users/${event.params.userId}?done=deactivated`);
	}
} satisfies Actions;
