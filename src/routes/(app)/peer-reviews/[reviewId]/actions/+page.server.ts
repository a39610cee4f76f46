import { error, fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { reviewHref } from '$lib/components/peer-review/display';
import {
	followUpRecordSchema,
	followUpScheduleSchema,
	type FollowUpRecordForm,
	type FollowUpScheduleForm,
	type ReviewMessage
} from '$lib/schemas/review-report';
import { actionPlan, recordFollowUp, scheduleFollowUp } from '$lib/server/services/review-actions';
import { openReviewPage } from '../page-guard.server';
import { refusal } from '../report/refusal.server';
import type { Actions, PageServerLoad } from './$types';

const SCHEDULE = { id: 'schedule' };
const RECORD = { id: 'record' };

export const load = (async (event) => {
	const { scope, header } = await openReviewPage(event, 'actions');
	const plan = await actionPlan(scope, event.params.reviewId);
	if (!plan) error(404, 'Page not found');
	const { version, followUp } = plan;
	const [scheduleForm, recordForm] = await Promise.all([
		superValidate<FollowUpScheduleForm, ReviewMessage>(
			{ version, followUpDate: followUp.date ?? '' },
			zod4(followUpScheduleSchema),
			{ ...SCHEDULE, errors: false }
		),
		superValidate<FollowUpRecordForm, ReviewMessage>(
			{ version, doneOn: '', notes: '' },
			zod4(followUpRecordSchema),
			{ ...RECORD, errors: false }
		)
	]);
	return { ...plan, hostName: header.review.hostName, scheduleForm, recordForm };
}) satisfies PageServerLoad;

function done(reviewId: string, what: string): never {
	redirect(303, `${reviewHref(reviewId, 'actions')}?done=${what}`);
}

export const actions = {
	schedule: async (event) => {
		const { scope } = await openReviewPage(event, 'actions');
		const form = await superValidate<FollowUpScheduleForm, ReviewMessage>(
			event.request,
			zod4(followUpScheduleSchema),
			SCHEDULE
		);
		if (!form.valid) return fail(400, { form });
		const { version, followUpDate } = form.data;
		const result = await scheduleFollowUp(scope, event.params.reviewId, version, followUpDate);
		if (result.ok) done(event.params.reviewId, 'scheduled');
		return message(form, refusal(result), { status: 409 });
	},
	record: async (event) => {
		const { scope } = await openReviewPage(event, 'actions');
		const form = await superValidate<FollowUpRecordForm, ReviewMessage>(
			event.request,
			zod4(followUpRecordSchema),
			RECORD
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...visit } = form.data;
		const result = await recordFollowUp(scope, event.params.reviewId, version, visit);
		if (result.ok) done(event.params.reviewId, 'recorded');
		return message(form, refusal(result), { status: 409 });
	}
} satisfies Actions;
