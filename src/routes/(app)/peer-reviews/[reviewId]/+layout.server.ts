import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { reviewHeader } from '$lib/server/services/peer-reviews';
import type { LayoutServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event);
	const header = await reviewHeader(scope, event.params.reviewId);
	if (!header) error(404, 'Page not found');
	return header;
}) satisfies LayoutServerLoad;
