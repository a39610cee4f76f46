import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { newTenantSchema } from '$lib/schemas/platform';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { clientInfo, linkOrigin } from '$lib/server/http/client';
import { createTenantWithAdmin } from '$lib/server/services/platform';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	await requirePlatformAdmin(event);
	return { form: await superValidate(zod4(newTenantSchema)) };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const user = await requirePlatformAdmin(event);
		const form = await superValidate(event.request, zod4(newTenantSchema));
		if (!form.valid) return fail(400, { form });
		const result = await createTenantWithAdmin(
			{ userId: user.id, email: user.email, ...clientInfo(event) },
			{ ...form.data, origin: linkOrigin(event) }
		);
		if (!result.ok) return setError(form, result.field, result.message);
		redirect(303, '/platform?created=1');
	}
} satisfies Actions;
