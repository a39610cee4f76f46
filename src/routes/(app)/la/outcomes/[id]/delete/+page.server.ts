import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { versionStampSchema } from '$lib/schemas/frameworks';
import { requireLaStaff } from '$lib/server/auth/guards';
import { deleteOutcomeValue, getOutcomeValue } from '$lib/server/services/outcomes';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const entry = await getOutcomeValue(scope, event.params.id);
	if (!entry) error(404, 'Page not found');
	return { entry };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaStaff(event);
		const form = await superValidate(event.request, zod4(versionStampSchema));
		if (!form.valid) return fail(400, { stale: true });
		const result = await deleteOutcomeValue(scope, event.params.id, form.data.version);
		if (result.ok) redirect(303, '/la/outcomes?done=deleted');
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden')
			error(403, 'Your current role does not give access to this page.');
		return fail(409, { stale: true });
	}
} satisfies Actions;
