import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { provisionReport } from '$lib/server/services/provision-aggregates';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	const report = await provisionReport(scope, event.url.searchParams);
	if (!report) error(404, 'Page not found');
	return { report, boardName: scope.membership.organisationName };
}) satisfies PageServerLoad;
