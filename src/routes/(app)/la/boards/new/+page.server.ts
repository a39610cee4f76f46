import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { boardErrorPath, boardFormSchema } from '$lib/schemas/boards';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { createBoard } from '$lib/server/services/boards';
import { structureOptions } from '$lib/server/services/structure';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const [options, form] = await Promise.all([
		structureOptions(scope),
		superValidate(zod4(boardFormSchema))
	]);
	return { districts: options.district, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(boardFormSchema));
		if (!form.valid) return fail(400, { form });
		const result = await createBoard(scope, form.data);
		if (result.ok) redirect(303, `/la/boards/${result.id}?done=created`);
		if (result.reason === 'invalid')
			return setError(form, boardErrorPath(result.field), result.message);
		error(404, 'Page not found');
	}
} satisfies Actions;
