import { decodeBase64 } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appUser } from '../../src/lib/server/db/schema';
import { DEMO_PASSWORD } from '../../src/lib/server/db/seed/demo';
import {
	beginTotpEnrolment,
	confirmTotpEnrolment,
	disableTotp
} from '../../src/lib/server/services/account';
import { completeSecondFactor, signIn } from '../../src/lib/server/services/authentication';
import { useTestDatabase } from './support/database';

const db = useTestDatabase();
const client = { ipAddress: '192.0.2.77', userAgent: 'vitest', requestId: 'test' };

async function keyOf(email: string) {
	const [row] = await db.handle.db
		.select({ key: appUser.totpKey })
		.from(appUser)
		.where(eq(appUser.email, email));
	return row!.key!;
}
const code = (key: string, stepsAhead = 0) =>
	generateHOTP(decodeBase64(key), BigInt(Math.floor(Date.now() / 30_000) + stepsAhead), 6);

async function enrol(email: string) {
	const first = await signIn(email, DEMO_PASSWORD, client);
	if (!first.ok) throw new Error('sign-in failed');
	await beginTotpEnrolment(first.session.userId);
	const key = await keyOf(email);
	expect(await confirmTotpEnrolment(first.session, '000000', client)).toBeNull();
	const enrolmentCode = code(key);
	const enrolled = await confirmTotpEnrolment(first.session, enrolmentCode, client);
	expect(enrolled?.session.secondFactorVerified).toBe(true);
	return { key, userId: first.session.userId, enrolmentCode };
}

describe('the second factor', () => {
	it('asks for a code after the password, and accepts each code once', async () => {
		const { key, enrolmentCode } = await enrol('head@kent.test');
		const signedIn = await signIn('head@kent.test', DEMO_PASSWORD, client);
		expect(signedIn).toMatchObject({ ok: true, needsCode: true });
		if (!signedIn.ok) return;
		expect(signedIn.session.secondFactorVerified).toBe(false);

		expect(await completeSecondFactor(signedIn.session, enrolmentCode, client)).toEqual({
			ok: false,
			reason: 'invalid'
		});
		const passed = await completeSecondFactor(signedIn.session, code(key, 1), client);
		expect(passed.ok).toBe(true);
		if (!passed.ok) return;
		expect(passed.session.secondFactorVerified).toBe(true);
		expect(passed.session.id).not.toBe(signedIn.session.id);

		const again = await signIn('head@kent.test', DEMO_PASSWORD, client);
		if (!again.ok) throw new Error('sign-in failed');
		expect((await completeSecondFactor(again.session, code(key, 1), client)).ok).toBe(false);
	});

	it('turns off only with the password and a fresh code', async () => {
		const { key, userId } = await enrol('reviewer@kent.test');
		expect(await disableTotp(userId, 'wrong password', code(key, 1), client)).toMatchObject({
			ok: false,
			field: 'password'
		});
		expect(await disableTotp(userId, DEMO_PASSWORD, '123456', client)).toMatchObject({
			ok: false,
			field: 'code'
		});
		expect(await disableTotp(userId, DEMO_PASSWORD, code(key, 1), client)).toEqual({ ok: true });
		expect(await signIn('reviewer@kent.test', DEMO_PASSWORD, client)).toMatchObject({
			ok: true,
			needsCode: false
		});
	});
});
