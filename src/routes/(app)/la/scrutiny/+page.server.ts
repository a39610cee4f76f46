import { error } from '@sveltejs/kit';
import { SCRUTINY_PAGE_SIZE, boardParam, scrutinyQuery } from '$lib/schemas/board-scrutiny';
import { requireLaStaff } from '$lib/server/auth/guards';
import { laScrutiny } from '$lib/server/services/board-scrutiny';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const query = scrutinyQuery(event.url.searchParams);
	const found = await laScrutiny(scope, { ...query, boardId: boardParam(event.url.searchParams) });
	if (!found) error(404, 'Page not found');
	return { ...found, show: query.show, page: query.page, pageSize: SCRUTINY_PAGE_SIZE };
}) satisfies PageServerLoad;
