import { error, fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	boardActionSchema,
	type BoardActionForm,
	type BoardActionInput,
	type ConflictMessage
} from '$lib/schemas/board-scrutiny';
import { actionToChange, updateBoardAction } from '$lib/server/services/board-scrutiny';
import { boardMember, saved } from '../../scrutiny.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const action = await actionToChange(await boardMember(event), event.params.actionId);
	if (!action) error(404, 'Page not found');
	const form = await superValidate<BoardActionForm, ConflictMessage<BoardActionInput>>(
		{
			version: action.version,
			cycleId: action.cycleId,
			districtId: action.districtId ?? '',
			what: action.what,
			owner: action.owner,
			dueDate: action.dueDate,
			status: action.status
		},
		zod4(boardActionSchema),
		{ errors: false }
	);
	return { action, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await boardMember(event);
		const form = await superValidate<BoardActionForm, ConflictMessage<BoardActionInput>>(
			event.request,
			zod4(boardActionSchema)
		);
		if (!form.valid) return fail(400, { form });
		const id = event.params.actionId;
		const result = await updateBoardAction(scope, id, form.data.version, form.data);
		return saved(form, result, { list: 'actions', done: 'action-saved' });
	}
} satisfies Actions;
