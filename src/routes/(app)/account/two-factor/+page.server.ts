import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { disableTotpSchema, totpCodeSchema } from '$lib/schemas/auth';
import { requireSession } from '$lib/server/auth/guards';
import { setSessionCookie } from '$lib/server/auth/session';
import { clientInfo, isSecure } from '$lib/server/http/client';
import {
	beginTotpEnrolment,
	confirmTotpEnrolment,
	disableTotp,
	secondFactorStatus
} from '$lib/server/services/account';
import type { Actions, PageServerLoad } from './$types';

// requireSession, not requireUser: requireUser sends people who must enrol here.
export const load = (async (event) => {
	const { user } = requireSession(event);
	const [status, confirmForm, disableForm] = await Promise.all([
		secondFactorStatus(user.id),
		superValidate(zod4(totpCodeSchema), { id: 'confirm' }),
		superValidate(zod4(disableTotpSchema), { id: 'disable' })
	]);
	return { status, confirmForm, disableForm };
}) satisfies PageServerLoad;

export const actions = {
	start: async (event) => {
		const { user } = requireSession(event);
		await beginTotpEnrolment(user.id);
		redirect(303, event.url.pathname + event.url.search);
	},
	confirm: async (event) => {
		const { session } = requireSession(event);
		const form = await superValidate(event.request, zod4(totpCodeSchema), { id: 'confirm' });
		if (!form.valid) return fail(400, { confirmForm: form });
		const created = await confirmTotpEnrolment(session, form.data.code, clientInfo(event));
		if (!created) {
			form.data.code = '';
			return setError(form, 'code', 'That code is not right. Enter the code your app shows now');
		}
		setSessionCookie(
			event.cookies,
			isSecure(event),
			created.token,
			created.session.absoluteExpiresAt
		);
		redirect(303, '/account/two-factor?enabled=1');
	},
	disable: async (event) => {
		const { user } = requireSession(event);
		const form = await superValidate(event.request, zod4(disableTotpSchema), { id: 'disable' });
		const { password, code } = form.data;
		form.data.password = form.data.code = '';
		if (!form.valid) return fail(400, { disableForm: form });
		const result = await disableTotp(user.id, password, code, clientInfo(event));
		if (!result.ok) return setError(form, result.field, result.message);
		redirect(303, '/account/two-factor?disabled=1');
	}
} satisfies Actions;
