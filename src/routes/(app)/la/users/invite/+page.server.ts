import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { inviteSchema } from '$lib/schemas/people';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { invitePerson } from '$lib/server/services/invitations';
import { organisationChoices } from '$lib/server/services/people';
import { linkOrigin } from '$lib/server/http/client';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const organisations = await organisationChoices(scope);
	const form = await superValidate(zod4(inviteSchema));
	// A link from an organisation's page can choose it in advance: /la/users/invite?organisation=<id>
	const chosen = event.url.searchParams.get('organisation');
	const all = [...organisations.la, ...organisations.area_board, ...organisations.setting];
	if (chosen && all.some((o) => o.id === chosen)) form.data.organisationId = chosen;
	return { form, organisations };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(inviteSchema));
		if (!form.valid) return fail(400, { form });
		const result = await invitePerson(scope, { ...form.data, origin: linkOrigin(event) });
		if (!result.ok) return setError(form, result.field, result.message);
		redirect(303, '/la/users/invitations?sent=1');
	}
} satisfies Actions;
