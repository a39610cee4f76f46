import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { securitySchema } from '$lib/schemas/security';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getSecurity, setAdminMfa } from '$lib/server/services/security';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const security = await getSecurity(scope);
	return {
		tenantName: security.name,
		hasAuthenticator: event.locals.user?.totpEnabled ?? false,
		form: await superValidate({ requireAdminMfa: security.requireAdminMfa }, zod4(securitySchema))
	};
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(securitySchema));
		if (!form.valid) return fail(400, { form });
		const required = form.data.requireAdminMfa;
		if (!(await setAdminMfa(scope, required))) return message(form, 'Nothing has changed.');
		return message(
			form,
			required
				? 'LA admins now need an authenticator app to sign in.'
				: 'LA admins no longer need an authenticator app to sign in.'
		);
	}
} satisfies Actions;
