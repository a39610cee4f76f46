import { requireLaStaff } from '$lib/server/auth/guards';
import { listCycles } from '$lib/server/services/cycles';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	return { cycles: await listCycles(scope), canEdit: scope.membership.role === 'admin' };
}) satisfies PageServerLoad;
