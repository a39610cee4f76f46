import { scrutinyHref, LA_SCRUTINY } from '$lib/components/scrutiny/display';
import { requireLaStaff } from '$lib/server/auth/guards';
import { answerPage, saveAnswer } from '../../../../questions/answer.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) =>
	answerPage(await requireLaStaff(event), event.params.questionId)) satisfies PageServerLoad;

export const actions = {
	answer: async (event) =>
		saveAnswer(await requireLaStaff(event), event, event.params.questionId, (q) =>
			scrutinyHref(
				LA_SCRUTINY,
				{ cycleId: q.cycleId, district: undefined, show: 'questions' },
				'answered'
			)
		)
} satisfies Actions;
