import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, passwordProblem } from '../domain/password-policy';

/** An email address; an empty box gets the one message given, not a format error too. */
export const emailField = (whenEmpty: string) =>
	z
		.string()
		.trim()
		.min(1, { message: whenEmpty, abort: true })
		.max(254, 'Email address must be 254 characters or fewer')
		.email('Enter an email address in the correct format, like name@example.org');

export const email = emailField('Enter your email address');

/** A new password, checked against the policy (length and the common-password list). */
export const newPassword = z
	.string()
	.max(PASSWORD_MAX_LENGTH * 4, 'Password is too long')
	.superRefine((value, ctx) => {
		if (value === '') {
			ctx.addIssue({ code: 'custom', message: 'Enter a password' });
			return;
		}
		const problem = passwordProblem(value);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});

export const personName = z
	.string()
	.trim()
	.min(1, 'Enter the full name')
	.max(120, 'Name must be 120 characters or fewer');

export const signInSchema = z.object({
	email,
	password: z.string().min(1, 'Enter your password').max(1000, 'Password is too long')
});

export const forgotPasswordSchema = z.object({ email });

const passwordPair = z.object({ password: newPassword, confirm: z.string() });
const matching = (v: { password: string; confirm: string }) => v.password === v.confirm;
const mismatch = { message: 'The two passwords do not match', path: ['confirm'] };

export const resetPasswordSchema = passwordPair.refine(matching, mismatch);
export const acceptInvitationSchema = passwordPair
	.extend({ name: personName })
	.refine(matching, mismatch);
export const changePasswordSchema = passwordPair
	.extend({
		current: z.string().min(1, 'Enter your current password').max(1000, 'Password is too long')
	})
	.refine(matching, mismatch);

export const totpCodeSchema = z.object({
	code: z
		.string()
		.trim()
		.transform((v) => v.replace(/\s+/g, ''))
		.pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'))
});

export const disableTotpSchema = z.object({
	password: z.string().min(1, 'Enter your password').max(1000, 'Password is too long'),
	code: totpCodeSchema.shape.code
});
