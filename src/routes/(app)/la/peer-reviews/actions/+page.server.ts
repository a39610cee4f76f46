import { error } from '@sveltejs/kit';
import { laActionsFilter, LA_ACTIONS_PAGE_SIZE } from '$lib/schemas/review-report';
import { requireLaStaff } from '$lib/server/auth/guards';
import { overdueAcrossTenant } from '$lib/server/services/review-actions';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const filter = laActionsFilter(event.url.searchParams);
	const overdue = await overdueAcrossTenant(scope, filter);
	if (!overdue) error(404, 'Page not found');
	return { ...overdue, filter, pageSize: LA_ACTIONS_PAGE_SIZE };
}) satisfies PageServerLoad;
