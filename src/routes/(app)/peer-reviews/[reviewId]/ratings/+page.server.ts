import { error, fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	levelConflict,
	levelSaved,
	refusalMessage
} from '$lib/components/peer-review/work/work-display';
import {
	levelRationaleSchema,
	type LevelRationaleForm,
	type WorkMessage
} from '$lib/schemas/review-work';
import { ratingsView, saveRating } from '$lib/server/services/review-work';
import { openReviewPage } from '../page-guard.server';
import type { Actions, PageServerLoad } from './$types';

const adapter = zod4(levelRationaleSchema);

export const load = (async (event) => {
	const { scope } = await openReviewPage(event, 'ratings');
	const section = event.url.searchParams.get('section') ?? undefined;
	const ratings = await ratingsView(scope, event.params.reviewId, section);
	if (!ratings) error(404, 'Page not found');
	// One form per criterion of the section, each with its own id.
	const forms = await Promise.all(
		(ratings.section?.criteria ?? []).map((c) =>
			superValidate<LevelRationaleForm, WorkMessage>(
				{
					criterionId: c.id,
					version: c.mine?.version ?? 0,
					rating: c.mine?.rating,
					rationale: c.mine?.rationale ?? ''
				},
				adapter,
				{ id: `rate-${c.id}`, errors: false }
			)
		)
	);
	return { ratings, forms };
}) satisfies PageServerLoad;

export const actions = {
	rate: async (event) => {
		const { scope } = await openReviewPage(event, 'ratings');
		// The form's id is posted with it, so the answer goes back to the right form.
		const form = await superValidate<LevelRationaleForm, WorkMessage>(event.request, adapter);
		if (!form.valid) return fail(400, { form });
		const { criterionId, version, rating, rationale } = form.data;
		const result = await saveRating(scope, event.params.reviewId, criterionId, version, {
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
		// Saving again now replaces what the other tab saved, knowingly.
		form.data.version = result.current?.version ?? 0;
		return message(form, levelConflict(result.current, 'yours'), { status: 409 });
	}
} satisfies Actions;
