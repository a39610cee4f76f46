import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { decodeBase64, encodeBase64 } from '@oslojs/encoding';
import { renderSVG } from 'uqr';

const PERIOD = 30;
const DIGITS = 6;

/** A new random 160-bit TOTP key, base64 for storage. */
export function newTotpKey(): string {
	const key = new Uint8Array(20);
	crypto.getRandomValues(key);
	return encodeBase64(key);
}

/**
 * The time step (30-second window) the code belongs to, allowing one step of clock drift
 * either way, or null if it matches none. Callers refuse a step already used, so a code
 * someone saw over a shoulder cannot be replayed.
 */
export function totpStep(storedKey: string, code: string, now = Date.now()): number | null {
	const key = decodeBase64(storedKey);
	const current = Math.floor(now / (PERIOD * 1000));
	for (const step of [current - 1, current, current + 1]) {
		if (verifyHOTP(key, BigInt(step), DIGITS, code)) return step;
	}
	return null;
}

/** The otpauth:// URI an authenticator app reads, and the same as an SVG QR code. */
export function totpEnrolment(storedKey: string, accountName: string) {
	const key = decodeBase64(storedKey);
	const uri = createTOTPKeyURI('Inclusio', accountName, key, PERIOD, DIGITS);
	return { uri, qrSvg: renderSVG(uri) };
}
