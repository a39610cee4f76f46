import { error } from '@sveltejs/kit';
import { todayInEngland } from '$lib/domain/dates';
import { viewChoices } from '$lib/domain/provision-aggregates';
import { requireLaStaff } from '$lib/server/auth/guards';
import { provisionAggregatesFor } from '$lib/server/services/provision-aggregates';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const { grouping, year, years } = viewChoices(event.url.searchParams, todayInEngland());
	const view = await provisionAggregatesFor(scope, grouping, year);
	if (!view) error(404, 'Page not found');
	return { view, grouping, year: year.label, years, tenantName: scope.membership.tenantName };
}) satisfies PageServerLoad;
