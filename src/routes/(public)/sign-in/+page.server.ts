import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { signInSchema } from '$lib/schemas/auth';
import { invalidateSession, setSessionCookie } from '$lib/server/auth/session';
import { minutesText } from '$lib/domain/format';
import { clientInfo, isSecure, safeNext } from '$lib/server/http/client';
import { signIn } from '$lib/server/services/authentication';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	if (locals.user && locals.session) {
		const pending = locals.user.totpEnabled && !locals.session.secondFactorVerified;
		redirect(303, pending ? '/sign-in/two-factor' : safeNext(url.searchParams.get('next')));
	}
	return { form: await superValidate(zod4(signInSchema)) };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const form = await superValidate(event.request, zod4(signInSchema));
		const { email, password } = form.data;
		// A password is never sent back to the browser.
		form.data.password = '';
		if (!form.valid) return fail(400, { form });

		const result = await signIn(email, password, clientInfo(event));
		if (!result.ok) {
			const text =
				result.reason === 'throttled'
					? `Too many attempts to sign in. Wait ${minutesText(result.retryAfterSeconds)} and try again.`
					: result.reason === 'deactivated'
						? 'Your account has been deactivated. Contact your local authority if you think this is wrong.'
						: 'Incorrect email address or password.';
			return message(form, text, { status: result.reason === 'throttled' ? 429 : 400 });
		}
		// Signing in again over a live session replaces it rather than leaving it behind.
		if (event.locals.session) await invalidateSession(event.locals.session.id);
		setSessionCookie(
			event.cookies,
			isSecure(event),
			result.token,
			result.session.absoluteExpiresAt
		);
		const next = safeNext(event.url.searchParams.get('next'));
		redirect(303, result.needsCode ? `/sign-in/two-factor?next=${encodeURIComponent(next)}` : next);
	}
} satisfies Actions;
