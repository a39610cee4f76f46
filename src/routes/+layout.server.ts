import { activeMembership, memberships } from '$lib/server/auth/guards';
import type { LayoutServerLoad } from './$types';

// Only what the page chrome shows; every page checks access in its own load.
export const load = (async (event) => {
	const { user, session } = event.locals;
	const signedIn = !!user && (!user.totpEnabled || !!session?.secondFactorVerified);
	if (!user || !signedIn) return { user: null, memberships: [], active: null };
	const [all, active] = await Promise.all([memberships(event), activeMembership(event)]);
	return {
		user: { name: user.name, email: user.email, isPlatformAdmin: user.isPlatformAdmin },
		memberships: all.map((m) => ({
			id: m.id,
			tenantName: m.tenantName,
			organisationName: m.organisationName,
			organisationKind: m.organisationKind,
			role: m.role
		})),
		active: active ? { id: active.id, kind: active.organisationKind, role: active.role } : null
	};
}) satisfies LayoutServerLoad;
