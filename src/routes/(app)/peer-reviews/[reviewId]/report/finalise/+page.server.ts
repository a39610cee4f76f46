import { error, fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { reviewHref } from '$lib/components/peer-review/display';
import {
	reviewStampSchema,
	type ReviewMessage,
	type ReviewStampForm
} from '$lib/schemas/review-report';
import { finaliseReport, reportPage } from '$lib/server/services/review-report';
import { openReviewPage } from '../../page-guard.server';
import { refusal } from '../refusal.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { scope } = await openReviewPage(event, 'report');
	const page = await reportPage(scope, event.params.reviewId);
	if (!page) error(404, 'Page not found');
	if (page.stage === 'finalised') redirect(303, reviewHref(event.params.reviewId, 'report'));
	if (page.role !== 'lead') error(403, 'Only the lead reviewer can finalise the report.');
	const form = await superValidate<ReviewStampForm, ReviewMessage>(
		{ version: page.version },
		zod4(reviewStampSchema),
		{ errors: false }
	);
	const { hostName, roundName, hostCheckedAt, hostComment, reviewId } = page.document;
	return {
		form,
		mayFinalise: page.may.finalise,
		changedSinceCheck: hostComment !== '' && hostCheckedAt === null,
		hostName,
		roundName,
		hostCheckedAt,
		reviewId
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { scope } = await openReviewPage(event, 'report');
		const form = await superValidate<ReviewStampForm, ReviewMessage>(
			event.request,
			zod4(reviewStampSchema)
		);
		if (!form.valid) return fail(400, { form });
		const result = await finaliseReport(scope, event.params.reviewId, form.data.version);
		if (result.ok) redirect(303, `${reviewHref(event.params.reviewId, 'report')}?done=finalised`);
		return message(form, refusal(result), { status: 409 });
	}
} satisfies Actions;
