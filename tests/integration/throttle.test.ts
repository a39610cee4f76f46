import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { beginAttempt, forgiveAttempt, THROTTLE_LIMIT } from '../../src/lib/server/auth/throttle';
import { signInFailure } from '../../src/lib/server/db/schema';
import { DEMO_PASSWORD } from '../../src/lib/server/db/seed/demo';
import { signIn } from '../../src/lib/server/services/authentication';
import { useTestDatabase } from './support/database';

const db = useTestDatabase();
const from = (ipAddress: string) => ({ ipAddress, userAgent: 'vitest', requestId: 'test' });

/** Makes n failed attempts for the email from the address. */
async function fail(n: number, email: (i: number) => string, ipAddress: string) {
	for (let i = 0; i < n; i++) expect((await beginAttempt(email(i), ipAddress)).allowed).toBe(true);
}

describe('sign-in throttling', () => {
	it('answers an unknown email and a wrong password the same way', async () => {
		const unknown = await signIn('nobody@kent.test', 'whatever password', from('198.51.100.1'));
		const wrong = await signIn('head@kent.test', 'whatever password', from('198.51.100.1'));
		expect(unknown).toEqual({ ok: false, reason: 'invalid' });
		expect(wrong).toEqual(unknown);
	});

	it('blocks an account after 10 failures in 5 minutes, even from many addresses and with the right password', async () => {
		for (let i = 0; i < THROTTLE_LIMIT; i++) {
			const result = await signIn('reviewer@kent.test', `wrong ${i}`, from(`203.0.113.${i}`));
			expect(result).toEqual({ ok: false, reason: 'invalid' });
		}
		const blocked = await signIn('reviewer@kent.test', DEMO_PASSWORD, from('203.0.113.200'));
		expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
		if (!blocked.ok && blocked.reason === 'throttled') {
			expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
			expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(300);
		}
	});

	it('holds the limit when many guesses arrive at once', async () => {
		const guesses = await Promise.all(
			Array.from({ length: 25 }, (_, i) =>
				signIn('eysenco@kent.test', `parallel guess ${i}`, from(`203.0.113.${100 + i}`))
			)
		);
		const answered = guesses.filter((g) => !g.ok && g.reason === 'invalid').length;
		expect(answered).toBe(THROTTLE_LIMIT);
		expect(guesses.filter((g) => !g.ok && g.reason === 'throttled')).toHaveLength(
			25 - THROTTLE_LIMIT
		);
	});

	it('blocks a client address after 10 failures across accounts, but not other addresses', async () => {
		await fail(THROTTLE_LIMIT, (i) => `someone${i}@kent.test`, '198.51.100.99');
		expect((await beginAttempt('board@kent.test', '198.51.100.99')).allowed).toBe(false);
		expect((await signIn('board@kent.test', DEMO_PASSWORD, from('198.51.100.98'))).ok).toBe(true);
	});

	it('forgets failures older than 5 minutes', async () => {
		await fail(THROTTLE_LIMIT, () => 'la.admin@northbury.test', '198.51.100.50');
		expect((await beginAttempt('la.admin@northbury.test', '198.51.100.51')).allowed).toBe(false);
		await db.handle.db
			.update(signInFailure)
			.set({ at: new Date(Date.now() - 6 * 60_000) })
			.where(eq(signInFailure.email, 'la.admin@northbury.test'));
		expect((await beginAttempt('la.admin@northbury.test', '198.51.100.51')).allowed).toBe(true);
	});

	it('allows exactly 10 attempts, counts emails without case, and a success forgives the account', async () => {
		await fail(THROTTLE_LIMIT - 1, () => 'Senco@Northbury.test', '198.51.100.70');
		const tenth = await beginAttempt('SENCO@northbury.test', '198.51.100.72');
		expect(tenth.allowed).toBe(true);
		expect((await beginAttempt('senco@northbury.test', '198.51.100.71')).allowed).toBe(false);
		if (tenth.allowed) await forgiveAttempt(tenth.attemptId, 'senco@northbury.test');
		expect((await beginAttempt('senco@northbury.test', '198.51.100.71')).allowed).toBe(true);
	});
});
