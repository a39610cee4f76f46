import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate, type SuperValidated } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	judgementData,
	judgementSchema,
	type JudgementConflict,
	type JudgementInput
} from '$lib/schemas/judgement';
import { requireScope } from '$lib/server/auth/guards';
import { getCriterion, saveJudgement } from '$lib/server/services/evaluations';
import { evidenceForCriterion } from '$lib/server/services/evidence';
import type { Actions, PageServerLoad } from './$types';

/** Why a save was refused when the evaluation moved on while someone was editing. */
const lockedMessage = (status: string) =>
	status === 'signed_off'
		? 'This self-evaluation was signed off and is locked, so your latest changes were not saved.'
		: 'This self-evaluation was submitted for sign-off, so your latest changes were not saved.';

/** Every refused save answers in one shape, so the page can read any of them. */
const refused = (
	status: number,
	form: SuperValidated<JudgementInput>,
	extra: { conflict?: JudgementConflict; locked?: string } = {}
) => fail(status, { form, conflict: extra.conflict ?? null, locked: extra.locked ?? null });

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const { evaluationId, criterionId } = event.params;
	const [found, evidence] = await Promise.all([
		getCriterion(scope, evaluationId, criterionId),
		evidenceForCriterion(scope, evaluationId, criterionId)
	]);
	if (!found || !evidence) error(404, 'Page not found');
	return { ...found, evidence: evidence.items, canAddEvidence: found.rights.addEvidence };
}) satisfies PageServerLoad;

export const actions = {
	/**
	 * Saves the judgement. The page's script posts here in the background and reads the result;
	 * a plain form post names where to go next (`then`) and is redirected there once saved.
	 */
	save: async (event) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const { evaluationId, criterionId } = event.params;
		const body = await event.request.formData();
		const form = await superValidate(body, zod4(judgementSchema));
		if (!form.valid) return refused(400, form);
		const mine = judgementData(form.data);
		const result = await saveJudgement(scope, evaluationId, criterionId, form.data.version, mine);
		if (result.ok) {
			const then = body.get('then');
			const here = `/self-evaluation/${evaluationId}/criteria/${criterionId}`;
			if (then === 'stay') redirect(303, `${here}?done=saved`);
			if (then === 'next') {
				const next = (await getCriterion(scope, evaluationId, criterionId))?.next;
				// After the last criterion, back to the task list.
				const evaluation = `/self-evaluation/${evaluationId}`;
				redirect(303, next ? `${evaluation}/criteria/${next.id}` : evaluation);
			}
			return { saved: { version: result.version, savedAt: result.savedAt } };
		}
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden')
			error(403, 'Only the SENCO or headteacher can change ratings.');
		if (result.reason === 'locked')
			return refused(409, form, { locked: lockedMessage(result.status) });
		if (result.reason === 'invalid') {
			setError(form, result.field, result.message);
			return refused(400, form);
		}
		// Everything but the row's id, which the browser has no use for.
		const {
			rating,
			narrative,
			nextSteps,
			targetRating,
			targetDate,
			version,
			savedByName,
			savedAt
		} = result.current;
		const theirs = { rating, narrative, nextSteps, targetRating, targetDate };
		return refused(409, form, {
			conflict: { theirs: { ...theirs, version, savedByName, savedAt }, mine }
		});
	}
} satisfies Actions;
