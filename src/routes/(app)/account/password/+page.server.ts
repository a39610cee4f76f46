import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { passwordProblem } from '$lib/domain/password-policy';
import { changePasswordSchema } from '$lib/schemas/auth';
import { requireSession } from '$lib/server/auth/guards';
import { setSessionCookie } from '$lib/server/auth/session';
import { clientInfo, isSecure } from '$lib/server/http/client';
import { changePassword } from '$lib/server/services/account';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireSession(event);
	return { form: await superValidate(zod4(changePasswordSchema)) };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { user, session } = requireSession(event);
		const form = await superValidate(event.request, zod4(changePasswordSchema));
		const { current, password } = form.data;
		form.data.current = form.data.password = form.data.confirm = '';
		if (!form.valid) return fail(400, { form });
		const problem = passwordProblem(password, { email: user.email });
		if (problem) return setError(form, 'password', problem);
		const result = await changePassword(session, current, password, clientInfo(event));
		if (!result.ok) return setError(form, result.field, result.message);
		setSessionCookie(
			event.cookies,
			isSecure(event),
			result.token,
			result.session.absoluteExpiresAt
		);
		redirect(303, '/account/sessions?password-changed=1');
	}
} satisfies Actions;
