import { error, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getOpenInvitation, revokeInvitation } from '$lib/server/services/invitations';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const invitation = await getOpenInvitation(scope, event.params.invitationId);
	if (!invitation) error(404, 'Page not found');
	return { invitation };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		if (!(await revokeInvitation(scope, event.params.invitationId))) error(404, 'Page not found');
		redirect(303, '/la/users/invitations?revoked=1');
	}
} satisfies Actions;
