import { answerPage, saveAnswer, settingAnswerer } from '../answer.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) =>
	answerPage(await settingAnswerer(event), event.params.questionId)) satisfies PageServerLoad;

export const actions = {
	answer: async (event) =>
		saveAnswer(
			await settingAnswerer(event),
			event,
			event.params.questionId,
			() => '/questions?done=answered'
		)
} satisfies Actions;
