import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	answerSchema,
	type AnswerForm,
	type AnswerValues,
	type ConflictMessage
} from '$lib/schemas/board-scrutiny';
import { ANSWERING_ROLES } from '$lib/domain/board-scrutiny';
import { requireScope, type Scope } from '$lib/server/auth/guards';
import {
	answerQuestion,
	questionToAnswer,
	type ScrutinyQuestion
} from '$lib/server/services/board-scrutiny';

// The answer page of a board's question, for the LA (questions put to the LA) and for a
// setting's head or SENCO (questions put to their setting): each route brings its guard.

/** A setting's headteacher or SENCO, who answer for it; its staff do not. */
export const settingAnswerer = (event: RequestEvent) =>
	requireScope(event, { kind: 'setting', roles: ANSWERING_ROLES });

const NOT_YOURS = 'Only whoever the question is for can answer it.';

async function answerable(scope: Scope, id: string) {
	const found = await questionToAnswer(scope, id);
	if (!found) error(404, 'Page not found');
	if (!found.mayAnswer) error(403, NOT_YOURS);
	return found.question;
}

/** The question and the answer form, the answer as saved so far filled in. */
export async function answerPage(scope: Scope, id: string) {
	const question = await answerable(scope, id);
	const form = await superValidate<AnswerForm, ConflictMessage<AnswerValues>>(
		{ version: question.version, answer: question.answer ?? '' },
		zod4(answerSchema),
		{ errors: false }
	);
	return { question, form };
}

/**
 * Saves the answer and goes back to `backFor(question)`; an answer or a question changed by
 * someone else since the page was read is shown beside what was typed.
 */
export async function saveAnswer(
	scope: Scope,
	event: RequestEvent,
	id: string,
	backFor: (question: ScrutinyQuestion) => string
) {
	const question = await answerable(scope, id);
	const form = await superValidate<AnswerForm, ConflictMessage<AnswerValues>>(
		event.request,
		zod4(answerSchema)
	);
	if (!form.valid) return fail(400, { form });
	const result = await answerQuestion(scope, id, form.data.version, form.data.answer);
	if (result.ok) redirect(303, backFor(question));
	if (result.reason === 'stale') {
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
	if (result.reason === 'forbidden') error(403, NOT_YOURS);
	error(404, 'Page not found');
}
