import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { sharedSetting } from '$lib/server/services/board-shared';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	// Not shared, not signed off, outside the board's area or not there at all: all 404.
	const view = await sharedSetting(
		scope,
		event.params.settingId,
		event.url.searchParams.get('cycle') || null
	);
	if (!view) error(404, 'Page not found');
	return {
		view,
		reviewHref: view.peerReview ? `/board/peer-reviews/${view.peerReview.id}` : null,
		boardName: scope.membership.organisationName
	};
}) satisfies PageServerLoad;
