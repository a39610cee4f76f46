import { error, fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	noteSchema,
	type ConflictMessage,
	type NoteForm,
	type NoteInput
} from '$lib/schemas/board-scrutiny';
import { noteToChange, updateNote } from '$lib/server/services/board-scrutiny';
import { boardMember, saved } from '../../scrutiny.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const note = await noteToChange(await boardMember(event), event.params.noteId);
	if (!note) error(404, 'Page not found');
	const form = await superValidate<NoteForm, ConflictMessage<NoteInput>>(
		{
			version: note.version,
			cycleId: note.cycleId,
			districtId: note.districtId ?? '',
			body: note.body
		},
		zod4(noteSchema),
		{ errors: false }
	);
	return { note, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await boardMember(event);
		const form = await superValidate<NoteForm, ConflictMessage<NoteInput>>(
			event.request,
			zod4(noteSchema)
		);
		if (!form.valid) return fail(400, { form });
		const result = await updateNote(scope, event.params.noteId, form.data.version, form.data);
		return saved(form, result, { list: 'notes', done: 'note-saved' });
	}
} satisfies Actions;
