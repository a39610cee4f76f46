import { requireLaStaff } from '$lib/server/auth/guards';
import { listBoards } from '$lib/server/services/boards';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	return { boards: await listBoards(scope), canEdit: scope.membership.role === 'admin' };
}) satisfies PageServerLoad;
