import { memberships, requireUser } from '$lib/server/auth/guards';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = await requireUser(event);
	return {
		account: { name: user.name, email: user.email, totpEnabled: user.totpEnabled },
		roles: (await memberships(event)).map((m) => ({
			id: m.id,
			role: m.role,
			organisationName: m.organisationName,
			tenantName: m.tenantName
		}))
	};
}) satisfies PageServerLoad;
