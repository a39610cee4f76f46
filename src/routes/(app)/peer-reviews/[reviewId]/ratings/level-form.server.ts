import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { defaults, message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	levelConflict,
	levelSaved,
	refusalMessage
} from '$lib/components/peer-review/work/work-display';
import type { ReviewPage } from '$lib/domain/peer-review';
import {
	levelRationaleSchema,
	type LevelRationaleForm,
	type WorkMessage
} from '$lib/schemas/review-work';
import type { Scope } from '$lib/server/auth/guards';
import type { LevelRationale, LevelResult } from '$lib/server/services/review-ratings';
import { openReviewPage } from '../page-guard.server';

// A level and its rationale, per criterion: a reviewer's own rating on the ratings page,
// the agreed rating on the moderation page.

const adapter = zod4(levelRationaleSchema);

/**
 * One form per criterion, each with its own id (`${prefix}-${criterion id}`), holding what
 * is saved now or nothing yet. Built from the schema's defaults rather than validated: what is
 * saved was valid when saved, and a page of 72 criteria would otherwise validate 72 forms.
 */
export function levelForms(
	rows: { id: string; saved: { version: number; rating: number; rationale: string } | null }[],
	prefix: string
) {
	return rows.map(({ id, saved }) =>
		defaults<LevelRationaleForm, WorkMessage>(
			{
				criterionId: id,
				version: saved?.version ?? 0,
				rationale: saved?.rationale ?? '',
				// None yet: the schema's default (no level chosen).
				...(saved ? { rating: saved.rating } : {})
			},
			adapter,
			{ id: `${prefix}-${id}` }
		)
	);
}

type Save = (
	scope: Scope,
	reviewId: string,
	criterionId: string,
	version: number,
	values: LevelRationale
) => Promise<LevelResult>;

/**
 * The action that saves one criterion's level with `save`, answering the criterion's own
 * form: saved, its errors, or what someone else saved meanwhile (`whose` level it is).
 */
export function saveLevelAction(page: ReviewPage, save: Save, whose: 'yours' | 'agreed') {
	return async (event: RequestEvent<{ reviewId: string }>) => {
		const { scope } = await openReviewPage(event, page);
		// The form's id is posted with it, so the answer goes back to the right form.
		const form = await superValidate<LevelRationaleForm, WorkMessage>(event.request, adapter);
		if (!form.valid) return fail(400, { form });
		const { criterionId, version, rating, rationale } = form.data;
		const result = await save(scope, event.params.reviewId, criterionId, version, {
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
		// Saving again now replaces what was saved meanwhile, knowingly.
		form.data.version = result.current?.version ?? 0;
		return message(form, levelConflict(result.current, whose), { status: 409 });
	};
}
