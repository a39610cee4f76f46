import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { cycleFormSchema, type CycleForm, type CycleFormMessage } from '$lib/schemas/cycles';
import { requireLaAdmin, requireLaStaff } from '$lib/server/auth/guards';
import {
	cycleFormOptions,
	cycleFormValues,
	getCycle,
	updateCycle
} from '$lib/server/services/cycles';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const cycle = await getCycle(scope, event.params.id);
	if (!cycle) error(404, 'Page not found');
	const [options, form] = await Promise.all([
		cycleFormOptions(scope, cycle.id),
		superValidate<CycleForm, CycleFormMessage>(
			{ ...cycleFormValues(cycle), version: cycle.version },
			zod4(cycleFormSchema),
			{ errors: false }
		)
	]);
	return { cycle, options, form, canEdit: scope.membership.role === 'admin' };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate<CycleForm, CycleFormMessage>(
			event.request,
			zod4(cycleFormSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = await updateCycle(scope, event.params.id, version, input);
		if (result.ok) redirect(303, `/la/cycles/${result.id}?done=saved`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
