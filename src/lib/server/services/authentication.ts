import { and, count, eq, isNull } from 'drizzle-orm';
import { appUser, tenantUser } from '../db/schema';
import { asSystem } from '../db/system';
import { loadMemberships, type MembershipSummary } from '../auth/memberships';
import { verifyAgainstDecoy, verifyPassword } from '../auth/password';
import { createSession, invalidateSession, type SessionRecord } from '../auth/session';
import { beginAttempt, forgiveAttempt } from '../auth/throttle';
import { findUserByEmail, spendTotpCode } from './accounts';
import { writeAuditToTenants } from './audit';

export interface ClientInfo {
	ipAddress: string;
	userAgent: string;
	requestId: string;
}

export type SignInResult =
	| { ok: true; token: string; session: SessionRecord; needsCode: boolean }
	| { ok: false; reason: 'invalid' | 'deactivated' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Whether the user is not deactivated in at least one LA. */
async function hasActiveStanding(userId: string): Promise<boolean> {
	const [row] = await asSystem('authenticate', (tx) =>
		tx
			.select({ n: count() })
			.from(tenantUser)
			.where(and(eq(tenantUser.userId, userId), isNull(tenantUser.deactivatedAt)))
	);
	return (row?.n ?? 0) > 0;
}

/** Records an account event in the log of every tenant the user belongs to. */
async function auditInTenants(
	memberships: MembershipSummary[],
	user: { id: string; email: string },
	client: ClientInfo,
	action: string,
	detail: Record<string, unknown> = {}
) {
	if (!memberships.length) return;
	await asSystem('authenticate', (tx) =>
		writeAuditToTenants(
			tx,
			memberships.map((m) => m.tenantId),
			{ userId: user.id, email: user.email, ...client },
			{ action, subject: user.email, detail }
		)
	);
}

/**
 * Checks an email and password and starts a session. Unknown email and wrong password give
 * the same answer in the same time; both count towards the throttle.
 */
export async function signIn(
	email: string,
	password: string,
	client: ClientInfo
): Promise<SignInResult> {
	const attempt = await beginAttempt(email, client.ipAddress);
	if (!attempt.allowed) {
		return { ok: false, reason: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
	}

	const user = await asSystem('authenticate', (tx) => findUserByEmail(tx, email));
	if (!user?.passwordHash) {
		await verifyAgainstDecoy(password);
		return { ok: false, reason: 'invalid' };
	}
	const memberships = await loadMemberships(user.id);
	if (!(await verifyPassword(user.passwordHash, password))) {
		await auditInTenants(memberships, user, client, 'sign-in.failed', { reason: 'wrong password' });
		return { ok: false, reason: 'invalid' };
	}
	// Someone whose roles were all removed may still sign in (to accept a new invitation,
	// say); only someone deactivated in every LA they belong to is turned away.
	if (!memberships.length && !user.isPlatformAdmin && !(await hasActiveStanding(user.id))) {
		return { ok: false, reason: 'deactivated' };
	}

	await forgiveAttempt(attempt.attemptId, email);
	const first = memberships[0] ?? null;
	const needsCode = user.totpEnabledAt !== null;
	const { token, session } = await createSession(user.id, {
		activeTenantId: first?.tenantId ?? null,
		activeMembershipId: first?.id ?? null,
		secondFactorVerified: false,
		userAgent: client.userAgent,
		ipAddress: client.ipAddress
	});
	await auditInTenants(memberships, user, client, needsCode ? 'sign-in.password' : 'sign-in');
	return { ok: true, token, session, needsCode };
}

export type SecondFactorResult =
	| { ok: true; token: string; session: SessionRecord }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks an authenticator code for a session that has passed the password step, and
 * replaces the session with a new one (new id) that has passed both.
 */
export async function completeSecondFactor(
	session: SessionRecord,
	code: string,
	client: ClientInfo
): Promise<SecondFactorResult> {
	const user = await asSystem('authenticate', async (tx) => {
		const [row] = await tx.select().from(appUser).where(eq(appUser.id, session.userId));
		return row;
	});
	if (!user?.totpKey) return { ok: false, reason: 'invalid' };
	const attempt = await beginAttempt(user.email, client.ipAddress);
	if (!attempt.allowed) {
		return { ok: false, reason: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
	}
	const memberships = await loadMemberships(user.id);
	if (!(await asSystem('authenticate', (tx) => spendTotpCode(tx, user, code)))) {
		await auditInTenants(memberships, user, client, 'sign-in.failed', { reason: 'wrong code' });
		return { ok: false, reason: 'invalid' };
	}
	await forgiveAttempt(attempt.attemptId, user.email);
	await invalidateSession(session.id);
	const created = await createSession(user.id, {
		activeTenantId: session.activeTenantId,
		activeMembershipId: session.activeMembershipId,
		secondFactorVerified: true,
		userAgent: client.userAgent,
		ipAddress: client.ipAddress
	});
	await auditInTenants(memberships, user, client, 'sign-in', { secondFactor: true });
	return { ok: true, ...created };
}
