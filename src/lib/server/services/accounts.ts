import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Role } from '../../domain/organisation';
import { appUser, membership, tenantUser } from '../db/schema';
import { totpStep } from '../auth/totp';
import type { Tx } from '../db/tenant';

/** The account with this email (any case), or undefined. System path only: crosses tenants. */
export async function findUserByEmail(tx: Tx, email: string) {
	const [user] = await tx
		.select()
		.from(appUser)
		.where(sql`lower(${appUser.email}) = ${email.trim().toLowerCase()}`);
	return user;
}

/** Creates an account; the email is kept as typed but matched without case. */
export async function insertUser(
	tx: Tx,
	input: { email: string; name: string; passwordHash: string | null; isPlatformAdmin?: boolean }
) {
	const [user] = await tx
		.insert(appUser)
		.values({ ...input, email: input.email.trim() })
		.returning();
	if (!user) throw new Error('User insert returned nothing.');
	return user;
}

/**
 * Gives a user a role in an organisation, adding them to the tenant first if needed. A role
 * they already hold there is kept, never replaced: accepting an old invitation must not
 * quietly change (say, demote) a role given since; changing roles is an admin's explicit
 * act. Returns the role held afterwards. Safe to run twice at once (a double submit, or an
 * invitation accepted while an admin adds the same role): the insert waits for the other
 * and then finds its row.
 */
export async function grantMembership(
	tx: Tx,
	tenantId: string,
	userId: string,
	organisationId: string,
	role: Role
): Promise<{ id: string; role: Role; created: boolean }> {
	await tx.insert(tenantUser).values({ tenantId, userId }).onConflictDoNothing();
	const [created] = await tx
		.insert(membership)
		.values({ tenantId, userId, organisationId, role })
		.onConflictDoNothing({
			target: [membership.tenantId, membership.userId, membership.organisationId]
		})
		.returning({ id: membership.id });
	if (created) return { id: created.id, role, created: true };
	const [existing] = await tx
		.select({ id: membership.id, role: membership.role })
		.from(membership)
		.where(
			and(
				eq(membership.tenantId, tenantId),
				eq(membership.userId, userId),
				eq(membership.organisationId, organisationId)
			)
		)
		// Held until commit, so the role cannot be removed under the caller.
		.for('key share');
	// The role was taken away between the two statements: start again.
	if (!existing) return grantMembership(tx, tenantId, userId, organisationId, role);
	return { id: existing.id, role: existing.role, created: false };
}

/**
 * Accepts an authenticator code at most once: true only if it matches the user's key in a
 * time step later than the last one accepted, which it then records. System path only.
 */
export async function spendTotpCode(
	tx: Tx,
	user: { id: string; totpKey: string | null },
	code: string
): Promise<boolean> {
	const step = user.totpKey ? totpStep(user.totpKey, code) : null;
	if (step === null) return false;
	const spent = await tx
		.update(appUser)
		.set({ totpLastStep: step })
		.where(
			and(eq(appUser.id, user.id), or(isNull(appUser.totpLastStep), lt(appUser.totpLastStep, step)))
		)
		.returning({ id: appUser.id });
	return spent.length === 1;
}
