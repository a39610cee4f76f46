import { requireLaStaff } from '$lib/server/auth/guards';
import { provisionDownload } from '$lib/server/board-views';
import type { RequestHandler } from './$types';

/** The tables of the county's provision view as CSV, with the page's grouping, year and filters. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireLaStaff(event);
	return provisionDownload(scope, event.url.searchParams, scope.membership.tenantName);
};
