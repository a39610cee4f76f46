import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { isSecure } from '$lib/server/http/client';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST (from the header's button); a GET just goes home.
export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		if (event.locals.session) await invalidateSession(event.locals.session.id);
		deleteSessionCookie(event.cookies, isSecure(event));
		redirect(303, '/sign-in?signed-out=1');
	}
} satisfies Actions;
