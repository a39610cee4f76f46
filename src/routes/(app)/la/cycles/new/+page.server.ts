import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { cycleFormSchema } from '$lib/schemas/cycles';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { createCycle, cycleFormOptions } from '$lib/server/services/cycles';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const [options, form] = await Promise.all([
		cycleFormOptions(scope),
		superValidate(zod4(cycleFormSchema))
	]);
	return { options, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(cycleFormSchema));
		if (!form.valid) return fail(400, { form });
		const result = await createCycle(scope, form.data);
		if (result.ok) redirect(303, `/la/cycles/${result.id}?done=created`);
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		// Starting a cycle cannot meet a missing record or someone else's save.
		error(500, 'The cycle could not be started');
	}
} satisfies Actions;
