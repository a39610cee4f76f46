import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { asSystem } from '$lib/server/db/system';
import { listTenants } from '$lib/server/services/platform';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	await requirePlatformAdmin(event);
	return { tenants: await asSystem('platform-admin', listTenants) };
}) satisfies PageServerLoad;
