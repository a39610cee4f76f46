import { requireLaStaff } from '$lib/server/auth/guards';
import { listFrameworks } from '$lib/server/services/frameworks';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	return { frameworks: await listFrameworks(scope), canEdit: scope.membership.role === 'admin' };
}) satisfies PageServerLoad;
