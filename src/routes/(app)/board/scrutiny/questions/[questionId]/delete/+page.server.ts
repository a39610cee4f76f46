import { error } from '@sveltejs/kit';
import { questionToChange, removeQuestion } from '$lib/server/services/board-scrutiny';
import { boardMember, removed } from '../../../scrutiny.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const found = await questionToChange(await boardMember(event), event.params.questionId);
	if (!found) error(404, 'Page not found');
	return { question: found.question };
}) satisfies PageServerLoad;

export const actions = {
	delete: (event) =>
		removed(
			event,
			{
				find: async (scope) => (await questionToChange(scope, event.params.questionId))?.question,
				remove: (scope, version) => removeQuestion(scope, event.params.questionId, version)
			},
			{ list: 'questions', done: 'question-deleted' }
		)
} satisfies Actions;
