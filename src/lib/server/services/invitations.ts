import { and, count, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import { ROLE_LABELS, roleFitsKind, type Role } from '../../domain/organisation';
import { ROLE_MISMATCH } from '../../schemas/people';
import { isRecordId } from '../../domain/ids';
import type { Scope } from '../auth/guards';
import { hashPassword } from '../auth/password';
import { createSession, generateToken, hashToken, updateSession } from '../auth/session';
import { appUser, invitation, membership, organisation, tenant, tenantUser } from '../db/schema';
import { asSystem } from '../db/system';
import { inTenant, type Tx } from '../db/tenant';
import { queueMail } from '../mail/outbox';
import { findUserByEmail, grantMembership, insertUser } from './accounts';
import { writeAudit, type AuditActor } from './audit';
import type { ClientInfo } from './authentication';
import { brokenConstraint } from '../db/errors';

/** An invitation link works for a week, and once. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60_000;
export const INVITATIONS_PAGE_SIZE = 25;

/** Someone who sends invitations: an audit actor who is a signed-in person. */
export type Inviter = AuditActor & { userId: string };

export interface InvitationInput {
	email: string;
	name: string;
	organisationId: string;
	role: string;
	/** Where the emailed link points: the site the inviter is using. */
	origin: string;
}

export type InvitationResult =
	| { ok: true; id: string; token: string }
	| { ok: false; field: 'email' | 'organisationId' | 'role'; message: string };

const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' });
const lower = (email: string) => email.trim().toLowerCase();
const sameEmail = (column: typeof appUser.email | typeof invitation.email, email: string) =>
	sql`lower(${column}) = ${lower(email)}`;
const isOpen = () => and(isNull(invitation.acceptedAt), isNull(invitation.revokedAt));

async function tenantName(tx: Tx, tenantId: string): Promise<string> {
	const [row] = await tx.select({ name: tenant.name }).from(tenant).where(eq(tenant.id, tenantId));
	return row?.name ?? 'your local authority';
}

async function queueInvitationMail(
	tx: Tx,
	to: { email: string; name: string },
	details: { laName: string; organisationName: string; role: Role; token: string; expiresAt: Date },
	origin: string
) {
	await queueMail(tx, {
		to: to.email,
		subject: `${details.laName} has invited you to Inclusio`,
		body: [
			`Hello ${to.name},`,
			'',
			`${details.laName} has invited you to use Inclusio as ${ROLE_LABELS[details.role]} for ${details.organisationName}.`,
			'',
			'To accept, open this link:',
			'',
			`${origin}/invite/${details.token}`,
			'',
			`The link works once and expires on ${longDate.format(details.expiresAt)}. If it has expired, ask ${details.laName} to send a new one.`,
			'',
			'If you were not expecting this email, you can ignore it.'
		].join('\n')
	});
}

/**
 * Invites someone by email into an organisation of the actor's tenant, with the mail queued
 * in the same transaction. Works in a tenant transaction or a system one (a platform admin
 * inviting a new tenant's first LA admin), so every query names the tenant itself.
 */
export async function createInvitation(
	tx: Tx,
	actor: Inviter,
	input: InvitationInput
): Promise<InvitationResult> {
	const { tenantId } = actor;
	const [org] = isRecordId(input.organisationId)
		? await tx
				.select({ id: organisation.id, name: organisation.name, kind: organisation.kind })
				.from(organisation)
				.where(and(eq(organisation.tenantId, tenantId), eq(organisation.id, input.organisationId)))
		: [];
	if (!org) return { ok: false, field: 'organisationId', message: 'Choose an organisation' };
	const role = input.role;
	if (!roleFitsKind(role, org.kind))
		return { ok: false, field: 'role', message: ROLE_MISMATCH[org.kind] };

	const [person] = await tx
		.select({ userId: tenantUser.userId, deactivatedAt: tenantUser.deactivatedAt })
		.from(tenantUser)
		.innerJoin(appUser, eq(appUser.id, tenantUser.userId))
		.where(and(eq(tenantUser.tenantId, tenantId), sameEmail(appUser.email, input.email)));
	if (person?.deactivatedAt) {
		return {
			ok: false,
			field: 'email',
			message: `${input.email} has been deactivated. Reactivate them from their page instead`
		};
	}
	if (person) {
		const [held] = await tx
			.select({ role: membership.role })
			.from(membership)
			.where(
				and(
					eq(membership.tenantId, tenantId),
					eq(membership.userId, person.userId),
					eq(membership.organisationId, org.id)
				)
			);
		if (held) {
			return {
				ok: false,
				field: 'organisationId',
				message: `${input.email} already has a role in ${org.name} (${ROLE_LABELS[held.role]}). Change it from their page instead`
			};
		}
	}
	// An expired invitation cannot be accepted, but it is still open (it can be sent again),
	// and a person has one open invitation to an organisation at most: withdraw it, so that
	// the new one takes its place.
	const expired = await tx
		.update(invitation)
		.set({ revokedAt: new Date() })
		.where(
			and(
				eq(invitation.tenantId, tenantId),
				eq(invitation.organisationId, org.id),
				sameEmail(invitation.email, input.email),
				isOpen(),
				lte(invitation.expiresAt, new Date())
			)
		)
		.returning({ name: invitation.name, email: invitation.email, role: invitation.role });
	for (const old of expired) {
		await writeAudit(tx, actor, {
			action: 'invitation.revoked',
			subject: `${old.name} (${old.email})`,
			detail: {
				reason: 'Expired, replaced by a new invitation',
				before: { organisation: org.name, role: old.role }
			}
		});
	}

	const token = generateToken();
	const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_MS);
	const email = input.email.trim();
	// The unique index on open invitations decides, so two sent at the same moment cannot
	// both get in: the second waits for the first and then inserts nothing.
	const [created] = await tx
		.insert(invitation)
		.values({
			tenantId,
			email,
			name: input.name,
			organisationId: org.id,
			role,
			tokenHash: hashToken(token),
			invitedBy: actor.userId,
			expiresAt
		})
		.onConflictDoNothing()
		.returning({ id: invitation.id });
	if (!created) {
		return {
			ok: false,
			field: 'email',
			message: `An invitation to ${org.name} is already waiting for ${input.email}. Send it again from the invitations list instead`
		};
	}
	const laName = await tenantName(tx, tenantId);
	await queueInvitationMail(
		tx,
		{ email, name: input.name },
		{ laName, organisationName: org.name, role, token, expiresAt },
		input.origin
	);
	await writeAudit(tx, actor, {
		action: 'invitation.sent',
		subject: `${input.name} (${email})`,
		detail: { after: { organisation: org.name, role, expiresAt: expiresAt.toISOString() } }
	});
	return { ok: true, id: created.id, token };
}

/** Invites someone into one of the scope's organisations (see createInvitation). */
export const invitePerson = (scope: Scope, input: InvitationInput) =>
	inTenant(scope, (tx) => createInvitation(tx, scope, input));

const invitationColumns = {
	id: invitation.id,
	name: invitation.name,
	email: invitation.email,
	role: invitation.role,
	organisationName: organisation.name,
	expiresAt: invitation.expiresAt,
	createdAt: invitation.createdAt
};

const withOrganisation = and(
	eq(organisation.tenantId, invitation.tenantId),
	eq(organisation.id, invitation.organisationId)
);

/** A page of the tenant's invitations not yet accepted or revoked (expired ones included). */
export async function listInvitations(scope: Scope, page: number) {
	return inTenant(scope, async (tx) => {
		const [rows, [total]] = await Promise.all([
			tx
				.select(invitationColumns)
				.from(invitation)
				.innerJoin(organisation, withOrganisation)
				.where(isOpen())
				.orderBy(desc(invitation.createdAt), desc(invitation.id))
				.limit(INVITATIONS_PAGE_SIZE)
				.offset((page - 1) * INVITATIONS_PAGE_SIZE),
			tx.select({ n: count() }).from(invitation).where(isOpen())
		]);
		return { rows, total: total?.n ?? 0 };
	});
}

/** How many invitations are open in the scope's tenant (expired ones included). */
export async function countOpenInvitations(scope: Scope): Promise<number> {
	const [row] = await inTenant(scope, (tx) =>
		tx.select({ n: count() }).from(invitation).where(isOpen())
	);
	return row?.n ?? 0;
}

async function findOpen(tx: Tx, invitationId: string) {
	if (!isRecordId(invitationId)) return undefined;
	const [row] = await tx
		.select({ ...invitationColumns, organisationId: invitation.organisationId })
		.from(invitation)
		.innerJoin(organisation, withOrganisation)
		.where(and(eq(invitation.id, invitationId), isOpen()));
	return row;
}

/**
 * The invitation, only while it is still open: an update waiting on an acceptance's row
 * lock re-reads this condition, and so changes nothing once the invitation is accepted.
 */
const openById = (scope: Scope, invitationId: string) =>
	and(eq(invitation.tenantId, scope.tenantId), eq(invitation.id, invitationId), isOpen());

/** One invitation still open in the scope's tenant, or undefined. */
export const getOpenInvitation = (scope: Scope, invitationId: string) =>
	inTenant(scope, (tx) => findOpen(tx, invitationId));

/**
 * Sends an open invitation again with a new link and a new week to use it; the old link
 * stops working. False when there is no such open invitation in the tenant, including one
 * accepted or withdrawn while this was being done.
 */
export async function resendInvitation(
	scope: Scope,
	invitationId: string,
	origin: string
): Promise<boolean> {
	return inTenant(scope, async (tx) => {
		const found = await findOpen(tx, invitationId);
		if (!found) return false;
		const token = generateToken();
		const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_MS);
		const [resent] = await tx
			.update(invitation)
			.set({ tokenHash: hashToken(token), expiresAt })
			.where(openById(scope, found.id))
			.returning({ id: invitation.id });
		if (!resent) return false;
		const laName = await tenantName(tx, scope.tenantId);
		await queueInvitationMail(
			tx,
			found,
			{ laName, organisationName: found.organisationName, role: found.role, token, expiresAt },
			origin
		);
		await writeAudit(tx, scope, {
			action: 'invitation.resent',
			subject: `${found.name} (${found.email})`,
			detail: {
				organisation: found.organisationName,
				role: found.role,
				before: { expiresAt: found.expiresAt.toISOString() },
				after: { expiresAt: expiresAt.toISOString() }
			}
		});
		return true;
	});
}

/**
 * Withdraws an open invitation so its link stops working. False when there is none,
 * including one accepted while this was being done.
 */
export async function revokeInvitation(scope: Scope, invitationId: string): Promise<boolean> {
	return inTenant(scope, async (tx) => {
		const found = await findOpen(tx, invitationId);
		if (!found) return false;
		const [revoked] = await tx
			.update(invitation)
			.set({ revokedAt: new Date() })
			.where(openById(scope, found.id))
			.returning({ id: invitation.id });
		if (!revoked) return false;
		await writeAudit(tx, scope, {
			action: 'invitation.revoked',
			subject: `${found.name} (${found.email})`,
			detail: { before: { organisation: found.organisationName, role: found.role } }
		});
		return true;
	});
}

export type InvitationState = 'pending' | 'expired' | 'revoked' | 'accepted';

const stateOf = (row: {
	acceptedAt: Date | null;
	revokedAt: Date | null;
	expiresAt: Date;
}): InvitationState =>
	row.acceptedAt
		? 'accepted'
		: row.revokedAt
			? 'revoked'
			: row.expiresAt.getTime() <= Date.now()
				? 'expired'
				: 'pending';

// Tokens are 32 characters; anything much longer is not worth hashing.
const tokenHashOf = (token: string) => (token.length <= 100 ? hashToken(token) : '');

/** The invitation behind an emailed link, locked when accepting so it is used only once. */
async function byToken(tx: Tx, token: string, lock: boolean) {
	const query = tx
		.select({
			tenantId: invitation.tenantId,
			id: invitation.id,
			name: invitation.name,
			email: invitation.email,
			role: invitation.role,
			organisationId: invitation.organisationId,
			organisationName: organisation.name,
			laName: tenant.name,
			expiresAt: invitation.expiresAt,
			acceptedAt: invitation.acceptedAt,
			revokedAt: invitation.revokedAt
		})
		.from(invitation)
		.innerJoin(organisation, withOrganisation)
		.innerJoin(tenant, eq(tenant.id, invitation.tenantId))
		.where(eq(invitation.tokenHash, tokenHashOf(token)));
	const [row] = lock ? await query.for('update', { of: invitation }) : await query;
	return row;
}

/** What the invitation page shows for a link: who is invited to what, and whether it works. */
export async function lookupInvitation(token: string) {
	return asSystem('invitation', async (tx) => {
		const row = await byToken(tx, token, false);
		if (!row) return null;
		const account = await findUserByEmail(tx, row.email);
		return {
			state: stateOf(row),
			name: row.name,
			email: row.email,
			role: row.role,
			organisationName: row.organisationName,
			laName: row.laName,
			expiresAt: row.expiresAt,
			hasAccount: account !== undefined
		};
	});
}

export type AcceptResult<T> =
	| ({ ok: true } & T)
	| {
			ok: false;
			reason: InvitationState | 'unknown' | 'has-account' | 'wrong-account' | 'deactivated';
	  };

type Invitation = NonNullable<Awaited<ReturnType<typeof byToken>>>;

/** Adds the invited role, marks the invitation used and audits it; in the caller's transaction. */
async function grantInvited(
	tx: Tx,
	row: Invitation,
	user: { id: string; email: string },
	client: ClientInfo
) {
	const granted = await grantMembership(tx, row.tenantId, user.id, row.organisationId, row.role);
	await tx
		.update(invitation)
		.set({ acceptedAt: new Date() })
		.where(and(eq(invitation.tenantId, row.tenantId), eq(invitation.id, row.id)));
	await writeAudit(
		tx,
		{
			tenantId: row.tenantId,
			userId: user.id,
			email: user.email,
			ipAddress: client.ipAddress,
			requestId: client.requestId
		},
		{
			action: 'invitation.accepted',
			subject: `${row.name} (${row.email})`,
			detail: {
				organisation: row.organisationName,
				after: { role: granted.role },
				// They were given a role there after this invitation was sent: it stands.
				...(granted.created ? {} : { invitedAs: row.role, keptRole: granted.role })
			}
		}
	);
	return { tenantId: row.tenantId, membershipId: granted.id };
}

/**
 * Accepts an invitation for someone with no account yet: creates it with their password and
 * starts a session in the new membership. Refuses a used, expired or revoked link, and an
 * email that has an account by now (they sign in and accept instead).
 */
export async function acceptAsNewUser(
	token: string,
	input: { name: string; password: string },
	client: ClientInfo
): Promise<
	AcceptResult<{ token: string; session: Awaited<ReturnType<typeof createSession>>['session'] }>
> {
	const passwordHash = await hashPassword(input.password);
	let accepted: AcceptResult<{ userId: string; tenantId: string; membershipId: string }>;
	try {
		accepted = await asSystem('invitation', async (tx) => {
			const row = await byToken(tx, token, true);
			if (!row) return { ok: false, reason: 'unknown' };
			const state = stateOf(row);
			if (state !== 'pending') return { ok: false, reason: state };
			if (await findUserByEmail(tx, row.email)) return { ok: false, reason: 'has-account' };
			const user = await insertUser(tx, { email: row.email, name: input.name, passwordHash });
			return { ok: true, userId: user.id, ...(await grantInvited(tx, row, user, client)) };
		});
	} catch (e) {
		// Two links for one address accepted at the same moment: the second account loses.
		if (brokenConstraint(e, '23505') !== null) return { ok: false, reason: 'has-account' };
		throw e;
	}
	if (!accepted.ok) return accepted;
	const started = await createSession(accepted.userId, {
		activeTenantId: accepted.tenantId,
		activeMembershipId: accepted.membershipId,
		secondFactorVerified: false,
		userAgent: client.userAgent,
		ipAddress: client.ipAddress
	});
	return { ok: true, ...started };
}

/**
 * Accepts an invitation for the signed-in person whose email it was sent to: adds the role
 * and makes it the one their session acts as.
 */
export async function acceptAsMember(
	token: string,
	user: { id: string; email: string },
	sessionId: string,
	client: ClientInfo
): Promise<AcceptResult<{ membershipId: string }>> {
	const accepted: AcceptResult<{ tenantId: string; membershipId: string }> = await asSystem(
		'invitation',
		async (tx) => {
			const row = await byToken(tx, token, true);
			if (!row) return { ok: false, reason: 'unknown' };
			const state = stateOf(row);
			if (state !== 'pending') return { ok: false, reason: state };
			if (lower(row.email) !== lower(user.email)) return { ok: false, reason: 'wrong-account' };
			const [standing] = await tx
				.select({ deactivatedAt: tenantUser.deactivatedAt })
				.from(tenantUser)
				.where(and(eq(tenantUser.tenantId, row.tenantId), eq(tenantUser.userId, user.id)));
			if (standing?.deactivatedAt) return { ok: false, reason: 'deactivated' };
			return { ok: true, ...(await grantInvited(tx, row, user, client)) };
		}
	);
	if (!accepted.ok) return accepted;
	await updateSession(sessionId, {
		activeTenantId: accepted.tenantId,
		activeMembershipId: accepted.membershipId
	});
	return { ok: true, membershipId: accepted.membershipId };
}
