import { error } from '@sveltejs/kit';
import { ratingsView, saveRating } from '$lib/server/services/review-ratings';
import { openReviewPage } from '../page-guard.server';
import { levelForms, saveLevelAction } from './level-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { scope } = await openReviewPage(event, 'ratings');
	const section = event.url.searchParams.get('section') ?? undefined;
	const ratings = await ratingsView(scope, event.params.reviewId, section);
	if (!ratings) error(404, 'Page not found');
	const criteria = ratings.section?.criteria ?? [];
	const forms = levelForms(
		criteria.map((c) => ({ id: c.id, saved: c.mine })),
		'rate'
	);
	return { ratings, forms };
}) satisfies PageServerLoad;

export const actions = {
	rate: saveLevelAction('ratings', saveRating, 'yours')
} satisfies Actions;
