import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { ownConflictSchema } from '$lib/schemas/review-rounds';
import { requireScope } from '$lib/server/auth/guards';
import { declareOwnConflict, ownConflicts } from '$lib/server/services/conflicts-of-interest';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event);
	const [mine, form] = await Promise.all([
		ownConflicts(scope),
		superValidate(zod4(ownConflictSchema))
	]);
	return { ...mine, form };
}) satisfies PageServerLoad;

export const actions = {
	declare: async (event) => {
		const scope = await requireScope(event);
		const form = await superValidate(event.request, zod4(ownConflictSchema));
		if (!form.valid) return fail(400, { form });
		const result = await declareOwnConflict(scope, form.data);
		if (result.ok) redirect(303, '/peer-reviews/conflicts?done=declared');
		if (result.reason === 'forbidden') error(403, 'You cannot declare conflicts here.');
		return setError(form, 'settingId', result.message);
	}
} satisfies Actions;
