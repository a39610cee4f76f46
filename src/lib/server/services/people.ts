import {
	and,
	asc,
	count,
	eq,
	exists,
	gt,
	ilike,
	inArray,
	isNull,
	ne,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import {
	ROLE_LABELS,
	roleFitsKind,
	type OrganisationKind,
	type Role
} from '../../domain/organisation';
import { ROLE_MISMATCH, type PersonStatus } from '../../schemas/people';
import { isRecordId } from '../../domain/ids';
import type { Scope } from '../auth/guards';
import { invalidateTenantSessions, invalidateUserSessions } from '../auth/session';
import { appUser, invitation, membership, organisation, tenantUser } from '../db/schema';
import { asSystem } from '../db/system';
import { inTenant, type Tx } from '../db/tenant';
import { grantMembership } from './accounts';
import { writeAudit } from './audit';

export const PEOPLE_PAGE_SIZE = 25;

export interface PeopleFilter {
	search: string;
	kind: OrganisationKind | '';
	status: PersonStatus | '';
	page: number;
}

export interface PersonRole {
	organisationName: string;
	kind: OrganisationKind;
	role: Role;
}

/** A row of the people list: someone with an account here, or someone invited who has not accepted. */
export interface PersonRow {
	/** The user's id, or for someone invited the invitation's id. */
	id: string;
	status: PersonStatus;
	name: string;
	email: string;
	secondFactor: boolean;
	roles: PersonRole[];
}

const containing = (term: string) => `%${term.replace(/[%_\\]/g, '\\$&')}%`;
const onOrganisation = (t: typeof membership | typeof invitation) =>
	and(eq(organisation.tenantId, t.tenantId), eq(organisation.id, t.organisationId));
const liveInvitation = () =>
	and(
		isNull(invitation.acceptedAt),
		isNull(invitation.revokedAt),
		gt(invitation.expiresAt, new Date())
	);

/**
 * A page of the tenant's people, by name: everyone with an account here, and everyone with a
 * live invitation who is not here yet (an invitation to someone already here is in the
 * invitations list instead).
 */
export async function listPeople(scope: Scope, filter: PeopleFilter) {
	return inTenant(scope, async (tx) => {
		const users: SQL[] = [];
		const invited: SQL[] = [];
		if (filter.search) {
			const like = containing(filter.search);
			users.push(or(ilike(appUser.name, like), ilike(appUser.email, like))!);
			invited.push(or(ilike(invitation.name, like), ilike(invitation.email, like))!);
		}
		if (filter.kind) {
			users.push(
				exists(
					tx
						.select({ one: sql`1` })
						.from(membership)
						.innerJoin(organisation, onOrganisation(membership))
						.where(
							and(eq(membership.userId, tenantUser.userId), eq(organisation.kind, filter.kind))
						)
				)
			);
			invited.push(eq(organisation.kind, filter.kind));
		}
		if (filter.status === 'active') users.push(isNull(tenantUser.deactivatedAt));
		if (filter.status === 'deactivated') users.push(sql`${tenantUser.deactivatedAt} is not null`);
		if (filter.status === 'invited') users.push(sql`false`);
		if (filter.status && filter.status !== 'invited') invited.push(sql`false`);
		invited.push(
			liveInvitation()!,
			sql`not exists (select 1 from ${tenantUser} join ${appUser} on ${appUser.id} = ${tenantUser.userId} where lower(${appUser.email}) = lower(${invitation.email}))`
		);

		const userRows = tx
			.select({
				id: sql<string>`${appUser.id}`.as('id'),
				invited: sql<boolean>`false`.as('invited'),
				name: sql<string>`${appUser.name}`.as('name'),
				email: sql<string>`${appUser.email}`.as('email'),
				deactivated: sql<boolean>`${tenantUser.deactivatedAt} is not null`.as('deactivated'),
				secondFactor: sql<boolean>`${appUser.totpEnabledAt} is not null`.as('second_factor'),
				sortName: sql<string>`lower(${appUser.name})`.as('sort_name')
			})
			.from(tenantUser)
			.innerJoin(appUser, eq(appUser.id, tenantUser.userId))
			.where(and(...users));
		const invitationRows = tx
			.select({
				id: sql<string>`${invitation.id}`.as('id'),
				invited: sql<boolean>`true`.as('invited'),
				name: sql<string>`${invitation.name}`.as('name'),
				email: sql<string>`${invitation.email}`.as('email'),
				deactivated: sql<boolean>`false`.as('deactivated'),
				secondFactor: sql<boolean>`false`.as('second_factor'),
				sortName: sql<string>`lower(${invitation.name})`.as('sort_name')
			})
			.from(invitation)
			.innerJoin(organisation, onOrganisation(invitation))
			.where(and(...invited));

		const [page, [userCount], [invitationCount]] = await Promise.all([
			userRows
				.unionAll(invitationRows)
				.orderBy(sql`sort_name`, sql`email`, sql`id`)
				.limit(PEOPLE_PAGE_SIZE)
				.offset((filter.page - 1) * PEOPLE_PAGE_SIZE),
			tx
				.select({ n: count() })
				.from(tenantUser)
				.innerJoin(appUser, eq(appUser.id, tenantUser.userId))
				.where(and(...users)),
			tx
				.select({ n: count() })
				.from(invitation)
				.innerJoin(organisation, onOrganisation(invitation))
				.where(and(...invited))
		]);

		const userIds = page.filter((p) => !p.invited).map((p) => p.id);
		const invitationIds = page.filter((p) => p.invited).map((p) => p.id);
		const [held, offered] = await Promise.all([
			userIds.length
				? tx
						.select({
							key: membership.userId,
							organisationName: organisation.name,
							kind: organisation.kind,
							role: membership.role
						})
						.from(membership)
						.innerJoin(organisation, onOrganisation(membership))
						.where(inArray(membership.userId, userIds))
						.orderBy(asc(organisation.kind), asc(organisation.name))
				: [],
			invitationIds.length
				? tx
						.select({
							key: invitation.id,
							organisationName: organisation.name,
							kind: organisation.kind,
							role: invitation.role
						})
						.from(invitation)
						.innerJoin(organisation, onOrganisation(invitation))
						.where(inArray(invitation.id, invitationIds))
				: []
		]);
		const rolesOf = new Map<string, PersonRole[]>();
		for (const { key, ...role } of [...held, ...offered]) {
			rolesOf.set(key, [...(rolesOf.get(key) ?? []), role]);
		}
		const rows: PersonRow[] = page.map((p) => ({
			id: p.id,
			status: p.invited ? 'invited' : p.deactivated ? 'deactivated' : 'active',
			name: p.name,
			email: p.email,
			secondFactor: p.secondFactor,
			roles: rolesOf.get(p.id) ?? []
		}));
		return { rows, total: (userCount?.n ?? 0) + (invitationCount?.n ?? 0) };
	});
}

async function findPerson(tx: Tx, userId: string) {
	if (!isRecordId(userId)) return undefined;
	const [person] = await tx
		.select({
			id: appUser.id,
			name: appUser.name,
			email: appUser.email,
			createdAt: appUser.createdAt,
			totpEnabledAt: appUser.totpEnabledAt,
			deactivatedAt: tenantUser.deactivatedAt
		})
		.from(tenantUser)
		.innerJoin(appUser, eq(appUser.id, tenantUser.userId))
		.where(eq(tenantUser.userId, userId));
	return person;
}

const roleColumns = {
	id: membership.id,
	userId: membership.userId,
	organisationId: membership.organisationId,
	organisationName: organisation.name,
	kind: organisation.kind,
	role: membership.role
};

/** Someone with an account in the scope's tenant and their roles here, or undefined. */
export async function getPerson(scope: Scope, userId: string) {
	return inTenant(scope, async (tx) => {
		const person = await findPerson(tx, userId);
		if (!person) return undefined;
		const roles = await tx
			.select(roleColumns)
			.from(membership)
			.innerJoin(organisation, onOrganisation(membership))
			.where(eq(membership.userId, person.id))
			.orderBy(asc(organisation.kind), asc(organisation.name));
		return { ...person, roles };
	});
}

/** One of a person's roles in the scope's tenant, with who holds it, or undefined. */
export async function getRole(scope: Scope, userId: string, membershipId: string) {
	return inTenant(scope, (tx) => findRole(tx, userId, membershipId));
}

async function findRole(tx: Tx, userId: string, membershipId: string) {
	if (!isRecordId(userId) || !isRecordId(membershipId)) return undefined;
	const [row] = await tx
		.select({ ...roleColumns, name: appUser.name, email: appUser.email })
		.from(membership)
		.innerJoin(organisation, onOrganisation(membership))
		.innerJoin(appUser, eq(appUser.id, membership.userId))
		.where(and(eq(membership.id, membershipId), eq(membership.userId, userId)));
	return row;
}

/** Every organisation of the tenant, grouped by kind, for choosing where someone gets a role. */
export async function organisationChoices(scope: Scope) {
	const rows = await inTenant(scope, (tx) =>
		tx
			.select({ id: organisation.id, name: organisation.name, kind: organisation.kind })
			.from(organisation)
			.orderBy(asc(organisation.name))
	);
	return {
		la: rows.filter((o) => o.kind === 'la'),
		area_board: rows.filter((o) => o.kind === 'area_board'),
		setting: rows.filter((o) => o.kind === 'setting')
	};
}

/** The outcome of a change: done, or refused with a message for the person making it. */
export type Outcome = { ok: true } | { ok: false; field?: string; message: string };

/**
 * The users who are active LA admins here, read after taking the LA organisation's row lock:
 * changes that could take away an admin then run one at a time, and each reads what the one
 * before it committed, so two made at once cannot each take away "the other" last admin
 * (deactivating changes tenant_user, which locking the memberships alone would not see).
 */
async function lockActiveAdmins(tx: Tx): Promise<string[]> {
	// NO KEY UPDATE rather than UPDATE: giving someone a role in the LA takes a key-share
	// lock on this row for its foreign key, and need not wait.
	await tx
		.select({ id: organisation.id })
		.from(organisation)
		.where(eq(organisation.kind, 'la'))
		.for('no key update');
	const rows = await tx
		.select({ userId: membership.userId })
		.from(membership)
		.innerJoin(organisation, onOrganisation(membership))
		.innerJoin(
			tenantUser,
			and(eq(tenantUser.tenantId, membership.tenantId), eq(tenantUser.userId, membership.userId))
		)
		.where(
			and(
				eq(organisation.kind, 'la'),
				eq(membership.role, 'admin'),
				isNull(tenantUser.deactivatedAt)
			)
		);
	return rows.map((r) => r.userId);
}

const LAST_ADMIN =
	'The local authority must keep at least one active LA admin. Make someone else an LA admin first';

/** Whether taking userId's admin role away leaves no active LA admin. */
async function wouldLeaveNoAdmin(tx: Tx, userId: string) {
	const admins = await lockActiveAdmins(tx);
	return admins.includes(userId) && admins.every((id) => id === userId);
}

const who = (p: { name: string; email: string }) => `${p.name} (${p.email})`;

/** Gives someone with an account here a role in another organisation. Undefined if not found. */
export async function addRole(
	scope: Scope,
	userId: string,
	input: { organisationId: string; role: string }
): Promise<Outcome | undefined> {
	return inTenant(scope, async (tx) => {
		const person = await findPerson(tx, userId);
		if (!person) return undefined;
		const [org] = isRecordId(input.organisationId)
			? await tx
					.select({ id: organisation.id, name: organisation.name, kind: organisation.kind })
					.from(organisation)
					.where(eq(organisation.id, input.organisationId))
			: [];
		if (!org) return { ok: false, field: 'organisationId', message: 'Choose an organisation' };
		if (!roleFitsKind(input.role, org.kind)) {
			return { ok: false, field: 'role', message: ROLE_MISMATCH[org.kind] };
		}
		const [held] = await tx
			.select({ role: membership.role })
			.from(membership)
			.where(and(eq(membership.userId, person.id), eq(membership.organisationId, org.id)));
		if (held) {
			return {
				ok: false,
				field: 'organisationId',
				message: `${person.name} already has a role in ${org.name} (${ROLE_LABELS[held.role]}). Change that role instead`
			};
		}
		await grantMembership(tx, scope.tenantId, person.id, org.id, input.role);
		await writeAudit(tx, scope, {
			action: 'membership.added',
			subject: who(person),
			detail: { organisation: org.name, after: { role: input.role } }
		});
		return { ok: true };
	});
}

/** Changes the role someone holds in one organisation. Undefined if not found. */
export async function changeRole(
	scope: Scope,
	userId: string,
	membershipId: string,
	role: string
): Promise<Outcome | undefined> {
	return inTenant(scope, async (tx) => {
		const held = await findRole(tx, userId, membershipId);
		if (!held) return undefined;
		if (!roleFitsKind(role, held.kind))
			return { ok: false, field: 'role', message: ROLE_MISMATCH[held.kind] };
		if (role === held.role) return { ok: true };
		if (held.role === 'admin') {
			if (held.userId === scope.userId) {
				return {
					ok: false,
					field: 'role',
					message: 'You cannot take away your own LA admin role. Ask another LA admin to do it'
				};
			}
			if (await wouldLeaveNoAdmin(tx, held.userId))
				return { ok: false, field: 'role', message: LAST_ADMIN };
		}
		await tx
			.update(membership)
			.set({ role })
			.where(and(eq(membership.tenantId, scope.tenantId), eq(membership.id, held.id)));
		await writeAudit(tx, scope, {
			action: 'membership.role-changed',
			subject: who(held),
			detail: { organisation: held.organisationName, before: { role: held.role }, after: { role } }
		});
		return { ok: true };
	});
}

/** Takes away someone's role in one organisation. Undefined if not found. */
export async function removeRole(
	scope: Scope,
	userId: string,
	membershipId: string
): Promise<Outcome | undefined> {
	return inTenant(scope, async (tx) => {
		const held = await findRole(tx, userId, membershipId);
		if (!held) return undefined;
		if (held.role === 'admin') {
			if (held.userId === scope.userId) {
				return {
					ok: false,
					message: 'You cannot remove your own LA admin role. Ask another LA admin to do it'
				};
			}
			if (await wouldLeaveNoAdmin(tx, held.userId)) return { ok: false, message: LAST_ADMIN };
		}
		await tx
			.delete(membership)
			.where(and(eq(membership.tenantId, scope.tenantId), eq(membership.id, held.id)));
		await writeAudit(tx, scope, {
			action: 'membership.removed',
			subject: who(held),
			detail: { organisation: held.organisationName, before: { role: held.role } }
		});
		return { ok: true };
	});
}

/**
 * Locks someone out of the tenant and ends every session they have at once. Undefined if
 * not found; refused for oneself and for the last active LA admin.
 */
export async function deactivatePerson(scope: Scope, userId: string): Promise<Outcome | undefined> {
	const outcome = await inTenant(scope, async (tx): Promise<Outcome | undefined> => {
		const person = await findPerson(tx, userId);
		if (!person) return undefined;
		if (person.id === scope.userId) {
			return {
				ok: false,
				message: 'You cannot deactivate your own account. Ask another LA admin to do it'
			};
		}
		if (person.deactivatedAt) return { ok: true };
		if (await wouldLeaveNoAdmin(tx, person.id)) return { ok: false, message: LAST_ADMIN };
		await tx
			.update(tenantUser)
			.set({ deactivatedAt: new Date() })
			.where(and(eq(tenantUser.tenantId, scope.tenantId), eq(tenantUser.userId, person.id)));
		await writeAudit(tx, scope, {
			action: 'user.deactivated',
			subject: who(person),
			detail: { before: { status: 'active' }, after: { status: 'deactivated' } }
		});
		return { ok: true };
	});
	// Sessions live outside any tenant, so they are ended on the system path once the
	// deactivation has committed; a request already under way sees it on its next check.
	if (outcome?.ok) await invalidateTenantSessions(userId, scope.tenantId);
	return outcome;
}

/** Lets a deactivated person back into the tenant. Undefined if not found. */
export async function reactivatePerson(scope: Scope, userId: string): Promise<Outcome | undefined> {
	return inTenant(scope, async (tx) => {
		const person = await findPerson(tx, userId);
		if (!person) return undefined;
		if (!person.deactivatedAt) return { ok: true };
		await tx
			.update(tenantUser)
			.set({ deactivatedAt: null })
			.where(and(eq(tenantUser.tenantId, scope.tenantId), eq(tenantUser.userId, person.id)));
		await writeAudit(tx, scope, {
			action: 'user.reactivated',
			subject: who(person),
			detail: { before: { status: 'deactivated' }, after: { status: 'active' } }
		});
		return { ok: true };
	});
}

/**
 * Clears the authenticator of someone here who has lost theirs, and ends their sessions:
 * at their next sign-in they set one up again if their role requires it. Undefined if not
 * found; refused for oneself (Your account does that) and when none is set up.
 */
export async function resetSecondFactor(
	scope: Scope,
	userId: string
): Promise<Outcome | undefined> {
	const person = await inTenant(scope, (tx) => findPerson(tx, userId));
	if (!person) return undefined;
	if (person.id === scope.userId) {
		return { ok: false, message: 'Change your own second factor from Your account' };
	}
	if (!person.totpEnabledAt)
		return { ok: false, message: `${person.name} has no second factor set up` };
	// The account is shared by every LA the person belongs to, so only the system path may
	// change it, and only when this LA is the only one that could be asked to: otherwise one
	// LA's admin could strip the second factor guarding another LA (or the platform).
	const cleared = await asSystem('account', async (tx) => {
		const [elsewhere] = await tx
			.select({ n: count() })
			.from(tenantUser)
			.where(and(eq(tenantUser.userId, person.id), ne(tenantUser.tenantId, scope.tenantId)));
		const [account] = await tx
			.select({ isPlatformAdmin: appUser.isPlatformAdmin })
			.from(appUser)
			.where(eq(appUser.id, person.id))
			.for('update');
		if ((elsewhere?.n ?? 0) > 0 || account?.isPlatformAdmin) return false;
		await tx
			.update(appUser)
			.set({ totpKey: null, totpEnabledAt: null, totpLastStep: null })
			.where(eq(appUser.id, person.id));
		return true;
	});
	if (!cleared) {
		return {
			ok: false,
			message: `${person.name} also works with another local authority, so only the Inclusio platform team can reset their second factor`
		};
	}
	await inTenant(scope, (tx) =>
		writeAudit(tx, scope, {
			action: 'two-factor.reset',
			subject: who(person),
			detail: { before: { secondFactor: 'on' }, after: { secondFactor: 'off' } }
		})
	);
	await invalidateUserSessions(person.id);
	return { ok: true };
}
