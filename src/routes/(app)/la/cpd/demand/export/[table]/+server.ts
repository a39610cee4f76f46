import { requireLaStaff } from '$lib/server/auth/guards';
import { cpdDemandDownload } from '$lib/server/board-views';
import type { RequestHandler } from './$types';

/** One table of CPD demand as CSV, for the page's cycle and area. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireLaStaff(event);
	return cpdDemandDownload(scope, event.params.table, event.url.searchParams);
};
