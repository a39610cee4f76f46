import { requireLaStaff } from '$lib/server/auth/guards';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	await requireLaStaff(event);
	return {};
}) satisfies PageServerLoad;
