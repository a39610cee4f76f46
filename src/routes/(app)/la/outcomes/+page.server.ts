import { error } from '@sveltejs/kit';
import { requireLaStaff } from '$lib/server/auth/guards';
import { outcomeIndicators } from '$lib/server/services/outcomes';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const overview = await outcomeIndicators(scope);
	if (!overview) error(404, 'Page not found');
	return { ...overview, tenantName: scope.membership.tenantName };
}) satisfies PageServerLoad;
