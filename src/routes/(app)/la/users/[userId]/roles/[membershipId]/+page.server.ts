import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { changeRoleSchema } from '$lib/schemas/people';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { changeRole, getRole } from '$lib/server/services/people';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const { userId, membershipId } = event.params;
	const role = await getRole(scope, userId, membershipId);
	if (!role) error(404, 'Page not found');
	return { role, form: await superValidate({ role: role.role }, zod4(changeRoleSchema)) };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const { userId, membershipId } = event.params;
		const form = await superValidate(event.request, zod4(changeRoleSchema));
		if (!form.valid) return fail(400, { form });
		const outcome = await changeRole(scope, userId, membershipId, form.data.role);
		if (!outcome) error(404, 'Page not found');
		if (!outcome.ok) return setError(form, 'role', outcome.message);
		redirect(303, `/la/users/${userId}?done=role-changed`);
	}
} satisfies Actions;
