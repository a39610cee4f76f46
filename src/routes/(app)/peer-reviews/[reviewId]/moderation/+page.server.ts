import { error } from '@sveltejs/kit';
import {
	finishModeration,
	moderationView,
	saveAgreedRating
} from '$lib/server/services/review-moderation';
import { openReviewPage } from '../page-guard.server';
import { stepAction } from '../preparation/step-actions.server';
import { levelForms, saveLevelAction } from '../ratings/level-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { scope } = await openReviewPage(event, 'moderation');
	const params = event.url.searchParams;
	const moderation = await moderationView(scope, event.params.reviewId, {
		sectionId: params.get('section'),
		onlyDisagreements: params.get('only') === 'disagreements'
	});
	if (!moderation) error(404, 'Page not found');
	// Only the lead records agreed ratings: a form for each criterion shown.
	const rows = moderation.rights.agree ? moderation.rows : [];
	const forms = levelForms(
		rows.map((row) => ({ id: row.id, saved: row.agreed })),
		'agree'
	);
	return { moderation, forms };
}) satisfies PageServerLoad;

export const actions = {
	agree: saveLevelAction('moderation', saveAgreedRating, 'agreed'),
	finish: stepAction(
		'moderation',
		finishModeration,
		(reviewId) => `/peer-reviews/${reviewId}/report`
	)
} satisfies Actions;
