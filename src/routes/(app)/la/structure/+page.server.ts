import { requireLaStaff } from '$lib/server/auth/guards';
import { listStructure } from '$lib/server/services/structure';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	return { ...(await listStructure(scope)), canEdit: scope.membership.role === 'admin' };
}) satisfies PageServerLoad;
