import { fail, redirect } from '@sveltejs/kit';
import { requireSession } from '$lib/server/auth/guards';
import {
	invalidateSession,
	invalidateUserSessions,
	listUserSessions
} from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, session } = requireSession(event);
	const sessions = await listUserSessions(user.id);
	return {
		sessions: sessions.map((s) => ({
			// The stored id is a hash of the cookie token: safe to use as a form value.
			id: s.id,
			current: s.id === session.id,
			userAgent: s.userAgent,
			ipAddress: s.ipAddress,
			createdAt: s.createdAt,
			lastSeenAt: s.lastSeenAt
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	end: async (event) => {
		const { user, session } = requireSession(event);
		const id = (await event.request.formData()).get('id');
		if (typeof id !== 'string' || id === session.id)
			return fail(400, { error: 'Choose a session to end.' });
		await invalidateSession(id, user.id);
		redirect(303, '/account/sessions?ended=1');
	},
	endOthers: async (event) => {
		const { user, session } = requireSession(event);
		await invalidateUserSessions(user.id, session.id);
		redirect(303, '/account/sessions?ended=all');
	}
} satisfies Actions;
