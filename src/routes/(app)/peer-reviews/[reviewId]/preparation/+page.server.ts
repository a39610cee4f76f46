import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	formContext,
	refusalMessage,
	savedContext,
	savedPlan,
	staleWithSaved
} from '$lib/components/peer-review/work/work-display';
import {
	enquirySchema,
	reviewContextSchema,
	visitPlanSchema,
	type EnquiryForm,
	type ReviewContextForm,
	type VisitPlanForm,
	type WorkMessage
} from '$lib/schemas/review-work';
import {
	addEnquiry,
	preparationView,
	removeEnquiry,
	saveContext,
	saveVisitPlan,
	startVisit
} from '$lib/server/services/review-preparation';
import { openReviewPage } from '../page-guard.server';
import { removeEntryAction, stepAction } from './step-actions.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const contextAdapter = zod4(reviewContextSchema);
const planAdapter = zod4(visitPlanSchema);
const enquiryAdapter = zod4(enquirySchema);

export const load = (async (event) => {
	const { scope } = await openReviewPage(event, 'preparation');
	const view = await preparationView(scope, event.params.reviewId);
	if (!view) error(404, 'Page not found');
	const { review, context, plan } = view;
	// Removing is two steps without JavaScript: ?remove=<id> asks, the form then does it.
	const asked = event.url.searchParams.get('remove');
	const confirming = view.rights.enquire ? view.enquiries?.find((e) => e.id === asked) : undefined;
	const [contextForm, planForm, enquiryForm] = await Promise.all([
		superValidate<ReviewContextForm, WorkMessage>(
			{ version: review.version, ...formContext(context) },
			contextAdapter,
			{
				id: 'context',
				errors: false
			}
		),
		superValidate<VisitPlanForm, WorkMessage>(
			{
				version: review.version,
				visitStart: plan.start ?? '',
				visitEnd: plan.end ?? '',
				activities: plan.activities,
				people: plan.people
			},
			planAdapter,
			{ id: 'plan', errors: false }
		),
		superValidate<EnquiryForm, WorkMessage>(enquiryAdapter, { id: 'enquiry' })
	]);
	return {
		preparation: view,
		confirmingId: confirming?.id ?? null,
		contextForm,
		planForm,
		enquiryForm
	};
}) satisfies PageServerLoad;

function done(event: RequestEvent, code: string, anchor = ''): never {
	redirect(303, `/peer-reviews/${event.params.reviewId}/preparation?done=${code}${anchor}`);
}

export const actions = {
	context: async (event) => {
		const { scope } = await openReviewPage(event, 'preparation');
		const form = await superValidate<ReviewContextForm, WorkMessage>(
			event.request,
			contextAdapter,
			{
				id: 'context'
			}
		);
		if (!form.valid) return fail(400, { contextForm: form });
		const { version, ...context } = form.data;
		const result = await saveContext(scope, event.params.reviewId, version, context);
		if (result.ok) done(event, 'context');
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		if (result.reason !== 'stale') return message(form, refusalMessage(result), { status: 409 });
		// Saving again now puts these values over the newer ones, knowingly.
		form.data.version = result.version;
		return message(form, staleWithSaved(savedContext(result.current)), { status: 409 });
	},
	plan: async (event) => {
		const { scope } = await openReviewPage(event, 'preparation');
		const form = await superValidate<VisitPlanForm, WorkMessage>(event.request, planAdapter, {
			id: 'plan'
		});
		if (!form.valid) return fail(400, { planForm: form });
		const { version, visitStart, visitEnd, activities, people } = form.data;
		const result = await saveVisitPlan(scope, event.params.reviewId, version, {
			start: visitStart,
			end: visitEnd || null,
			activities,
			people
		});
		if (result.ok) done(event, 'plan');
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		if (result.reason !== 'stale') return message(form, refusalMessage(result), { status: 409 });
		form.data.version = result.version;
		return message(form, staleWithSaved(savedPlan(result.current)), { status: 409 });
	},
	enquiry: async (event) => {
		const { scope } = await openReviewPage(event, 'preparation');
		const form = await superValidate<EnquiryForm, WorkMessage>(event.request, enquiryAdapter, {
			id: 'enquiry'
		});
		if (!form.valid) return fail(400, { enquiryForm: form });
		const result = await addEnquiry(scope, event.params.reviewId, form.data);
		if (result.ok) done(event, 'enquiry-added', '#enquiries');
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid')
			return result.field === 'question'
				? setError(form, 'question', result.message)
				: setError(form, 'criterionIds._errors', result.message);
		return message(form, refusalMessage(result), { status: 409 });
	},
	removeEnquiry: removeEntryAction(
		'preparation',
		removeEnquiry,
		(reviewId) => `/peer-reviews/${reviewId}/preparation?done=enquiry-removed#enquiries`
	),
	start: stepAction(
		'preparation',
		startVisit,
		(reviewId) => `/peer-reviews/${reviewId}/visit?done=visit-started`
	)
} satisfies Actions;
