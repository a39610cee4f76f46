import { error, fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	SCRUTINY_PAGE_SIZE,
	boardActionSchema,
	noteSchema,
	questionInput,
	questionSchema,
	scrutinyQuery,
	type BoardActionForm,
	type BoardActionInput,
	type ConflictMessage,
	type NoteForm,
	type NoteInput,
	type QuestionForm,
	type QuestionInput
} from '$lib/schemas/board-scrutiny';
import {
	addBoardAction,
	addNote,
	addQuestion,
	boardScrutiny
} from '$lib/server/services/board-scrutiny';
import { boardMember, saved } from './scrutiny.server';
import type { Actions, PageServerLoad } from './$types';

const NOTE = { id: 'note' };
const QUESTION = { id: 'question' };
const ACTION = { id: 'action' };

export const load = (async (event) => {
	const scope = await boardMember(event);
	const query = scrutinyQuery(event.url.searchParams);
	const page = await boardScrutiny(scope, query);
	if (!page) error(404, 'Page not found');
	// The add forms file what they add under the cycle and place the page shows.
	const placement = {
		version: 0,
		cycleId: page.cycle?.id ?? '',
		districtId: page.districtId ?? ''
	};
	const [noteForm, questionForm, actionForm] = await Promise.all([
		superValidate<NoteForm, ConflictMessage<NoteInput>>(
			{ ...placement, body: '' },
			zod4(noteSchema),
			{ ...NOTE, errors: false }
		),
		superValidate<QuestionForm, ConflictMessage<QuestionInput>>(
			{ ...placement, addressedTo: '', settingId: '', question: '' },
			zod4(questionSchema),
			{ ...QUESTION, errors: false }
		),
		superValidate<BoardActionForm, ConflictMessage<BoardActionInput>>(
			{ ...placement, what: '', owner: '', dueDate: '', status: 'not_started' },
			zod4(boardActionSchema),
			{ ...ACTION, errors: false }
		)
	]);
	return {
		...page,
		show: query.show,
		page: query.page,
		pageSize: SCRUTINY_PAGE_SIZE,
		noteForm,
		questionForm,
		actionForm
	};
}) satisfies PageServerLoad;

export const actions = {
	addNote: async (event) => {
		const scope = await boardMember(event);
		const form = await superValidate<NoteForm, ConflictMessage<NoteInput>>(
			event.request,
			zod4(noteSchema),
			NOTE
		);
		if (!form.valid) return fail(400, { form });
		return saved(form, await addNote(scope, form.data), { list: 'notes', done: 'note-added' });
	},
	addQuestion: async (event) => {
		const scope = await boardMember(event);
		const form = await superValidate<QuestionForm, ConflictMessage<QuestionInput>>(
			event.request,
			zod4(questionSchema),
			QUESTION
		);
		if (!form.valid) return fail(400, { form });
		return saved(form, await addQuestion(scope, { ...form.data, ...questionInput(form.data) }), {
			list: 'questions',
			done: 'question-added'
		});
	},
	addAction: async (event) => {
		const scope = await boardMember(event);
		const form = await superValidate<BoardActionForm, ConflictMessage<BoardActionInput>>(
			event.request,
			zod4(boardActionSchema),
			ACTION
		);
		if (!form.valid) return fail(400, { form });
		return saved(form, await addBoardAction(scope, form.data), {
			list: 'actions',
			done: 'action-added'
		});
	}
} satisfies Actions;
