import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { minutesText } from '../../domain/format';
import { passwordProblem } from '../../domain/password-policy';
import { loadMemberships, membershipNeedsSecondFactor } from '../auth/memberships';
import { hashPassword, verifyPassword } from '../auth/password';
import {
	createSession,
	generateToken,
	hashToken,
	invalidateSession,
	invalidateUserSessions,
	type SessionRecord
} from '../auth/session';
import { newTotpKey, totpEnrolment } from '../auth/totp';
import { beginAttempt, forgiveAttempt } from '../auth/throttle';
import { appUser, passwordReset } from '../db/schema';
import { asSystem } from '../db/system';
import type { Tx } from '../db/tenant';
import { queueMail } from '../mail/outbox';
import { findUserByEmail, spendTotpCode } from './accounts';
import { writeAuditToTenants } from './audit';
import type { ClientInfo } from './authentication';

/** A reset link lives for 30 minutes and works once. */
export const RESET_LIFETIME_MS = 30 * 60_000;
// More reset mails than this in an hour for one account is someone else pressing the button.
const RESETS_PER_HOUR = 3;

async function getUser(tx: Tx, userId: string) {
	const [user] = await tx.select().from(appUser).where(eq(appUser.id, userId));
	if (!user) throw new Error('User not found.');
	return user;
}

/** The tenants whose audit logs an account event goes to (read before a system transaction). */
const tenantsOf = async (userId: string) => (await loadMemberships(userId)).map((m) => m.tenantId);

const accountEvent = (
	user: { id: string; email: string },
	client: ClientInfo,
	action: string,
	detail: Record<string, unknown> = {}
) => ({
	actor: { userId: user.id, email: user.email, ...client },
	input: { action, subject: user.email, detail }
});

/**
 * Emails a single-use reset link if the address belongs to an account. The caller always
 * shows the same answer, so the form cannot be used to find out who has an account.
 */
export async function requestPasswordReset(email: string, origin: string, client: ClientInfo) {
	const user = await asSystem('password-reset', (tx) => findUserByEmail(tx, email));
	if (!user) return;
	const tenants = await tenantsOf(user.id);
	const token = generateToken();
	await asSystem('password-reset', async (tx) => {
		const [recent] = await tx
			.select({ n: count() })
			.from(passwordReset)
			.where(
				and(
					eq(passwordReset.userId, user.id),
					gt(passwordReset.createdAt, new Date(Date.now() - 60 * 60_000))
				)
			);
		if ((recent?.n ?? 0) >= RESETS_PER_HOUR) return;
		await tx.insert(passwordReset).values({
			tokenHash: hashToken(token),
			userId: user.id,
			expiresAt: new Date(Date.now() + RESET_LIFETIME_MS)
		});
		await queueMail(tx, {
			to: user.email,
			subject: 'Reset your Inclusio password',
			body: [
				`Hello ${user.name},`,
				'',
				'Someone asked to reset the password for your Inclusio account. To choose a new password, open this link within 30 minutes:',
				'',
				`${origin}/reset-password/${token}`,
				'',
				'The link works once. If you did not ask for this, ignore this email: your password has not changed.'
			].join('\n')
		});
		const { actor, input } = accountEvent(user, client, 'password.reset-requested');
		await writeAuditToTenants(tx, tenants, actor, input);
	});
}

const usableReset = (token: string) =>
	and(
		eq(passwordReset.tokenHash, hashToken(token)),
		isNull(passwordReset.usedAt),
		gt(passwordReset.expiresAt, new Date())
	);

/** The account a reset link can still be used for, or undefined. */
async function resetAccount(token: string) {
	const [row] = await asSystem('password-reset', (tx) =>
		tx
			.select({ id: appUser.id, email: appUser.email })
			.from(passwordReset)
			.innerJoin(appUser, eq(appUser.id, passwordReset.userId))
			.where(usableReset(token))
	);
	return row;
}

/** Whether a reset link can still be used. */
export const resetTokenIsUsable = async (token: string) => !!(await resetAccount(token));

export type ResetResult =
	| { ok: true }
	| { ok: false; reason: 'expired' }
	| { ok: false; reason: 'password'; message: string };

/**
 * Sets a new password through a reset link, using up every reset link of the account and
 * ending every session of it. The link is checked before the costly hashing, so a made-up
 * link costs the server nothing much.
 */
export async function resetPassword(
	token: string,
	password: string,
	client: ClientInfo
): Promise<ResetResult> {
	const account = await resetAccount(token);
	if (!account) return { ok: false, reason: 'expired' };
	const problem = passwordProblem(password, { email: account.email });
	if (problem) return { ok: false, reason: 'password', message: problem };
	const passwordHash = await hashPassword(password);
	const tenants = await tenantsOf(account.id);
	const done = await asSystem('password-reset', async (tx) => {
		// Single use even when two tabs submit the same link at once.
		const [used] = await tx
			.update(passwordReset)
			.set({ usedAt: new Date() })
			.where(usableReset(token))
			.returning({ userId: passwordReset.userId });
		if (!used) return false;
		// Any other link mailed to this account stops working too.
		await tx
			.delete(passwordReset)
			.where(and(eq(passwordReset.userId, used.userId), isNull(passwordReset.usedAt)));
		await tx.update(appUser).set({ passwordHash }).where(eq(appUser.id, used.userId));
		const { actor, input } = accountEvent(account, client, 'password.reset');
		await writeAuditToTenants(tx, tenants, actor, input);
		return true;
	});
	if (!done) return { ok: false, reason: 'expired' };
	await invalidateUserSessions(account.id);
	return { ok: true };
}

export type ChangePasswordResult =
	| { ok: true; token: string; session: SessionRecord }
	| { ok: false; field: 'current' | 'password'; message: string };

/**
 * Changes the password of a signed-in user after checking the current one. Every other
 * session ends and the current one is replaced by a new one (new id).
 */
export async function changePassword(
	session: SessionRecord,
	current: string,
	password: string,
	client: ClientInfo
): Promise<ChangePasswordResult> {
	const user = await asSystem('account', (tx) => getUser(tx, session.userId));
	const attempt = await countedAttempt(user.email, client);
	if (!attempt.ok) return { ok: false, field: 'current', message: attempt.message };
	if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current))) {
		return { ok: false, field: 'current', message: 'Your current password is not right' };
	}
	await forgiveAttempt(attempt.attemptId, user.email);
	if (current === password) {
		return {
			ok: false,
			field: 'password',
			message: 'Choose a password you have not used here before'
		};
	}
	const passwordHash = await hashPassword(password);
	const tenants = await tenantsOf(user.id);
	await asSystem('account', async (tx) => {
		await tx.update(appUser).set({ passwordHash }).where(eq(appUser.id, user.id));
		// A reset link mailed before the change must not undo it.
		await tx
			.delete(passwordReset)
			.where(and(eq(passwordReset.userId, user.id), isNull(passwordReset.usedAt)));
		const { actor, input } = accountEvent(user, client, 'password.changed');
		await writeAuditToTenants(tx, tenants, actor, input);
	});
	await invalidateUserSessions(user.id);
	const created = await createSession(user.id, {
		activeTenantId: session.activeTenantId,
		activeMembershipId: session.activeMembershipId,
		secondFactorVerified: session.secondFactorVerified,
		userAgent: client.userAgent,
		ipAddress: client.ipAddress
	});
	return { ok: true, ...created };
}

/**
 * Starts a throttled attempt at the password or a code, as sign-in does: a stolen session
 * must not become a way to guess them at leisure. A message when there were too many.
 */
async function countedAttempt(
	email: string,
	client: ClientInfo
): Promise<{ ok: true; attemptId: number } | { ok: false; message: string }> {
	const attempt = await beginAttempt(email, client.ipAddress);
	return attempt.allowed
		? { ok: true, attemptId: attempt.attemptId }
		: {
				ok: false,
				message: `Too many wrong attempts. Wait ${minutesText(attempt.retryAfterSeconds)} and try again`
			};
}

/** Where the user stands with their authenticator: enrolled, half-way, or not started. */
export async function secondFactorStatus(userId: string) {
	const user = await asSystem('account', (tx) => getUser(tx, userId));
	const memberships = await loadMemberships(userId);
	const required = memberships.some(membershipNeedsSecondFactor);
	if (user.totpEnabledAt) return { state: 'enabled' as const, since: user.totpEnabledAt, required };
	if (user.totpKey) {
		return { state: 'pending' as const, ...totpEnrolment(user.totpKey, user.email), required };
	}
	return { state: 'off' as const, required };
}

/** Starts (or restarts) enrolment with a new key that is not yet in force. */
export async function beginTotpEnrolment(userId: string): Promise<void> {
	await asSystem('account', (tx) =>
		tx
			.update(appUser)
			.set({ totpKey: newTotpKey(), totpLastStep: null })
			.where(and(eq(appUser.id, userId), isNull(appUser.totpEnabledAt)))
	);
}

/**
 * Puts the pending key in force once the user proves their app has it, and replaces the
 * session with one that has passed the second factor.
 */
export async function confirmTotpEnrolment(
	session: SessionRecord,
	code: string,
	client: ClientInfo
) {
	const user = await asSystem('account', (tx) => getUser(tx, session.userId));
	if (user.totpEnabledAt) return null;
	if (!(await asSystem('account', (tx) => spendTotpCode(tx, user, code)))) return null;
	const tenants = await tenantsOf(user.id);
	await asSystem('account', async (tx) => {
		await tx.update(appUser).set({ totpEnabledAt: new Date() }).where(eq(appUser.id, user.id));
		const { actor, input } = accountEvent(user, client, 'two-factor.enabled');
		await writeAuditToTenants(tx, tenants, actor, input);
	});
	await invalidateSession(session.id);
	return createSession(user.id, {
		activeTenantId: session.activeTenantId,
		activeMembershipId: session.activeMembershipId,
		secondFactorVerified: true,
		userAgent: client.userAgent,
		ipAddress: client.ipAddress
	});
}

export type DisableTotpResult =
	{ ok: true } | { ok: false; field: 'password' | 'code'; message: string };

/** Turns the second factor off, given the password and a current code, unless an LA requires it. */
export async function disableTotp(
	userId: string,
	password: string,
	code: string,
	client: ClientInfo
): Promise<DisableTotpResult> {
	const user = await asSystem('account', (tx) => getUser(tx, userId));
	const memberships = await loadMemberships(userId);
	if (memberships.some(membershipNeedsSecondFactor)) {
		return {
			ok: false,
			field: 'password',
			message:
				'Your local authority requires a second factor for its admins, so it cannot be turned off'
		};
	}
	const attempt = await countedAttempt(user.email, client);
	if (!attempt.ok) return { ok: false, field: 'password', message: attempt.message };
	if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
		return { ok: false, field: 'password', message: 'Your password is not right' };
	}
	if (!(await asSystem('account', (tx) => spendTotpCode(tx, user, code)))) {
		return {
			ok: false,
			field: 'code',
			message: 'The code is not right. Enter the current code from your app'
		};
	}
	await forgiveAttempt(attempt.attemptId, user.email);
	await asSystem('account', async (tx) => {
		await tx
			.update(appUser)
			.set({ totpKey: null, totpEnabledAt: null, totpLastStep: null })
			.where(eq(appUser.id, userId));
		const { actor, input } = accountEvent(user, client, 'two-factor.disabled');
		await writeAuditToTenants(
			tx,
			memberships.map((m) => m.tenantId),
			actor,
			input
		);
	});
	return { ok: true };
}
