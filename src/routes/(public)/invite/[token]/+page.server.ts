import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { passwordProblem } from '$lib/domain/password-policy';
import { acceptInvitationSchema } from '$lib/schemas/auth';
import { setSessionCookie } from '$lib/server/auth/session';
import { clientInfo, isSecure } from '$lib/server/http/client';
import {
	acceptAsMember,
	acceptAsNewUser,
	lookupInvitation
} from '$lib/server/services/invitations';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in user, counting only someone past any second factor they have set up. */
function signedIn(event: RequestEvent) {
	const { user, session } = event.locals;
	if (!user || !session || (user.totpEnabled && !session.secondFactorVerified)) return null;
	return { user, session };
}

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export const load = (async (event) => {
	const invitation = await lookupInvitation(event.params.token);
	if (!invitation) return { step: 'unknown' as const };
	const { state, hasAccount, ...shown } = invitation;
	if (state !== 'pending') return { step: state, invitation: shown };
	const current = signedIn(event);
	if (current) {
		const step = sameEmail(current.user.email, invitation.email) ? 'accept' : 'other-account';
		return { step, invitation: shown, signedInAs: current.user.email };
	}
	if (hasAccount) return { step: 'sign-in' as const, invitation: shown };
	const form = await superValidate({ name: invitation.name }, zod4(acceptInvitationSchema), {
		errors: false
	});
	return { step: 'create' as const, invitation: shown, form };
}) satisfies PageServerLoad;

const here = (event: RequestEvent) => event.url.pathname;

export const actions = {
	create: async (event) => {
		const { token } = event.params;
		const form = await superValidate(event.request, zod4(acceptInvitationSchema));
		// Passwords are never sent back to the browser.
		const { password } = form.data;
		form.data.password = '';
		form.data.confirm = '';
		const invitation = await lookupInvitation(token);
		if (!invitation || invitation.state !== 'pending' || signedIn(event))
			redirect(303, here(event));
		if (!form.valid) return fail(400, { form });
		const problem = passwordProblem(password, { email: invitation.email });
		if (problem) return setError(form, 'password', problem);

		const result = await acceptAsNewUser(
			token,
			{ name: form.data.name, password },
			clientInfo(event)
		);
		// Used, expired or an account made meanwhile: the page explains what to do now.
		if (!result.ok) redirect(303, here(event));
		setSessionCookie(
			event.cookies,
			isSecure(event),
			result.token,
			result.session.absoluteExpiresAt
		);
		redirect(303, '/home');
	},
	accept: async (event) => {
		const current = signedIn(event);
		if (!current) redirect(303, `/sign-in?next=${encodeURIComponent(here(event))}`);
		const result = await acceptAsMember(
			event.params.token,
			current.user,
			current.session.id,
			clientInfo(event)
		);
		if (result.ok) redirect(303, '/home');
		if (result.reason === 'deactivated') {
			return fail(400, {
				error:
					'Your account has been deactivated by this local authority. Contact them if you think this is wrong.'
			});
		}
		redirect(303, here(event));
	}
} satisfies Actions;
