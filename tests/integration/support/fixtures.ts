import { and, desc, eq, sql } from 'drizzle-orm';
import { beforeAll } from 'vitest';
import type { Scope } from '../../../src/lib/server/auth/guards';
import { loadMemberships } from '../../../src/lib/server/auth/memberships';
import type { Database } from '../../../src/lib/server/db/client';
import { appUser, auditEvent } from '../../../src/lib/server/db/schema';
import { listAudit } from '../../../src/lib/server/services/audit';
import { asSystem } from '../../../src/lib/server/db/system';

/** The Scope a demo account gets when acting as its first membership. */
export async function scopeFor(email: string): Promise<Scope> {
	const user = await asSystem('account', async (tx) => {
		const [row] = await tx
			.select()
			.from(appUser)
			.where(and(eq(sql`lower(${appUser.email})`, email)));
		return row;
	});
	if (!user) throw new Error(`No demo user ${email}`);
	const [membership] = await loadMemberships(user.id);
	if (!membership) throw new Error(`${email} has no membership`);
	return {
		tenantId: membership.tenantId,
		userId: user.id,
		email: user.email,
		membership,
		requestId: 'test',
		ipAddress: '127.0.0.1'
	};
}

/**
 * Registers a beforeAll hook that fills in the LA admin scopes of both demo tenants: Kent, the
 * tenant under test, and Northbury, the other tenant that must see none of it. Read them inside
 * hooks and tests, after the database hook registered before this one has run.
 */
export function useAdminScopes() {
	const admin = {} as { kent: Scope; northbury: Scope };
	beforeAll(async () => {
		admin.kent = await scopeFor('la.admin@kent.test');
		admin.northbury = await scopeFor('la.admin@northbury.test');
	});
	return admin;
}

/** The newest audit event of one action in the scope's tenant, as the audit page lists it. */
export const latestAudit = async (scope: Scope, action: string) =>
	(await listAudit(scope, { action, page: 1 })).rows[0];

/**
 * The newest events of one action recorded in the scope's tenant, including those the LA's
 * audit page leaves out (pupil-level provision work), read past row-level security.
 */
export const recordedAudit = (db: Database, scope: Scope, action: string) =>
	db
		.select()
		.from(auditEvent)
		.where(and(eq(auditEvent.tenantId, scope.tenantId), eq(auditEvent.action, action)))
		.orderBy(desc(auditEvent.at), desc(auditEvent.id));
