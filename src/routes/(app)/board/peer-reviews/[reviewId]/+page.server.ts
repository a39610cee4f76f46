import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { boardReport } from '$lib/server/services/review-board';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	// Not shared, out of the board's area, or not there at all: the same answer for each.
	const report = await boardReport(scope, event.params.reviewId);
	if (!report) error(404, 'Page not found');
	return { report };
}) satisfies PageServerLoad;
