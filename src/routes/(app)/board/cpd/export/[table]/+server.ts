import { requireScope } from '$lib/server/auth/guards';
import { cpdDemandDownload } from '$lib/server/board-views';
import type { RequestHandler } from './$types';

/** One table of CPD demand as CSV, for the page's cycle. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	return cpdDemandDownload(scope, event.params.table, event.url.searchParams);
};
