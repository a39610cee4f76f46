import { requireScope } from '$lib/server/auth/guards';
import { boardDownload } from '$lib/server/board-views';
import type { RequestHandler } from './$types';

/** One table of the board's view as CSV, with the page's cycle and filters. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	return boardDownload(
		scope,
		event.params.view,
		event.url.searchParams,
		scope.membership.organisationName
	);
};
