import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { addRoleSchema } from '$lib/schemas/people';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { addRole, getPerson, organisationChoices } from '$lib/server/services/people';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const [person, organisations] = await Promise.all([
		getPerson(scope, event.params.userId),
		organisationChoices(scope)
	]);
	if (!person) error(404, 'Page not found');
	const held = new Set(person.roles.map((r) => r.organisationId));
	const notHeld = <T extends { id: string }>(list: T[]) => list.filter((o) => !held.has(o.id));
	return {
		person: { id: person.id, name: person.name },
		organisations: {
			la: notHeld(organisations.la),
			area_board: notHeld(organisations.area_board),
			setting: notHeld(organisations.setting)
		},
		form: await superValidate(zod4(addRoleSchema))
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(addRoleSchema));
		if (!form.valid) return fail(400, { form });
		const outcome = await addRole(scope, event.params.userId, form.data);
		if (!outcome) error(404, 'Page not found');
		if (!outcome.ok) {
			return setError(form, outcome.field === 'role' ? 'role' : 'organisationId', outcome.message);
		}
		redirect(303, `/la/users/${event.params.userId}?done=role-added`);
	}
} satisfies Actions;
