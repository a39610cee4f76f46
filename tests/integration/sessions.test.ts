import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
	createSession,
	hashToken,
	invalidateSession,
	invalidateUserSessions,
	listUserSessions,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { userSession } from '../../src/lib/server/db/schema';
import { signIn } from '../../src/lib/server/services/authentication';
import { changePassword } from '../../src/lib/server/services/account';
import { DEMO_PASSWORD } from '../../src/lib/server/db/seed/demo';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

const db = useTestDatabase();
const client = { ipAddress: '192.0.2.10', userAgent: 'vitest', requestId: 'test' };
const blank = {
	activeTenantId: null,
	activeMembershipId: null,
	secondFactorVerified: false,
	userAgent: 'vitest',
	ipAddress: '192.0.2.10'
};

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('sessions', () => {
	it('stores only a hash of the token and validates the token back to its user', async () => {
		const { userId } = await scopeFor('senco@kent.test');
		const { token, session } = await createSession(userId, blank);
		expect(session.id).toBe(hashToken(token));
		expect(session.id).not.toContain(token);
		const found = await validateSessionToken(token);
		expect(found?.user.email).toBe('senco@kent.test');
		expect(await validateSessionToken(token + 'x')).toBeNull();
	});

	it('defaults to a 2 hour idle and a 12 hour absolute timeout', async () => {
		const { userId } = await scopeFor('senco@kent.test');
		const { session } = await createSession(userId, blank);
		const idle = session.idleExpiresAt.getTime() - session.createdAt.getTime();
		const absolute = session.absoluteExpiresAt.getTime() - session.createdAt.getTime();
		expect(Math.round(idle / 60_000)).toBe(120);
		expect(Math.round(absolute / 3_600_000)).toBe(12);
	});

	it('slides the idle expiry on use, but never past the absolute cap', async () => {
		const { userId } = await scopeFor('senco@kent.test');
		const { token, session } = await createSession(userId, blank);
		await db.handle.db
			.update(userSession)
			.set({
				lastSeenAt: minutesAgo(30),
				idleExpiresAt: new Date(Date.now() + 90 * 60_000),
				absoluteExpiresAt: new Date(Date.now() + 60 * 60_000)
			})
			.where(eq(userSession.id, session.id));
		const found = await validateSessionToken(token);
		expect(found).not.toBeNull();
		expect(found!.session.idleExpiresAt.getTime()).toBe(found!.session.absoluteExpiresAt.getTime());
	});

	it('ends a session idle past its expiry, and one past its absolute lifetime', async () => {
		const { userId } = await scopeFor('senco@kent.test');
		const idle = await createSession(userId, blank);
		const old = await createSession(userId, blank);
		await db.handle.db
			.update(userSession)
			.set({ idleExpiresAt: minutesAgo(1) })
			.where(eq(userSession.id, idle.session.id));
		await db.handle.db
			.update(userSession)
			.set({ absoluteExpiresAt: minutesAgo(1) })
			.where(eq(userSession.id, old.session.id));
		expect(await validateSessionToken(idle.token)).toBeNull();
		expect(await validateSessionToken(old.token)).toBeNull();
		const left = await db.handle.db
			.select()
			.from(userSession)
			.where(sql`${userSession.id} in (${idle.session.id}, ${old.session.id})`);
		expect(left).toEqual([]);
	});

	it('ends one session, or all but one, of a user only', async () => {
		const senco = await scopeFor('senco@kent.test');
		const head = await scopeFor('head@kent.test');
		const a = await createSession(senco.userId, blank);
		const b = await createSession(senco.userId, blank);
		const c = await createSession(senco.userId, blank);
		const other = await createSession(head.userId, blank);
		await invalidateSession(a.session.id, head.userId);
		expect(await validateSessionToken(a.token)).not.toBeNull();
		await invalidateSession(a.session.id, senco.userId);
		expect(await validateSessionToken(a.token)).toBeNull();
		await invalidateUserSessions(senco.userId, b.session.id);
		expect(await validateSessionToken(b.token)).not.toBeNull();
		expect(await validateSessionToken(c.token)).toBeNull();
		expect(await validateSessionToken(other.token)).not.toBeNull();
		expect((await listUserSessions(senco.userId)).map((s) => s.id)).toEqual([b.session.id]);
	});

	it('gives every sign-in a new session id', async () => {
		const first = await signIn('head@kent.test', DEMO_PASSWORD, client);
		const second = await signIn('head@kent.test', DEMO_PASSWORD, client);
		expect(first.ok && second.ok).toBe(true);
		if (first.ok && second.ok) expect(first.session.id).not.toBe(second.session.id);
	});

	it('ends every other session when the password changes, and replaces the current one', async () => {
		const signedIn = await signIn('eysenco@kent.test', DEMO_PASSWORD, client);
		const elsewhere = await signIn('eysenco@kent.test', DEMO_PASSWORD, client);
		if (!signedIn.ok || !elsewhere.ok) throw new Error('sign-in failed');
		const wrong = await changePassword(
			signedIn.session,
			'not my password',
			'a brand new passphrase',
			client
		);
		expect(wrong).toMatchObject({ ok: false, field: 'current' });
		const changed = await changePassword(
			signedIn.session,
			DEMO_PASSWORD,
			'a brand new passphrase',
			client
		);
		expect(changed.ok).toBe(true);
		expect(await validateSessionToken(elsewhere.token)).toBeNull();
		expect(await validateSessionToken(signedIn.token)).toBeNull();
		if (changed.ok) expect(await validateSessionToken(changed.token)).not.toBeNull();
		expect((await signIn('eysenco@kent.test', DEMO_PASSWORD, client)).ok).toBe(false);
		expect((await signIn('eysenco@kent.test', 'a brand new passphrase', client)).ok).toBe(true);
	});
});
