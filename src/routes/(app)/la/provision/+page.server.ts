import { error } from '@sveltejs/kit';
import { requireLaStaff } from '$lib/server/auth/guards';
import { provisionReport } from '$lib/server/services/provision-aggregates';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const report = await provisionReport(scope, event.url.searchParams);
	if (!report) error(404, 'Page not found');
	return { report, tenantName: scope.membership.tenantName };
}) satisfies PageServerLoad;
