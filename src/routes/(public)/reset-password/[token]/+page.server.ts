import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { resetPasswordSchema } from '$lib/schemas/auth';
import { clientInfo } from '$lib/server/http/client';
import { resetPassword, resetTokenIsUsable } from '$lib/server/services/account';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ params }) => ({
	usable: await resetTokenIsUsable(params.token),
	form: await superValidate(zod4(resetPasswordSchema))
})) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(resetPasswordSchema));
		const password = form.data.password;
		form.data.password = form.data.confirm = '';
		if (!form.valid) return fail(400, { form });
		const result = await resetPassword(event.params.token, password, clientInfo(event));
		if (!result.ok && result.reason === 'password')
			return setError(form, 'password', result.message);
		if (!result.ok) {
			return message(form, 'This link has expired or has already been used. Ask for a new one.', {
				status: 400
			});
		}
		redirect(303, '/sign-in?reset=1');
	}
} satisfies Actions;
