import { describe, expect, it } from 'vitest';
import { signInSchema } from './auth';

describe('email field', () => {
	it('gives an empty box one message, and a malformed address the format message', () => {
		const empty = signInSchema.safeParse({ email: '  ', password: 'x' });
		expect(empty.error?.issues.map((i) => i.message)).toEqual(['Enter your email address']);
		const malformed = signInSchema.safeParse({ email: 'sam.kent.test', password: 'x' });
		expect(malformed.error?.issues.map((i) => i.message)).toEqual([
			'Enter an email address in the correct format, like name@example.org'
		]);
		expect(signInSchema.safeParse({ email: ' Sam@Kent.test ', password: 'x' }).data?.email).toBe(
			'Sam@Kent.test'
		);
	});
});
