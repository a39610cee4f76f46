import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { forgotPasswordSchema } from '$lib/schemas/auth';
import { clientInfo, linkOrigin } from '$lib/server/http/client';
import { requestPasswordReset } from '$lib/server/services/account';
import type { Actions, PageServerLoad } from './$types';

export const load = (async () => ({
	form: await superValidate(zod4(forgotPasswordSchema))
})) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(forgotPasswordSchema));
		if (!form.valid) return fail(400, { form });
		// Not awaited: the answer must take the same time whether or not the account exists.
		requestPasswordReset(form.data.email, linkOrigin(event), clientInfo(event)).catch(
			(e: unknown) => console.error(`[${event.locals.requestId}] password reset mail failed`, e)
		);
		// The same answer whether or not the address has an account.
		return message(
			form,
			`If ${form.data.email} has an Inclusio account, we have sent it a link to reset the password. The link works for 30 minutes.`
		);
	}
} satisfies Actions;
