import { and, count, eq, gt, isNull } from 'drizzle-orm';
import type { Scope } from '../auth/guards';
import {
	appUser,
	district,
	invitation,
	membership,
	organisation,
	setting,
	tenantUser
} from '../db/schema';
import { inTenant } from '../db/tenant';
import { boardCoverage } from './boards';

/** What the LA's home page counts. */
export async function laOverview(scope: Scope) {
	return inTenant(scope, async (tx) => {
		const [[settings], [districts], [people], [pending]] = await Promise.all([
			tx.select({ n: count() }).from(setting),
			tx.select({ n: count() }).from(district),
			tx.select({ n: count() }).from(tenantUser).where(isNull(tenantUser.deactivatedAt)),
			tx
				.select({ n: count() })
				.from(invitation)
				.where(
					and(
						isNull(invitation.acceptedAt),
						isNull(invitation.revokedAt),
						gt(invitation.expiresAt, new Date())
					)
				)
		]);
		return {
			settings: settings?.n ?? 0,
			districts: districts?.n ?? 0,
			people: people?.n ?? 0,
			pendingInvitations: pending?.n ?? 0
		};
	});
}

/** The setting the scope's membership belongs to, with the people who hold roles in it. */
export async function settingOverview(scope: Scope) {
	const settingId = scope.membership.organisationId;
	return inTenant(scope, async (tx) => {
		const [row] = await tx
			.select({
				name: organisation.name,
				urn: setting.urn,
				settingType: setting.settingType,
				phase: setting.phase,
				district: district.name
			})
			.from(setting)
			.innerJoin(
				organisation,
				and(eq(organisation.tenantId, setting.tenantId), eq(organisation.id, setting.id))
			)
			.leftJoin(
				district,
				and(eq(district.tenantId, setting.tenantId), eq(district.id, setting.districtId))
			)
			.where(eq(setting.id, settingId));
		const colleagues = await tx
			.select({ name: appUser.name, role: membership.role })
			.from(membership)
			.innerJoin(appUser, eq(appUser.id, membership.userId))
			.where(eq(membership.organisationId, settingId))
			.orderBy(membership.role, appUser.name);
		return row ? { ...row, colleagues } : null;
	});
}

/** The area board the scope's membership belongs to: what it covers and how many settings. */
export const boardOverview = (scope: Scope) =>
	boardCoverage(scope, scope.membership.organisationId);
