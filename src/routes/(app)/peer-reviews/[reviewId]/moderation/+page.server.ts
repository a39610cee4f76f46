import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	levelConflict,
	levelSaved,
	refusalMessage
} from '$lib/components/peer-review/work/work-display';
import {
	levelRationaleSchema,
	reviewStepSchema,
	type LevelRationaleForm,
	type WorkMessage
} from '$lib/schemas/review-work';
import {
	finishModeration,
	moderationView,
	saveAgreedRating
} from '$lib/server/services/review-work';
import { openReviewPage } from '../page-guard.server';
import type { Actions, PageServerLoad } from './$types';

const adapter = zod4(levelRationaleSchema);

export const load = (async (event) => {
	const { scope } = await openReviewPage(event, 'moderation');
	const params = event.url.searchParams;
	const moderation = await moderationView(scope, event.params.reviewId, {
		sectionId: params.get('section'),
		onlyDisagreements: params.get('only') === 'disagreements'
	});
	if (!moderation) error(404, 'Page not found');
	// The lead records agreed ratings: one form per criterion shown, each with its own id.
	const rows = moderation.rights.agree ? moderation.rows : [];
	const forms = await Promise.all(
		rows.map((row) =>
			superValidate<LevelRationaleForm, WorkMessage>(
				{
					criterionId: row.id,
					version: row.agreed?.version ?? 0,
					rating: row.agreed?.rating,
					rationale: row.agreed?.rationale ?? ''
				},
				adapter,
				{ id: `agree-${row.id}`, errors: false }
			)
		)
	);
	return { moderation, forms };
}) satisfies PageServerLoad;

export const actions = {
	agree: async (event) => {
		const { scope } = await openReviewPage(event, 'moderation');
		const form = await superValidate<LevelRationaleForm, WorkMessage>(event.request, adapter);
		if (!form.valid) return fail(400, { form });
		const { criterionId, version, rating, rationale } = form.data;
		const result = await saveAgreedRating(scope, event.params.reviewId, criterionId, version, {
			rating,
			rationale
		});
		if (result.ok) {
			form.data.version = result.version;
			return message(form, levelSaved(result.savedAt));
		}
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		if (result.reason !== 'conflict') return message(form, refusalMessage(result), { status: 409 });
		form.data.version = result.current?.version ?? 0;
		return message(form, levelConflict(result.current, 'agreed'), { status: 409 });
	},
	finish: async (event) => {
		const { scope } = await openReviewPage(event, 'moderation');
		const form = await superValidate(event.request, zod4(reviewStepSchema));
		if (!form.valid) return fail(400, { problem: refusalMessage({ reason: 'stale' }) });
		const result = await finishModeration(scope, event.params.reviewId, form.data.version);
		if (result.ok) redirect(303, `/peer-reviews/${event.params.reviewId}/report`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		return fail(409, { problem: refusalMessage(result) });
	}
} satisfies Actions;
