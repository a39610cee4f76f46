import { error, fail, redirect } from '@sveltejs/kit';
import { requireLaAdmin, requireLaStaff } from '$lib/server/auth/guards';
import { getPerson, reactivatePerson } from '$lib/server/services/people';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const person = await getPerson(scope, event.params.userId);
	if (!person) error(404, 'Page not found');
	return {
		person,
		laName: scope.membership.tenantName,
		canManage: scope.membership.role === 'admin',
		isSelf: person.id === scope.userId
	};
}) satisfies PageServerLoad;

export const actions = {
	reactivate: async (event) => {
		const scope = await requireLaAdmin(event);
		const outcome = await reactivatePerson(scope, event.params.userId);
		if (!outcome) error(404, 'Page not found');
		if (!outcome.ok) return fail(400, { error: outcome.message });
		redirect(303, `/la/users/${event.params.userId}?done=reactivated`);
	}
} satisfies Actions;
