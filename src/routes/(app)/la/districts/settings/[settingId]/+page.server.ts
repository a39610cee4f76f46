import { error } from '@sveltejs/kit';
import { requireLaStaff } from '$lib/server/auth/guards';
import { sharedSetting } from '$lib/server/services/board-shared';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	// The LA sees what a setting shared with its board, no more: not shared is not found.
	const view = await sharedSetting(
		scope,
		event.params.settingId,
		event.url.searchParams.get('cycle') || null
	);
	if (!view) error(404, 'Page not found');
	return {
		view,
		// The LA reads every finalised report where it is, shared with the board or not.
		reviewHref: view.peerReview ? `/peer-reviews/${view.peerReview.id}/report` : null,
		tenantName: scope.membership.tenantName
	};
}) satisfies PageServerLoad;
