import { describe, expect, it } from 'vitest';
import { isCommon, passwordProblem, PASSWORD_MIN_LENGTH } from './password-policy';

describe('passwordProblem', () => {
	it('accepts a long password with no composition rules', () => {
		expect(passwordProblem('correct horse battery staple')).toBeNull();
		expect(passwordProblem('alllowercaseletters')).toBeNull();
		expect(passwordProblem('Inclusio-demo-2026')).toBeNull();
	});

	it('counts characters, not bytes, for the minimum length', () => {
		expect(passwordProblem('a'.repeat(PASSWORD_MIN_LENGTH - 1) + 'b')).toBeNull();
		expect(passwordProblem('short pass1')).toMatch(/at least 12 characters/);
		expect(passwordProblem('ééééééééééé')).toMatch(/at least 12 characters/);
	});

	it('rejects passwords from the common list, also with digits or symbols tacked on', () => {
		expect(isCommon('qwerty123456')).toBe(true);
		expect(passwordProblem('qwerty123456')).toMatch(/too common/);
		expect(passwordProblem('QWERTY123456')).toMatch(/too common/);
		expect(passwordProblem('password12345678!')).toMatch(/too common/);
		expect(passwordProblem('1234567890123')).toMatch(/too common/);
		expect(passwordProblem('aaaaaaaaaaaaaa')).toMatch(/too common/);
	});

	it('rejects a password that contains the email address', () => {
		expect(passwordProblem('sam.patel-is-great', { email: 'sam.patel@kent.test' })).toMatch(
			/email/
		);
		expect(passwordProblem('a perfectly fine phrase', { email: 'sam.patel@kent.test' })).toBeNull();
	});

	it('caps the length so hashing stays cheap', () => {
		expect(passwordProblem('x'.repeat(201) + 'yz')).toMatch(/200 characters or fewer/);
	});
});
