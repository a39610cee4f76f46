import { error } from '@sveltejs/kit';
import { actionToChange, removeBoardAction } from '$lib/server/services/board-scrutiny';
import { boardMember, removed } from '../../../scrutiny.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const action = await actionToChange(await boardMember(event), event.params.actionId);
	if (!action) error(404, 'Page not found');
	return { action };
}) satisfies PageServerLoad;

export const actions = {
	delete: (event) =>
		removed(
			event,
			{
				find: (scope) => actionToChange(scope, event.params.actionId),
				remove: (scope, version) => removeBoardAction(scope, event.params.actionId, version)
			},
			{ list: 'actions', done: 'action-deleted' }
		)
} satisfies Actions;
