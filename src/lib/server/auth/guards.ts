import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { OrganisationKind, Role } from '../../domain/organisation';
import { isProduction } from '../config';
import type { TenantContext } from '../db/tenant';
import {
	loadMemberships,
	membershipNeedsSecondFactor,
	type MembershipSummary
} from './memberships';
import type { SessionRecord, SessionUser } from './session';

/** Everything a service needs to act for one person in one tenant. */
export interface Scope extends TenantContext {
	userId: string;
	email: string;
	membership: MembershipSummary;
	requestId: string;
	ipAddress: string;
}

/** The user's memberships, read at most once per request. */
export function memberships(event: RequestEvent): Promise<MembershipSummary[]> {
	const user = event.locals.user;
	if (!user) return Promise.resolve([]);
	event.locals.memberships ??= loadMemberships(user.id);
	return event.locals.memberships;
}

/** The membership the session acts as: the chosen one if still held, else the first. */
export async function activeMembership(event: RequestEvent): Promise<MembershipSummary | null> {
	const all = await memberships(event);
	const chosen = event.locals.session?.activeMembershipId;
	return all.find((m) => m.id === chosen) ?? all[0] ?? null;
}

const signInPath = (event: RequestEvent) =>
	`/sign-in?next=${encodeURIComponent(event.url.pathname + event.url.search)}`;

/** A signed-in user who has passed any second factor they have set up. */
export function requireSession(event: RequestEvent): { user: SessionUser; session: SessionRecord } {
	const { user, session } = event.locals;
	if (!user || !session) redirect(303, signInPath(event));
	if (user.totpEnabled && !session.secondFactorVerified) redirect(303, '/sign-in/two-factor');
	return { user, session };
}

/**
 * As requireSession, and sends a user who owes a second factor to set one up before
 * anything else: an LA admin whose LA requires it, and in production a platform admin.
 */
export async function requireUser(event: RequestEvent): Promise<SessionUser> {
	const { user } = requireSession(event);
	if (!user.totpEnabled) {
		const active = await activeMembership(event);
		const owed =
			(user.isPlatformAdmin && isProduction()) || (active && membershipNeedsSecondFactor(active));
		if (owed) redirect(303, '/account/two-factor?required=1');
	}
	return user;
}

/**
 * The Scope for acting as the session's active membership, which must be of the given
 * organisation kind and one of the given roles. A signed-in user without it gets 403.
 */
export async function requireScope(
	event: RequestEvent,
	need: { kind?: OrganisationKind; roles?: readonly Role[] } = {}
): Promise<Scope> {
	const user = await requireUser(event);
	const active = await activeMembership(event);
	if (!active) error(403, 'You have no role in any organisation yet.');
	if (
		(need.kind && active.organisationKind !== need.kind) ||
		(need.roles && !need.roles.includes(active.role))
	) {
		error(403, 'Your current role does not give access to this page.');
	}
	return {
		tenantId: active.tenantId,
		userId: user.id,
		email: user.email,
		membership: active,
		requestId: event.locals.requestId,
		ipAddress: event.getClientAddress()
	};
}

/** A platform administrator (who works across tenants through the system path). */
export async function requirePlatformAdmin(event: RequestEvent): Promise<SessionUser> {
	const user = await requireUser(event);
	if (!user.isPlatformAdmin) error(403, 'Only platform administrators can open this page.');
	return user;
}

/** An LA admin of the active tenant: may change the tenant's structure, settings and people. */
export const requireLaAdmin = (event: RequestEvent) =>
	requireScope(event, { kind: 'la', roles: ['admin'] });

/** An LA admin or officer: may read what the LA holds. */
export const requireLaStaff = (event: RequestEvent) =>
	requireScope(event, { kind: 'la', roles: ['admin', 'officer'] });
