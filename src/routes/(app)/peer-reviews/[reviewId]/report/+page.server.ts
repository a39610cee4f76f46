import { error, fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { reviewHref } from '$lib/components/peer-review/display';
import {
	boardSharingSchema,
	hostCheckSchema,
	reportDraftSchema,
	reviewStampSchema,
	type BoardSharingForm,
	type HostCheckForm,
	type ReportDraftForm,
	type ReviewMessage,
	type ReviewStampForm
} from '$lib/schemas/review-report';
import {
	reportPage,
	returnCheck,
	saveReport,
	sendForCheck,
	setBoardSharing
} from '$lib/server/services/review-report';
import { openReviewPage } from '../page-guard.server';
import { refusal } from './refusal.server';
import type { Actions, PageServerLoad } from './$types';

// Several forms on one page: their ids keep each one's errors and messages to itself.
const DRAFT = { id: 'draft' };
const SEND = { id: 'send' };
const CHECK = { id: 'check' };
const SHARE = { id: 'share' };

export const load = (async (event) => {
	const { scope } = await openReviewPage(event, 'report');
	const page = await reportPage(scope, event.params.reviewId);
	if (!page) error(404, 'Page not found');
	const { version, document: doc } = page;
	const [draftForm, sendForm, checkForm, shareForm] = await Promise.all([
		superValidate<ReportDraftForm, ReviewMessage>(
			{
				version,
				reportContext: doc.reportContext,
				strengths: doc.strengths,
				areasForDevelopment: doc.areasForDevelopment
			},
			zod4(reportDraftSchema),
			{ ...DRAFT, errors: false }
		),
		superValidate<ReviewStampForm, ReviewMessage>({ version }, zod4(reviewStampSchema), {
			...SEND,
			errors: false
		}),
		superValidate<HostCheckForm, ReviewMessage>(
			{ version, comment: doc.hostComment },
			zod4(hostCheckSchema),
			{ ...CHECK, errors: false }
		),
		superValidate<BoardSharingForm, ReviewMessage>(
			{ version, share: page.boardSharing ? 'yes' : 'no' },
			zod4(boardSharingSchema),
			{ ...SHARE, errors: false }
		)
	]);
	return { ...page, draftForm, sendForm, checkForm, shareForm };
}) satisfies PageServerLoad;

function done(reviewId: string, what: string): never {
	redirect(303, `${reviewHref(reviewId, 'report')}?done=${what}`);
}

export const actions = {
	save: async (event) => {
		const { scope } = await openReviewPage(event, 'report');
		const form = await superValidate<ReportDraftForm, ReviewMessage>(
			event.request,
			zod4(reportDraftSchema),
			DRAFT
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...text } = form.data;
		const result = await saveReport(scope, event.params.reviewId, version, text);
		if (result.ok) {
			form.data.version = result.version;
			return message(form, { kind: 'saved', at: new Date().toISOString() });
		}
		if (result.reason === 'stale') {
			// Saving again now puts these words over the newer ones, knowingly.
			form.data.version = result.version;
			return message(form, { kind: 'conflict', current: result.current }, { status: 409 });
		}
		return message(form, refusal(result), { status: 409 });
	},
	send: async (event) => {
		const { scope } = await openReviewPage(event, 'report');
		const form = await superValidate<ReviewStampForm, ReviewMessage>(
			event.request,
			zod4(reviewStampSchema),
			SEND
		);
		if (!form.valid) return fail(400, { form });
		const result = await sendForCheck(scope, event.params.reviewId, form.data.version);
		if (result.ok) done(event.params.reviewId, 'sent');
		return message(form, refusal(result), { status: 409 });
	},
	check: async (event) => {
		const { scope } = await openReviewPage(event, 'report');
		const form = await superValidate<HostCheckForm, ReviewMessage>(
			event.request,
			zod4(hostCheckSchema),
			CHECK
		);
		if (!form.valid) return fail(400, { form });
		const { version, comment } = form.data;
		const result = await returnCheck(scope, event.params.reviewId, version, comment);
		// The draft goes back to the lead, out of the host's sight until it is final.
		if (result.ok) redirect(303, `${reviewHref(event.params.reviewId)}?done=checked`);
		return message(form, refusal(result), { status: 409 });
	},
	share: async (event) => {
		const { scope } = await openReviewPage(event, 'report');
		const form = await superValidate<BoardSharingForm, ReviewMessage>(
			event.request,
			zod4(boardSharingSchema),
			SHARE
		);
		if (!form.valid) return fail(400, { form });
		const share = form.data.share === 'yes';
		const result = await setBoardSharing(scope, event.params.reviewId, form.data.version, share);
		if (result.ok) done(event.params.reviewId, share ? 'shared' : 'unshared');
		return message(form, refusal(result), { status: 409 });
	}
} satisfies Actions;
