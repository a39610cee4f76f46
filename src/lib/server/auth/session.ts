import type { Cookies } from '@sveltejs/kit';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, isNull, ne, or } from 'drizzle-orm';
import { config } from '../config';
import { asSystem, readAsSystem } from '../db/system';
import { appUser, userSession } from '../db/schema';

export type SessionRecord = typeof userSession.$inferSelect;
export interface SessionUser {
	id: string;
	email: string;
	name: string;
	isPlatformAdmin: boolean;
	totpEnabled: boolean;
}

/** A random 160-bit token for a cookie or an emailed link. */
export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** What is stored in place of a token: its SHA-256, so a database leak holds no live tokens. */
export const hashToken = (token: string) =>
	encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

const minutes = (n: number) => n * 60_000;
const idleMs = () => minutes(config().SESSION_IDLE_MINUTES);
const absoluteMs = () => minutes(config().SESSION_ABSOLUTE_HOURS * 60);
// Sliding the idle expiry on every request would write on every page view.
const TOUCH_AFTER_MS = minutes(1);

export interface NewSession {
	activeTenantId: string | null;
	activeMembershipId: string | null;
	secondFactorVerified: boolean;
	userAgent: string;
	ipAddress: string;
}

/** Starts a session with a fresh id; the token goes in the cookie and nowhere else. */
export async function createSession(userId: string, init: NewSession) {
	const token = generateToken();
	const now = Date.now();
	const [session] = await asSystem('session', (tx) =>
		tx
			.insert(userSession)
			.values({
				id: hashToken(token),
				userId,
				...init,
				userAgent: init.userAgent.slice(0, 300),
				idleExpiresAt: new Date(now + idleMs()),
				absoluteExpiresAt: new Date(now + absoluteMs())
			})
			.returning()
	);
	if (!session) throw new Error('Session insert returned nothing.');
	return { token, session };
}

/** The live session and its user for a cookie token, sliding the idle expiry; null if ended. */
export async function validateSessionToken(
	token: string
): Promise<{ session: SessionRecord; user: SessionUser } | null> {
	const id = hashToken(token);
	const [row] = await readAsSystem('session', (db) =>
		db
			.select({ session: userSession, user: appUser })
			.from(userSession)
			.innerJoin(appUser, eq(appUser.id, userSession.userId))
			.where(eq(userSession.id, id))
	);
	if (!row) return null;
	const { session, user } = row;
	const now = Date.now();
	if (now >= session.idleExpiresAt.getTime() || now >= session.absoluteExpiresAt.getTime()) {
		await asSystem('session', (tx) => tx.delete(userSession).where(eq(userSession.id, id)));
		return null;
	}
	if (now - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
		session.lastSeenAt = new Date(now);
		session.idleExpiresAt = new Date(Math.min(now + idleMs(), session.absoluteExpiresAt.getTime()));
		await asSystem('session', (tx) =>
			tx
				.update(userSession)
				.set({ lastSeenAt: session.lastSeenAt, idleExpiresAt: session.idleExpiresAt })
				.where(eq(userSession.id, id))
		);
	}
	return {
		session,
		user: {
			id: user.id,
			email: user.email,
			name: user.name,
			isPlatformAdmin: user.isPlatformAdmin,
			totpEnabled: user.totpEnabledAt !== null
		}
	};
}

/** Changes what a session is acting as (tenant and membership) or its second-factor state. */
export async function updateSession(
	id: string,
	changes: Partial<
		Pick<SessionRecord, 'activeTenantId' | 'activeMembershipId' | 'secondFactorVerified'>
	>
): Promise<void> {
	await asSystem('session', (tx) =>
		tx.update(userSession).set(changes).where(eq(userSession.id, id))
	);
}

/** Ends one session of a user (a user can end only their own). */
export async function invalidateSession(id: string, userId?: string): Promise<void> {
	await asSystem('session', (tx) =>
		tx
			.delete(userSession)
			.where(
				userId
					? and(eq(userSession.id, id), eq(userSession.userId, userId))
					: eq(userSession.id, id)
			)
	);
}

/** Ends every session of a user, except one when given (the one changing the password). */
export async function invalidateUserSessions(userId: string, exceptId?: string): Promise<number> {
	const ended = await asSystem('session', (tx) =>
		tx
			.delete(userSession)
			.where(
				exceptId
					? and(eq(userSession.userId, userId), ne(userSession.id, exceptId))
					: eq(userSession.userId, userId)
			)
			.returning({ id: userSession.id })
	);
	return ended.length;
}

/**
 * Ends the sessions a user is working in one tenant with (or in none yet), leaving those
 * acting for another LA they belong to: deactivation in one LA is not a ban from all.
 */
export async function invalidateTenantSessions(userId: string, tenantId: string): Promise<void> {
	await asSystem('session', (tx) =>
		tx
			.delete(userSession)
			.where(
				and(
					eq(userSession.userId, userId),
					or(eq(userSession.activeTenantId, tenantId), isNull(userSession.activeTenantId))
				)
			)
	);
}

/** A user's live sessions, newest activity first. */
export async function listUserSessions(userId: string): Promise<SessionRecord[]> {
	const rows = await asSystem('session', (tx) =>
		tx
			.select()
			.from(userSession)
			.where(eq(userSession.userId, userId))
			.orderBy(desc(userSession.lastSeenAt))
	);
	const now = Date.now();
	return rows.filter((s) => s.idleExpiresAt.getTime() > now && s.absoluteExpiresAt.getTime() > now);
}

/** The cookie's name: the __Host- prefix needs Secure, so it is used only over https. */
export const sessionCookieName = (secure: boolean) =>
	secure ? '__Host-inclusio_session' : 'inclusio_session';

/** Sets the session cookie, lasting as long as the session's absolute lifetime. */
export function setSessionCookie(cookies: Cookies, secure: boolean, token: string, expires: Date) {
	cookies.set(sessionCookieName(secure), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires
	});
}

/** Removes the session cookie. */
export function deleteSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(sessionCookieName(secure), { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
