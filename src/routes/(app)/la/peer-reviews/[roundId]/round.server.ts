import { error, type RequestEvent } from '@sveltejs/kit';
import { requireLaStaff } from '$lib/server/auth/guards';
import { getRound } from '$lib/server/services/review-rounds';

/** What each of a round's pages starts from: the caller's scope and the round, or a 404. */
export async function loadRound(event: RequestEvent<{ roundId: string }>) {
	const scope = await requireLaStaff(event);
	const view = await getRound(scope, event.params.roundId);
	if (!view) error(404, 'Page not found');
	return { scope, view, canEdit: scope.membership.role === 'admin' };
}

/** Said when a change was made on a page read before someone else's change. */
export const STALE_MESSAGE =
	'Someone else changed this round while you were looking at it, so nothing was changed. Check the round as it is now and try again.';
