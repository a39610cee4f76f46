import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * What is wrong with a new password, or null when it is acceptable. Length and a list of
 * common passwords only: composition rules make passwords weaker in practice (NCSC, NIST).
 */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH)
		return `Password must be at least ${PASSWORD_MIN_LENGTH} characters`;
	if (length > PASSWORD_MAX_LENGTH)
		return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
	const lower = password.toLowerCase();
	// A common password with digits or symbols tacked on is still a common password.
	const stem = lower.replace(/[^a-z]+$/u, '').replace(/^[^a-z]+/u, '');
	if (
		isCommon(lower) ||
		(stem.length >= 4 && isCommon(stem)) ||
		/^(.)\1+$/u.test(password) ||
		isRun(lower)
	) {
		return 'This password is too common. Choose a longer or less predictable one, such as three random words';
	}
	const local = context.email?.split('@')[0]?.toLowerCase();
	if (local && local.length >= 4 && lower.includes(local)) {
		return 'Password must not contain your email address';
	}
	return null;
}

// Keyboard and counting runs that no list can hold every length of.
const RUNS = ['0123456789'.repeat(30), 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm'];
const isRun = (lower: string) =>
	RUNS.some((run) => run.includes(lower) || [...run].reverse().join('').includes(lower));

// The zxcvbn-ts list of ~49,000 commonly used passwords, built into a set on first use.
let common: Set<string> | undefined;

/** Whether the lower-case candidate is in the common-password list. */
export function isCommon(candidate: string): boolean {
	common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
	return common.has(candidate);
}
