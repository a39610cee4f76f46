import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { roundFormSchema } from '$lib/schemas/review-rounds';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { createRound, roundFormOptions } from '$lib/server/services/review-rounds';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const [{ cycles }, form] = await Promise.all([
		roundFormOptions(scope),
		superValidate(
			{
				groupShape: 'triads',
				clusterSize: 4,
				reviewersPerReview: 2,
				noReciprocal: true,
				version: 0
			},
			zod4(roundFormSchema),
			{ errors: false }
		)
	]);
	return { cycles, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(roundFormSchema));
		if (!form.valid) return fail(400, { form });
		const result = await createRound(scope, form.data);
		if (result.ok) redirect(303, `/la/peer-reviews/${result.id}?done=created`);
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		if (result.reason === 'forbidden') error(403, 'Only LA admins can start a round.');
		error(404, 'Page not found');
	}
} satisfies Actions;
