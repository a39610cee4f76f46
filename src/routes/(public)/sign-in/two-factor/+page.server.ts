import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { totpCodeSchema } from '$lib/schemas/auth';
import { setSessionCookie } from '$lib/server/auth/session';
import { minutesText } from '$lib/domain/format';
import { clientInfo, isSecure, safeNext } from '$lib/server/http/client';
import { completeSecondFactor } from '$lib/server/services/authentication';
import type { Actions, PageServerLoad } from './$types';

// Only a session that has passed the password step and owes a code belongs here.
const pendingSession = (locals: App.Locals) => {
	const { user, session } = locals;
	if (!user || !session) redirect(303, '/sign-in');
	if (!user.totpEnabled || session.secondFactorVerified) redirect(303, '/home');
	return session;
};

export const load = (async ({ locals }) => {
	pendingSession(locals);
	return { form: await superValidate(zod4(totpCodeSchema)) };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const session = pendingSession(event.locals);
		const form = await superValidate(event.request, zod4(totpCodeSchema));
		if (!form.valid) return fail(400, { form });
		const result = await completeSecondFactor(session, form.data.code, clientInfo(event));
		if (!result.ok) {
			form.data.code = '';
			return message(
				form,
				result.reason === 'throttled'
					? `Too many attempts. Wait ${minutesText(result.retryAfterSeconds)} and try again.`
					: 'That code is not right. Enter the current 6-digit code from your authenticator app.',
				{ status: result.reason === 'throttled' ? 429 : 400 }
			);
		}
		setSessionCookie(
			event.cookies,
			isSecure(event),
			result.token,
			result.session.absoluteExpiresAt
		);
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
} satisfies Actions;
