import { RECORDS_PAGE_SIZE, recordFilter } from '$lib/schemas/provision-offer';
import { listRecords } from '$lib/server/services/provision-records';
import { allowed, provisionScope } from '../access.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const filter = recordFilter(event.url.searchParams);
	const list = allowed(await listRecords(scope, filter));
	return { ...list, filter, pageSize: RECORDS_PAGE_SIZE };
}) satisfies PageServerLoad;
