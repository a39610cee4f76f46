import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { mailOutbox } from '../../src/lib/server/db/schema';
import { DEMO_PASSWORD } from '../../src/lib/server/db/seed/demo';
import {
	changePassword,
	requestPasswordReset,
	resetPassword,
	resetTokenIsUsable
} from '../../src/lib/server/services/account';
import { signIn } from '../../src/lib/server/services/authentication';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

const db = useTestDatabase();
const client = { ipAddress: '192.0.2.90', userAgent: 'vitest', requestId: 'test' };

/** The token in the newest reset mail sent to this address. */
async function mailedToken(to: string) {
	const mails = await db.handle.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, to));
	const body = mails.at(-1)?.body ?? '';
	return /\/reset-password\/([a-z0-9]+)/.exec(body)?.[1] ?? '';
}

describe('password reset', () => {
	it('mails a single-use link that sets the password and signs the account out everywhere', async () => {
		const { userId } = await scopeFor('head@kent.test');
		const live = await createSession(userId, {
			activeTenantId: null,
			activeMembershipId: null,
			secondFactorVerified: false,
			userAgent: 'vitest',
			ipAddress: '192.0.2.90'
		});
		await requestPasswordReset('HEAD@kent.test', 'https://inclusio.example', client);
		const token = await mailedToken('head@kent.test');
		expect(token).toHaveLength(32);
		expect(await resetTokenIsUsable(token)).toBe(true);

		expect(await resetPassword(token, 'head-of-oakfield-2026', client)).toMatchObject({
			ok: false,
			reason: 'password'
		});
		expect(await resetPassword(token, 'a fresh start for oakfield', client)).toEqual({ ok: true });
		expect(await validateSessionToken(live.token)).toBeNull();
		expect(await resetPassword(token, 'and another one please', client)).toEqual({
			ok: false,
			reason: 'expired'
		});
		expect((await signIn('head@kent.test', 'a fresh start for oakfield', client)).ok).toBe(true);
	});

	it('sends nothing for an unknown address, and a made-up link does nothing', async () => {
		const before = await db.handle.db.select().from(mailOutbox);
		await requestPasswordReset('nobody@kent.test', 'https://inclusio.example', client);
		expect(await db.handle.db.select().from(mailOutbox)).toHaveLength(before.length);
		expect(await resetPassword('made-up-token', 'a perfectly good password', client)).toEqual({
			ok: false,
			reason: 'expired'
		});
	});

	it('voids earlier links when the password is reset or changed another way', async () => {
		await requestPasswordReset('board@kent.test', 'https://inclusio.example', client);
		const first = await mailedToken('board@kent.test');
		await requestPasswordReset('board@kent.test', 'https://inclusio.example', client);
		const second = await mailedToken('board@kent.test');
		expect(first).not.toBe(second);
		expect(await resetPassword(second, 'papers every tuesday afternoon', client)).toEqual({
			ok: true
		});
		expect(await resetTokenIsUsable(first)).toBe(false);

		await requestPasswordReset('reviewer@kent.test', 'https://inclusio.example', client);
		const pending = await mailedToken('reviewer@kent.test');
		const signedIn = await signIn('reviewer@kent.test', DEMO_PASSWORD, client);
		if (!signedIn.ok) throw new Error('sign-in failed');
		const changed = await changePassword(
			signedIn.session,
			DEMO_PASSWORD,
			'peer review is kind',
			client
		);
		expect(changed.ok).toBe(true);
		expect(await resetTokenIsUsable(pending)).toBe(false);
	});
});
