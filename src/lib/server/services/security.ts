import { eq } from 'drizzle-orm';
import type { Scope } from '../auth/guards';
import { tenant } from '../db/schema';
import { inTenant } from '../db/tenant';
import { writeAudit } from './audit';

/** The tenant's sign-in rules. */
export async function getSecurity(scope: Scope) {
	return inTenant(scope, async (tx) => {
		const [row] = await tx
			.select({ name: tenant.name, requireAdminMfa: tenant.requireAdminMfa })
			.from(tenant)
			.where(eq(tenant.id, scope.tenantId));
		if (!row) throw new Error('The scope names a tenant the database does not show.');
		return row;
	});
}

/** Turns the second-factor rule for LA admins on or off; returns whether anything changed. */
export async function setAdminMfa(scope: Scope, requireAdminMfa: boolean): Promise<boolean> {
	return inTenant(scope, async (tx) => {
		const [before] = await tx
			.select({ name: tenant.name, requireAdminMfa: tenant.requireAdminMfa })
			.from(tenant)
			.where(eq(tenant.id, scope.tenantId))
			.for('update');
		if (!before) throw new Error('The scope names a tenant the database does not show.');
		if (before.requireAdminMfa === requireAdminMfa) return false;
		await tx.update(tenant).set({ requireAdminMfa }).where(eq(tenant.id, scope.tenantId));
		await writeAudit(tx, scope, {
			action: 'tenant.security-changed',
			subject: before.name,
			detail: {
				before: { requireAdminMfa: before.requireAdminMfa },
				after: { requireAdminMfa }
			}
		});
		return true;
	});
}
