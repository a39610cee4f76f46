import { error, fail, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getRole, removeRole } from '$lib/server/services/people';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const role = await getRole(scope, event.params.userId, event.params.membershipId);
	if (!role) error(404, 'Page not found');
	return { role };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const { userId, membershipId } = event.params;
		const outcome = await removeRole(scope, userId, membershipId);
		if (!outcome) error(404, 'Page not found');
		if (!outcome.ok) return fail(400, { error: outcome.message });
		redirect(303, `/la/users/${userId}?done=role-removed`);
	}
} satisfies Actions;
