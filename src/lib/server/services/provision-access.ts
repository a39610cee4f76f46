import { and, eq } from 'drizzle-orm';
import type { Role } from '../../domain/organisation';
import type { Scope } from '../auth/guards';
import { organisation, setting } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';

/**
 * Pupil-level provision records are special-category data about children: only the
 * setting's own SENCO and head work with them, and its staff read them if the head allows.
 * No one outside the setting (LA, area boards, peer reviewers from other settings) ever does.
 */
export const PROVISION_ROLES = {
	edit: ['headteacher', 'senco'],
	/** Decides whether staff may read the records. */
	manageAccess: ['headteacher']
} as const satisfies Record<string, readonly Role[]>;

const holds = (scope: Scope, roles: readonly Role[]) =>
	scope.membership.organisationKind === 'setting' && roles.includes(scope.membership.role);

export interface ProvisionAccess {
	settingId: string;
	settingName: string;
	canEdit: boolean;
	canManageAccess: boolean;
	staffSeeProvision: boolean;
}

/**
 * What the scope may do with its own setting's provision records, or null when it may not
 * read them at all. Locks the setting row when asked, so a change of the staff rule and a
 * staff read cannot pass each other.
 */
export async function provisionAccess(
	tx: Tx,
	scope: Scope,
	options: { lock?: boolean } = {}
): Promise<ProvisionAccess | null> {
	if (scope.membership.organisationKind !== 'setting') return null;
	const query = tx
		.select({ name: organisation.name, staffSeeProvision: setting.staffSeeProvision })
		.from(setting)
		.innerJoin(
			organisation,
			and(eq(organisation.tenantId, setting.tenantId), eq(organisation.id, setting.id))
		)
		.where(eq(setting.id, scope.membership.organisationId));
	const [row] = options.lock ? await query.for('update', { of: setting }) : await query;
	if (!row) return null;
	const canEdit = holds(scope, PROVISION_ROLES.edit);
	const staffMayRead = scope.membership.role === 'staff' && row.staffSeeProvision;
	if (!canEdit && !staffMayRead) return null;
	return {
		settingId: scope.membership.organisationId,
		settingName: row.name,
		canEdit,
		canManageAccess: holds(scope, PROVISION_ROLES.manageAccess),
		staffSeeProvision: row.staffSeeProvision
	};
}

export const NO_ACCESS = { ok: false, reason: 'no-access' } as const;
export const READ_ONLY = { ok: false, reason: 'read-only' } as const;

/** Runs reading work for a scope that may read its setting's provision records. */
export function readProvision<T>(
	scope: Scope,
	work: (tx: Tx, access: ProvisionAccess) => Promise<T>
): Promise<T | typeof NO_ACCESS> {
	return inTenant(scope, async (tx) => {
		const access = await provisionAccess(tx, scope);
		return access ? work(tx, access) : NO_ACCESS;
	});
}

/** Runs writing work for the setting's SENCO or head; staff who may read get READ_ONLY. */
export function writeProvision<T>(
	scope: Scope,
	work: (tx: Tx, access: ProvisionAccess) => Promise<T>
): Promise<T | typeof NO_ACCESS | typeof READ_ONLY> {
	return inTenant(scope, async (tx) => {
		const access = await provisionAccess(tx, scope);
		if (!access) return NO_ACCESS;
		return access.canEdit ? work(tx, access) : READ_ONLY;
	});
}

/** The head lets staff read the provision records, or stops them. */
export function setStaffAccess(scope: Scope, allowed: boolean) {
	return inTenant(scope, async (tx) => {
		const access = await provisionAccess(tx, scope, { lock: true });
		if (!access) return NO_ACCESS;
		if (!access.canManageAccess) return READ_ONLY;
		await tx
			.update(setting)
			.set({ staffSeeProvision: allowed })
			.where(and(eq(setting.tenantId, scope.tenantId), eq(setting.id, access.settingId)));
		await writeAudit(tx, scope, {
			action: allowed ? 'provision.staff-allowed' : 'provision.staff-stopped',
			subject: `Provision records of ${access.settingName}`
		});
		return { ok: true } as const;
	});
}
