import { fail, redirect } from '@sveltejs/kit';
import {
	activeMembership,
	memberships,
	requireSession,
	requireUser
} from '$lib/server/auth/guards';
import { updateSession } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	await requireUser(event);
	const [all, active] = await Promise.all([memberships(event), activeMembership(event)]);
	return {
		activeId: active?.id ?? null,
		roles: all.map((m) => ({
			id: m.id,
			role: m.role,
			organisationName: m.organisationName,
			tenantName: m.tenantName
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { session } = requireSession(event);
		const id = (await event.request.formData()).get('membership');
		// Only a membership this user holds right now: never one named by the form alone.
		const chosen = (await memberships(event)).find((m) => m.id === id);
		if (!chosen) return fail(400, { error: 'Choose one of your roles.' });
		await updateSession(session.id, {
			activeTenantId: chosen.tenantId,
			activeMembershipId: chosen.id
		});
		redirect(303, '/home');
	}
} satisfies Actions;
