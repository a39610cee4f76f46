import { error, fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	questionInput,
	questionSchema,
	type ConflictMessage,
	type QuestionForm,
	type QuestionInput
} from '$lib/schemas/board-scrutiny';
import { questionToChange, updateQuestion } from '$lib/server/services/board-scrutiny';
import { boardMember, saved } from '../../scrutiny.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const found = await questionToChange(await boardMember(event), event.params.questionId);
	if (!found) error(404, 'Page not found');
	const { question } = found;
	const form = await superValidate<QuestionForm, ConflictMessage<QuestionInput>>(
		{
			version: question.version,
			cycleId: question.cycleId,
			districtId: question.districtId ?? '',
			addressedTo: question.addressedTo,
			settingId: question.settingId ?? '',
			question: question.question
		},
		zod4(questionSchema),
		{ errors: false }
	);
	return { ...found, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await boardMember(event);
		const form = await superValidate<QuestionForm, ConflictMessage<QuestionInput>>(
			event.request,
			zod4(questionSchema)
		);
		if (!form.valid) return fail(400, { form });
		const id = event.params.questionId;
		const result = await updateQuestion(scope, id, form.data.version, questionInput(form.data));
		return saved(form, result, {
			list: 'questions',
			done: 'question-saved',
			answeredHref: `/board/scrutiny/questions/${id}`
		});
	}
} satisfies Actions;
