import { and, asc, eq, isNull } from 'drizzle-orm';
import type { OrganisationKind, Role } from '../../domain/organisation';
import { readAsSystem } from '../db/system';
import { membership, organisation, tenant, tenantUser } from '../db/schema';

export interface MembershipSummary {
	id: string;
	tenantId: string;
	tenantName: string;
	tenantSlug: string;
	requireAdminMfa: boolean;
	organisationId: string;
	organisationName: string;
	organisationKind: OrganisationKind;
	role: Role;
}

/**
 * Every role the user holds, in every tenant where they are not deactivated. Crosses
 * tenants, so it is a system-path read; callers hand the result only to its own user.
 */
export async function loadMemberships(userId: string): Promise<MembershipSummary[]> {
	return readAsSystem('session', (db) =>
		db
			.select({
				id: membership.id,
				tenantId: membership.tenantId,
				tenantName: tenant.name,
				tenantSlug: tenant.slug,
				requireAdminMfa: tenant.requireAdminMfa,
				organisationId: membership.organisationId,
				organisationName: organisation.name,
				organisationKind: organisation.kind,
				role: membership.role
			})
			.from(membership)
			.innerJoin(
				tenantUser,
				and(eq(tenantUser.tenantId, membership.tenantId), eq(tenantUser.userId, membership.userId))
			)
			.innerJoin(tenant, eq(tenant.id, membership.tenantId))
			.innerJoin(
				organisation,
				and(
					eq(organisation.tenantId, membership.tenantId),
					eq(organisation.id, membership.organisationId)
				)
			)
			.where(and(eq(membership.userId, userId), isNull(tenantUser.deactivatedAt)))
			.orderBy(asc(tenant.name), asc(organisation.kind), asc(organisation.name))
	);
}

/** Whether acting as this membership needs a second factor under its tenant's rule. */
export const membershipNeedsSecondFactor = (m: MembershipSummary) =>
	m.organisationKind === 'la' && m.role === 'admin' && m.requireAdminMfa;
