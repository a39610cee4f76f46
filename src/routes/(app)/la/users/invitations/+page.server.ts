import { error, redirect } from '@sveltejs/kit';
import { pageParam } from '$lib/domain/paging';
import { requireLaAdmin, requireLaStaff } from '$lib/server/auth/guards';
import {
	INVITATIONS_PAGE_SIZE,
	listInvitations,
	resendInvitation
} from '$lib/server/services/invitations';
import { linkOrigin } from '$lib/server/http/client';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const page = pageParam(event.url.searchParams);
	return {
		invitations: await listInvitations(scope, page),
		page,
		pageSize: INVITATIONS_PAGE_SIZE,
		canManage: scope.membership.role === 'admin',
		now: Date.now()
	};
}) satisfies PageServerLoad;

export const actions = {
	resend: async (event) => {
		const scope = await requireLaAdmin(event);
		const id = (await event.request.formData()).get('id');
		if (typeof id !== 'string' || !(await resendInvitation(scope, id, linkOrigin(event)))) {
			error(404, 'That invitation is not waiting any more.');
		}
		redirect(303, '/la/users/invitations?resent=1');
	}
} satisfies Actions;
