import { error } from '@sveltejs/kit';
import { noteToChange, removeNote } from '$lib/server/services/board-scrutiny';
import { boardMember, removed } from '../../../scrutiny.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const note = await noteToChange(await boardMember(event), event.params.noteId);
	if (!note) error(404, 'Page not found');
	return { note };
}) satisfies PageServerLoad;

export const actions = {
	delete: (event) =>
		removed(
			event,
			{
				find: (scope) => noteToChange(scope, event.params.noteId),
				remove: (scope, version) => removeNote(scope, event.params.noteId, version)
			},
			{ list: 'notes', done: 'note-deleted' }
		)
} satisfies Actions;
