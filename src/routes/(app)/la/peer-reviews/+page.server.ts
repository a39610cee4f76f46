import { requireLaStaff } from '$lib/server/auth/guards';
import { listRounds } from '$lib/server/services/review-rounds';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	return { rounds: await listRounds(scope), canEdit: scope.membership.role === 'admin' };
}) satisfies PageServerLoad;
