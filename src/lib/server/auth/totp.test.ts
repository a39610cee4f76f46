import { generateHOTP } from '@oslojs/otp';
import { decodeBase64 } from '@oslojs/encoding';
import { describe, expect, it } from 'vitest';
import { newTotpKey, totpEnrolment, totpStep } from './totp';

describe('totpStep', () => {
	const key = newTotpKey();
	const now = Date.UTC(2026, 10, 23, 17, 0, 10);
	const step = Math.floor(now / 30_000);
	const codeFor = (s: number) => generateHOTP(decodeBase64(key), BigInt(s), 6);

	it('finds the step of a current code, allowing one step of drift either way', () => {
		expect(totpStep(key, codeFor(step), now)).toBe(step);
		expect(totpStep(key, codeFor(step - 1), now)).toBe(step - 1);
		expect(totpStep(key, codeFor(step + 1), now)).toBe(step + 1);
	});

	it('refuses codes from further away, and from another key', () => {
		expect(totpStep(key, codeFor(step - 2), now)).toBeNull();
		expect(totpStep(key, codeFor(step + 2), now)).toBeNull();
		expect(totpStep(newTotpKey(), codeFor(step), now)).toBeNull();
	});

	it('makes a key URI and QR code an authenticator app can read', () => {
		const { uri, qrSvg } = totpEnrolment(key, 'sam@kent.test');
		expect(uri).toMatch(/^otpauth:\/\/totp\/Inclusio:sam%40kent\.test\?/);
		expect(uri).toContain('digits=6');
		expect(qrSvg).toMatch(/^<svg/);
	});
});
