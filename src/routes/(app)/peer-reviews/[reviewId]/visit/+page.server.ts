import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { refusalMessage } from '$lib/components/peer-review/work/work-display';
import { todayInEngland } from '$lib/domain/dates';
import {
	visitEvidenceSchema,
	type VisitEvidenceForm,
	type WorkMessage
} from '$lib/schemas/review-work';
import {
	addVisitEvidence,
	evidenceLog,
	removeVisitEvidence
} from '$lib/server/services/review-visit';
import { openReviewPage } from '../page-guard.server';
import { removeEntryAction } from '../preparation/step-actions.server';
import type { Actions, PageServerLoad } from './$types';

const adapter = zod4(visitEvidenceSchema);

export const load = (async (event) => {
	const { scope } = await openReviewPage(event, 'visit');
	const params = event.url.searchParams;
	const log = await evidenceLog(scope, event.params.reviewId, {
		criterionId: params.get('criterion'),
		page: Number(params.get('page') ?? '1')
	});
	if (!log) error(404, 'Page not found');
	// Removing is two steps without JavaScript: ?remove=<id> asks, the form then does it.
	const confirming = log.entries.find((e) => e.id === params.get('remove') && e.canRemove);
	const form = await superValidate<VisitEvidenceForm, WorkMessage>(
		{ happenedOn: todayInEngland(), criterionIds: log.filter ? [log.filter.id] : [] },
		adapter,
		{ id: 'evidence', errors: false }
	);
	return { log, confirmingId: confirming?.id ?? null, form };
}) satisfies PageServerLoad;

export const actions = {
	add: async (event) => {
		const { scope } = await openReviewPage(event, 'visit');
		const form = await superValidate<VisitEvidenceForm, WorkMessage>(event.request, adapter, {
			id: 'evidence'
		});
		if (!form.valid) return fail(400, { form });
		const result = await addVisitEvidence(scope, event.params.reviewId, form.data);
		if (result.ok) redirect(303, `/peer-reviews/${event.params.reviewId}/visit?done=added`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason !== 'invalid') return message(form, refusalMessage(result), { status: 409 });
		return result.field === 'criterionIds'
			? setError(form, 'criterionIds._errors', result.message)
			: setError(form, result.field, result.message);
	},
	remove: removeEntryAction(
		'visit',
		removeVisitEvidence,
		(reviewId) => `/peer-reviews/${reviewId}/visit?done=removed`
	)
} satisfies Actions;
