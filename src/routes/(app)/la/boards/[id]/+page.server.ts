import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	boardErrorPath,
	boardFormSchema,
	type BoardForm,
	type BoardFormMessage
} from '$lib/schemas/boards';
import { requireLaAdmin, requireLaStaff } from '$lib/server/auth/guards';
import { boardFormValues, getBoard, updateBoard } from '$lib/server/services/boards';
import { structureOptions } from '$lib/server/services/structure';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const board = await getBoard(scope, event.params.id);
	if (!board) error(404, 'Page not found');
	const [options, form] = await Promise.all([
		structureOptions(scope),
		superValidate<BoardForm, BoardFormMessage>(
			{ ...boardFormValues(board), version: board.version },
			zod4(boardFormSchema),
			{ errors: false }
		)
	]);
	return { board, districts: options.district, form, canEdit: scope.membership.role === 'admin' };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate<BoardForm, BoardFormMessage>(
			event.request,
			zod4(boardFormSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = await updateBoard(scope, event.params.id, version, input);
		if (result.ok) redirect(303, `/la/boards/${result.id}?done=saved`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid')
			return setError(form, boardErrorPath(result.field), result.message);
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
