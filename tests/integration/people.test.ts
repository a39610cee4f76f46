import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/lib/domain/organisation';
import type { Scope } from '../../src/lib/server/auth/guards';
import { loadMemberships } from '../../src/lib/server/auth/memberships';
import {
	createSession,
	listUserSessions,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import { appUser, organisation, tenantUser } from '../../src/lib/server/db/schema';
import { asSystem } from '../../src/lib/server/db/system';
import { grantMembership, insertUser } from '../../src/lib/server/services/accounts';
import { listAudit } from '../../src/lib/server/services/audit';
import { invitePerson } from '../../src/lib/server/services/invitations';
import {
	addRole,
	changeRole,
	deactivatePerson,
	getPerson,
	getRole,
	listPeople,
	organisationChoices,
	PEOPLE_PAGE_SIZE,
	reactivatePerson,
	removeRole,
	resetSecondFactor
} from '../../src/lib/server/services/people';
import { databaseKind, useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';
import { atOnce } from './support/races';

const db = useTestDatabase();

const kent = () => scopeFor('la.admin@kent.test');
const northbury = () => scopeFor('la.admin@northbury.test');
const everything = { search: '', kind: '', status: '', page: 1 } as const;

async function organisationId(scope: Scope, name: string) {
	const choices = await organisationChoices(scope);
	const org = [...choices.la, ...choices.area_board, ...choices.setting].find(
		(o) => o.name === name
	);
	if (!org) throw new Error(`No organisation ${name}`);
	return org.id;
}

/** Adds someone straight to Kent, as an accepted invitation would. */
async function addKentPerson(email: string, name: string, organisation: string, role: Role) {
	const scope = await kent();
	const orgId = await organisationId(scope, organisation);
	return asSystem('account', async (tx) => {
		const user = await insertUser(tx, { email, name, passwordHash: null });
		const granted = await grantMembership(tx, scope.tenantId, user.id, orgId, role);
		return { userId: user.id, membershipId: granted.id };
	});
}

async function personByEmail(scope: Scope, email: string) {
	const { rows } = await listPeople(scope, { ...everything, search: email });
	const row = rows.find((r) => r.email === email);
	if (!row) throw new Error(`No ${email}`);
	return row;
}

const newSession = (userId: string) =>
	createSession(userId, {
		activeTenantId: null,
		activeMembershipId: null,
		secondFactorVerified: false,
		userAgent: 'vitest',
		ipAddress: '127.0.0.1'
	});

describe('the people list', () => {
	it("shows the tenant's people with roles, status and second factor, and no one else's", async () => {
		const { rows, total } = await listPeople(await kent(), everything);
		expect(total).toBe(8);
		expect(rows.map((r) => r.email)).not.toContain('senco@northbury.test');
		expect(rows.map((r) => r.name)).toEqual([...rows.map((r) => r.name)].sort());
		const sam = rows.find((r) => r.email === 'senco@kent.test');
		expect(sam).toMatchObject({
			status: 'active',
			secondFactor: false,
			roles: [{ organisationName: 'Oakfield Primary School', kind: 'setting', role: 'senco' }]
		});
		const other = await listPeople(await northbury(), everything);
		expect(other.rows.map((r) => r.email).sort()).toEqual([
			'la.admin@northbury.test',
			'senco@northbury.test'
		]);
	});

	it('searches by name or email and filters by organisation kind', async () => {
		const scope = await kent();
		const byName = await listPeople(scope, { ...everything, search: 'okafor' });
		expect(byName.rows.map((r) => r.email)).toEqual(['reviewer@kent.test']);
		const byEmail = await listPeople(scope, { ...everything, search: 'HEAD@' });
		expect(byEmail.rows.map((r) => r.email)).toEqual(['head@kent.test']);
		// A LIKE wildcard typed into the box is a plain character.
		expect((await listPeople(scope, { ...everything, search: '%' })).total).toBe(0);
		const boards = await listPeople(scope, { ...everything, kind: 'area_board' });
		expect(boards.rows.map((r) => r.email)).toEqual(['board@kent.test']);
		const la = await listPeople(scope, { ...everything, kind: 'la' });
		expect(la.rows.map((r) => r.email)).toEqual(['la.admin@kent.test']);
	});

	it('lists people with a live invitation as invited, until they accept', async () => {
		const scope = await kent();
		const sent = await invitePerson(scope, {
			email: 'invitee@school.test',
			name: 'Ivy Invitee',
			organisationId: await organisationId(scope, 'Westgate Primary School'),
			role: 'staff',
			origin: 'http://localhost'
		});
		expect(sent.ok).toBe(true);
		const invited = await listPeople(scope, { ...everything, status: 'invited' });
		expect(invited.rows).toEqual([
			expect.objectContaining({
				email: 'invitee@school.test',
				status: 'invited',
				roles: [{ organisationName: 'Westgate Primary School', kind: 'setting', role: 'staff' }]
			})
		]);
		const active = await listPeople(scope, { ...everything, status: 'active' });
		expect(active.rows.map((r) => r.email)).not.toContain('invitee@school.test');
		// Someone already here who is invited somewhere else is listed once, as themselves.
		await invitePerson(scope, {
			email: 'head@kent.test',
			name: 'Helen Carter',
			organisationId: await organisationId(scope, 'Westgate Primary School'),
			role: 'headteacher',
			origin: 'http://localhost'
		});
		const helen = await listPeople(scope, { ...everything, search: 'head@kent.test' });
		expect(helen.rows.map((r) => r.status)).toEqual(['active']);
	});

	it('pages through 25 at a time', async () => {
		for (let i = 0; i < 30; i++) {
			const n = String(i).padStart(2, '0');
			await addKentPerson(
				`pager${n}@school.test`,
				`Pager ${n}`,
				'Westgate Primary School',
				'staff'
			);
		}
		const scope = await kent();
		const first = await listPeople(scope, { ...everything, search: 'pager' });
		const second = await listPeople(scope, { ...everything, search: 'pager', page: 2 });
		expect(first.total).toBe(30);
		expect(first.rows).toHaveLength(PEOPLE_PAGE_SIZE);
		expect(second.rows).toHaveLength(5);
		expect(second.rows[0]?.name).toBe('Pager 25');
	});
});

describe('one person', () => {
	it('shows details and roles here; another tenant or a bad id is not found', async () => {
		const sam = await personByEmail(await kent(), 'senco@kent.test');
		const person = await getPerson(await kent(), sam.id);
		expect(person).toMatchObject({
			name: 'Sam Patel',
			email: 'senco@kent.test',
			deactivatedAt: null
		});
		expect(person?.roles).toHaveLength(1);
		expect(await getPerson(await northbury(), sam.id)).toBeUndefined();
		expect(await getPerson(await kent(), 'not-an-id')).toBeUndefined();
		const noah = await personByEmail(await northbury(), 'senco@northbury.test');
		expect(await getPerson(await kent(), noah.id)).toBeUndefined();
	});
});

describe('changing roles', () => {
	it('changes a role, audited with before and after', async () => {
		const { userId, membershipId } = await addKentPerson(
			'changer@school.test',
			'Cara Changer',
			'Cliffside Primary School',
			'staff'
		);
		const scope = await kent();
		expect(await changeRole(scope, userId, membershipId, 'senco')).toEqual({ ok: true });
		expect((await getRole(scope, userId, membershipId))?.role).toBe('senco');
		const log = await listAudit(scope, { action: 'membership.role-changed', page: 1 });
		expect(log.rows[0]).toMatchObject({
			actorEmail: 'la.admin@kent.test',
			subject: 'Cara Changer (changer@school.test)',
			detail: {
				organisation: 'Cliffside Primary School',
				before: { role: 'staff' },
				after: { role: 'senco' }
			}
		});
	});

	it('refuses a role that does not fit the organisation', async () => {
		const { userId, membershipId } = await addKentPerson(
			'misfit@school.test',
			'Mo Misfit',
			'Cliffside Primary School',
			'staff'
		);
		expect(await changeRole(await kent(), userId, membershipId, 'chair')).toEqual({
			ok: false,
			field: 'role',
			message: "A setting's roles are headteacher, SENCO or staff"
		});
		expect((await getRole(await kent(), userId, membershipId))?.role).toBe('staff');
	});

	it("Northbury cannot see or change a Kent person's roles", async () => {
		const { userId, membershipId } = await addKentPerson(
			'guarded@school.test',
			'Gus Guarded',
			'Cliffside Primary School',
			'staff'
		);
		const other = await northbury();
		expect(await getRole(other, userId, membershipId)).toBeUndefined();
		expect(await changeRole(other, userId, membershipId, 'senco')).toBeUndefined();
		expect(await removeRole(other, userId, membershipId)).toBeUndefined();
		expect(
			await addRole(other, userId, {
				organisationId: await organisationId(other, 'Fenmoor Primary School'),
				role: 'staff'
			})
		).toBeUndefined();
		expect((await getRole(await kent(), userId, membershipId))?.role).toBe('staff');
	});

	it('adds a role in another organisation, with the same checks as an invitation', async () => {
		const scope = await kent();
		const { userId } = await addKentPerson(
			'adder@school.test',
			'Ada Adder',
			'Cliffside Primary School',
			'staff'
		);
		const board = await organisationId(scope, 'East Kent Area Board');
		expect(await addRole(scope, userId, { organisationId: board, role: 'senco' })).toEqual({
			ok: false,
			field: 'role',
			message: "An area board's roles are chair or member"
		});
		const duplicate = await addRole(scope, userId, {
			organisationId: await organisationId(scope, 'Cliffside Primary School'),
			role: 'senco'
		});
		expect(duplicate).toMatchObject({ ok: false, field: 'organisationId' });
		const fenmoor = await organisationId(await northbury(), 'Fenmoor Primary School');
		expect(await addRole(scope, userId, { organisationId: fenmoor, role: 'staff' })).toMatchObject({
			ok: false,
			field: 'organisationId'
		});
		expect(await addRole(scope, userId, { organisationId: board, role: 'chair' })).toEqual({
			ok: true
		});
		expect((await getPerson(scope, userId))?.roles.map((r) => r.role).sort()).toEqual([
			'chair',
			'staff'
		]);
		const log = await listAudit(scope, { action: 'membership.added', page: 1 });
		expect(log.rows[0]).toMatchObject({
			subject: 'Ada Adder (adder@school.test)',
			detail: { organisation: 'East Kent Area Board', after: { role: 'chair' } }
		});
	});

	it('adding the same role twice at once (a double submit) gives the role once, without failing', async () => {
		const scope = await kent();
		const { userId } = await addKentPerson(
			'double.click@school.test',
			'Dee Doubleclick',
			'Cliffside Primary School',
			'staff'
		);
		const board = await organisationId(scope, 'East Kent Area Board');
		const results = await atOnce(
			db.handle.db,
			// Holding the board's row makes both wait at their insert's foreign key check.
			(tx) => tx.select().from(organisation).where(eq(organisation.id, board)).for('update'),
			[
				() => addRole(scope, userId, { organisationId: board, role: 'member' }),
				() => addRole(scope, userId, { organisationId: board, role: 'member' })
			]
		);
		// Both at once on PostgreSQL; one after the other on PGlite, where the second is told the
		// role is held by now. Never a failure.
		expect(results).toEqual(
			databaseKind === 'postgres'
				? [{ ok: true }, { ok: true }]
				: [{ ok: true }, expect.objectContaining({ ok: false, field: 'organisationId' })]
		);
		expect(
			(await getPerson(scope, userId))?.roles.map((r) => [r.organisationName, r.role])
		).toEqual([
			['East Kent Area Board', 'member'],
			['Cliffside Primary School', 'staff']
		]);
	});

	it('removes a role, audited', async () => {
		const { userId, membershipId } = await addKentPerson(
			'leaver@school.test',
			'Lee Leaver',
			'Cliffside Primary School',
			'staff'
		);
		expect(await removeRole(await kent(), userId, membershipId)).toEqual({ ok: true });
		expect((await getPerson(await kent(), userId))?.roles).toEqual([]);
		const log = await listAudit(await kent(), { action: 'membership.removed', page: 1 });
		expect(log.rows[0]?.detail).toMatchObject({ before: { role: 'staff' } });
	});
});

describe('the last LA admin', () => {
	it('an admin cannot take away their own admin role or deactivate themselves', async () => {
		const scope = await kent();
		const me = await getPerson(scope, scope.userId);
		const admin = me!.roles.find((r) => r.role === 'admin')!;
		expect(await changeRole(scope, scope.userId, admin.id, 'officer')).toMatchObject({ ok: false });
		expect(await removeRole(scope, scope.userId, admin.id)).toMatchObject({ ok: false });
		expect(await deactivatePerson(scope, scope.userId)).toMatchObject({ ok: false });
		expect((await getRole(scope, scope.userId, admin.id))?.role).toBe('admin');
	});

	it('the tenant keeps at least one active LA admin even when two admins act on each other', async () => {
		const alex = await kent();
		const second = await addKentPerson(
			'second.admin@kent.test',
			'Sol Second',
			'Kent County Council',
			'admin'
		);
		const sol: Scope = { ...alex, userId: second.userId, email: 'second.admin@kent.test' };
		const alexAdmin = (await getPerson(alex, alex.userId))!.roles.find((r) => r.role === 'admin')!;

		// Sol demotes Alex; Alex's request, decided a moment earlier, then tries to demote Sol.
		expect(await changeRole(sol, alex.userId, alexAdmin.id, 'officer')).toEqual({ ok: true });
		const refused = await changeRole(alex, second.userId, second.membershipId, 'officer');
		expect(refused).toMatchObject({ ok: false, field: 'role' });
		expect(refused && !refused.ok && refused.message).toContain('at least one active LA admin');

		expect(await removeRole(alex, second.userId, second.membershipId)).toMatchObject({ ok: false });
		expect(await deactivatePerson(alex, second.userId)).toMatchObject({ ok: false });
		expect((await getRole(alex, second.userId, second.membershipId))?.role).toBe('admin');

		// Put things back for the tests that follow.
		expect(await changeRole(sol, alex.userId, alexAdmin.id, 'admin')).toEqual({ ok: true });
	});

	it('two admins deactivating each other at the same moment leaves one of them', async () => {
		const alex = await kent();
		const third = await addKentPerson(
			'third.admin@kent.test',
			'Tam Third',
			'Kent County Council',
			'admin'
		);
		const tam: Scope = { ...alex, userId: third.userId, email: 'third.admin@kent.test' };
		// Sol, the second admin of the test before, is made an officer so that Alex and Tam
		// are the only admins.
		const sol = await personByEmail(alex, 'second.admin@kent.test');
		const solAdmin = (await getPerson(alex, sol.id))!.roles.find((r) => r.role === 'admin')!;
		expect(await changeRole(alex, sol.id, solAdmin.id, 'officer')).toEqual({ ok: true });

		const results = await atOnce(
			db.handle.db,
			(tx) =>
				tx
					.select()
					.from(tenantUser)
					.where(inArray(tenantUser.userId, [alex.userId, tam.userId]))
					.for('update'),
			[() => deactivatePerson(alex, tam.userId), () => deactivatePerson(tam, alex.userId)]
		);
		expect(results.filter((r) => r?.ok)).toHaveLength(1);
		const refused = results.find((r) => !r?.ok);
		expect(refused && !refused.ok && refused.message).toContain('at least one active LA admin');
		const stillActive = await Promise.all(
			[alex.userId, tam.userId].map(async (id) => (await loadMemberships(id)).length > 0)
		);
		expect(stillActive.filter(Boolean)).toHaveLength(1);

		// Put things back for the tests that follow: Alex active, Tam gone.
		if (stillActive[0]) return;
		expect(await reactivatePerson(tam, alex.userId)).toEqual({ ok: true });
		expect(await deactivatePerson(await kent(), tam.userId)).toEqual({ ok: true });
	});
});

describe('deactivation', () => {
	it('locks the person out of the tenant and ends every session at once', async () => {
		const { userId } = await addKentPerson(
			'goner@school.test',
			'Gail Goner',
			'Cliffside Primary School',
			'senco'
		);
		const first = await newSession(userId);
		const second = await newSession(userId);
		expect(await listUserSessions(userId)).toHaveLength(2);
		expect(await loadMemberships(userId)).toHaveLength(1);

		expect(await deactivatePerson(await northbury(), userId)).toBeUndefined();
		expect(await listUserSessions(userId)).toHaveLength(2);

		expect(await deactivatePerson(await kent(), userId)).toEqual({ ok: true });
		expect(await listUserSessions(userId)).toHaveLength(0);
		expect(await validateSessionToken(first.token)).toBeNull();
		expect(await validateSessionToken(second.token)).toBeNull();
		expect(await loadMemberships(userId)).toEqual([]);
		expect((await getPerson(await kent(), userId))?.deactivatedAt).toBeInstanceOf(Date);
		const listed = await personByEmail(await kent(), 'goner@school.test');
		expect(listed.status).toBe('deactivated');
		const log = await listAudit(await kent(), { action: 'user.deactivated', page: 1 });
		expect(log.rows[0]?.subject).toBe('Gail Goner (goner@school.test)');

		expect(await reactivatePerson(await northbury(), userId)).toBeUndefined();
		expect(await reactivatePerson(await kent(), userId)).toEqual({ ok: true });
		expect(await loadMemberships(userId)).toHaveLength(1);
		const after = await listAudit(await kent(), { action: 'user.reactivated', page: 1 });
		expect(after.total).toBe(1);
	});

	it('refuses an invitation to someone deactivated here', async () => {
		const { userId } = await addKentPerson(
			'benched@school.test',
			'Ben Benched',
			'Cliffside Primary School',
			'staff'
		);
		await deactivatePerson(await kent(), userId);
		const scope = await kent();
		const result = await invitePerson(scope, {
			email: 'benched@school.test',
			name: 'Ben Benched',
			organisationId: await organisationId(scope, 'Westgate Primary School'),
			role: 'staff',
			origin: 'http://localhost'
		});
		expect(result).toMatchObject({ ok: false, field: 'email' });
	});
});

describe('resetting a second factor', () => {
	const withAuthenticator = async (email: string, name: string) => {
		const { userId } = await addKentPerson(email, name, 'Cliffside Primary School', 'senco');
		await asSystem('account', (tx) =>
			tx
				.update(appUser)
				.set({ totpKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', totpEnabledAt: new Date() })
				.where(eq(appUser.id, userId))
		);
		return userId;
	};
	const factorOf = async (userId: string) =>
		asSystem('account', async (tx) => {
			const [row] = await tx
				.select({ key: appUser.totpKey, since: appUser.totpEnabledAt })
				.from(appUser)
				.where(eq(appUser.id, userId));
			return row;
		});

	it('clears the authenticator, ends their sessions and is audited', async () => {
		const userId = await withAuthenticator('lost.phone@kent.test', 'Lou Lostphone');
		const live = await newSession(userId);
		expect(await resetSecondFactor(await kent(), userId)).toEqual({ ok: true });
		expect(await factorOf(userId)).toEqual({ key: null, since: null });
		expect(await validateSessionToken(live.token)).toBeNull();
		const { rows } = await listAudit(await kent(), { action: 'two-factor.reset', page: 1 });
		expect(rows[0]).toMatchObject({ subject: 'Lou Lostphone (lost.phone@kent.test)' });
		expect(await resetSecondFactor(await kent(), userId)).toMatchObject({ ok: false });
	});

	it('is not possible from another tenant, nor on oneself', async () => {
		const userId = await withAuthenticator('kept.phone@kent.test', 'Kit Keptphone');
		const live = await newSession(userId);
		expect(await resetSecondFactor(await northbury(), userId)).toBeUndefined();
		expect((await factorOf(userId))?.since).not.toBeNull();
		expect(await validateSessionToken(live.token)).not.toBeNull();
		const admin = await kent();
		expect(await resetSecondFactor(admin, admin.userId)).toMatchObject({ ok: false });
	});
});
