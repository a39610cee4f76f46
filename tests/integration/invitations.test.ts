import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadMemberships } from '../../src/lib/server/auth/memberships';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { appUser, invitation, organisation } from '../../src/lib/server/db/schema';
import { asSystem } from '../../src/lib/server/db/system';
import type { Tx } from '../../src/lib/server/db/tenant';
import { recentMail } from '../../src/lib/server/mail/outbox';
import { listAudit } from '../../src/lib/server/services/audit';
import {
	acceptAsMember,
	acceptAsNewUser,
	createInvitation,
	getOpenInvitation,
	invitePerson,
	listInvitations,
	lookupInvitation,
	resendInvitation,
	revokeInvitation
} from '../../src/lib/server/services/invitations';
import { addRole, organisationChoices } from '../../src/lib/server/services/people';
import { databaseKind, useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';
import { atOnce } from './support/races';

const db = useTestDatabase();

const origin = 'https://inclusio.example';
const client = { ipAddress: '127.0.0.1', userAgent: 'vitest', requestId: 'test' };
const password = 'violet kettle harbour lamp';

const kent = () => scopeFor('la.admin@kent.test');
const northbury = () => scopeFor('la.admin@northbury.test');

async function kentOrganisation(name: string) {
	const choices = await organisationChoices(await kent());
	const org = [...choices.la, ...choices.area_board, ...choices.setting].find(
		(o) => o.name === name
	);
	if (!org) throw new Error(`No organisation ${name}`);
	return org.id;
}

/** The token in the newest mail to this address. */
async function tokenMailedTo(email: string) {
	const mail = (await recentMail()).find((m) => m.toAddress === email);
	const token = mail?.body.match(/\/invite\/([a-z0-9]+)/)?.[1];
	if (!mail || !token) throw new Error(`No invitation mailed to ${email}`);
	return { token, mail };
}

async function invite(email: string, organisation = 'Westgate Primary School', role = 'senco') {
	const result = await invitePerson(await kent(), {
		email,
		name: 'Jo Newcomer',
		organisationId: await kentOrganisation(organisation),
		role,
		origin
	});
	if (!result.ok) throw new Error(result.message);
	return result;
}

const usersWithEmail = (email: string) =>
	asSystem('account', (tx) =>
		tx
			.select()
			.from(appUser)
			.where(sql`lower(${appUser.email}) = ${email.toLowerCase()}`)
	);

describe('sending an invitation', () => {
	it('stores only the token hash, queues the mail with a working link in the same step, and audits it', async () => {
		const result = await invite('new.senco@school.test');
		const { token, mail } = await tokenMailedTo('new.senco@school.test');
		expect(token).toBe(result.token);
		expect(mail.body).toContain(`${origin}/invite/${token}`);
		expect(mail.body).toContain('Westgate Primary School');
		expect(mail.subject).toContain('Kent County Council');

		const [row] = await asSystem('invitation', (tx) =>
			tx.select().from(invitation).where(eq(invitation.id, result.id))
		);
		expect(row?.tokenHash).not.toBe(token);
		expect(row?.tokenHash).toHaveLength(64);
		const days = (row!.expiresAt.getTime() - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(6.99);
		expect(days).toBeLessThanOrEqual(7);

		const view = await lookupInvitation(token);
		expect(view).toMatchObject({
			state: 'pending',
			email: 'new.senco@school.test',
			organisationName: 'Westgate Primary School',
			role: 'senco',
			laName: 'Kent County Council',
			hasAccount: false
		});
		const log = await listAudit(await kent(), { action: 'invitation.sent', page: 1 });
		expect(log.rows[0]?.subject).toContain('new.senco@school.test');
	});

	it('refuses a role that does not fit the organisation, with a clear message', async () => {
		const result = await invitePerson(await kent(), {
			email: 'wrong.role@school.test',
			name: 'Wrong Role',
			organisationId: await kentOrganisation('Westgate Primary School'),
			role: 'chair',
			origin
		});
		expect(result).toEqual({
			ok: false,
			field: 'role',
			message: "A setting's roles are headteacher, SENCO or staff"
		});
		const laResult = await invitePerson(await kent(), {
			email: 'wrong.role@school.test',
			name: 'Wrong Role',
			organisationId: await kentOrganisation('Kent County Council'),
			role: 'senco',
			origin
		});
		expect(laResult).toMatchObject({ ok: false, field: 'role' });
		expect(await recentMail()).not.toContainEqual(
			expect.objectContaining({ toAddress: 'wrong.role@school.test' })
		);
	});

	it('refuses someone who already holds a role in that organisation', async () => {
		const result = await invitePerson(await kent(), {
			email: 'SENCO@kent.test',
			name: 'Sam Patel',
			organisationId: await kentOrganisation('Oakfield Primary School'),
			role: 'staff',
			origin
		});
		expect(result).toMatchObject({ ok: false, field: 'organisationId' });
		if (!result.ok) expect(result.message).toContain('already has a role in Oakfield');
	});

	it('refuses a second live invitation for the same person and organisation', async () => {
		await invite('twice@school.test');
		const again = await invitePerson(await kent(), {
			email: 'Twice@School.test',
			name: 'Twice',
			organisationId: await kentOrganisation('Westgate Primary School'),
			role: 'staff',
			origin
		});
		expect(again).toMatchObject({ ok: false, field: 'email' });
	});

	it('replaces an expired invitation with a new one, withdrawing the old link', async () => {
		const first = await invite('lapsed@school.test');
		await asSystem('invitation', (tx) =>
			tx
				.update(invitation)
				.set({ expiresAt: new Date(Date.now() - 1000) })
				.where(eq(invitation.id, first.id))
		);
		const second = await invite('Lapsed@school.test');
		expect(second.id).not.toBe(first.id);
		expect((await lookupInvitation(first.token))?.state).toBe('revoked');
		expect((await lookupInvitation(second.token))?.state).toBe('pending');
		const open = (await listInvitations(await kent(), 1)).rows.filter(
			(r) => r.email.toLowerCase() === 'lapsed@school.test'
		);
		expect(open.map((r) => r.id)).toEqual([second.id]);
		const log = await listAudit(await kent(), { action: 'invitation.revoked', page: 1 });
		expect(log.rows[0]).toMatchObject({
			subject: 'Jo Newcomer (lapsed@school.test)',
			detail: { reason: 'Expired, replaced by a new invitation' }
		});
	});

	it('sends one invitation when the same one is sent twice at once', async () => {
		const scope = await kent();
		const westgate = await kentOrganisation('Westgate Primary School');
		const send = () =>
			invitePerson(scope, {
				email: 'eager@school.test',
				name: 'Eddie Eager',
				organisationId: westgate,
				role: 'staff',
				origin
			});
		const results = await atOnce(
			db.handle.db,
			// Holding the organisation's row stops each insert at its foreign key check.
			(tx) => tx.select().from(organisation).where(eq(organisation.id, westgate)).for('update'),
			[send, send]
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({
			ok: false,
			field: 'email',
			message:
				'An invitation to Westgate Primary School is already waiting for eager@school.test. Send it again from the invitations list instead'
		});
		const rows = await asSystem('invitation', (tx) =>
			tx.select().from(invitation).where(eq(invitation.email, 'eager@school.test'))
		);
		expect(rows).toHaveLength(1);
		const mails = (await recentMail()).filter((m) => m.toAddress === 'eager@school.test');
		expect(mails).toHaveLength(1);
	});

	it('Kent cannot invite into a Northbury organisation', async () => {
		const northburyLa = (await organisationChoices(await northbury())).la[0]!.id;
		const result = await invitePerson(await kent(), {
			email: 'sneaky@school.test',
			name: 'Sneaky',
			organisationId: northburyLa,
			role: 'admin',
			origin
		});
		expect(result).toMatchObject({ ok: false, field: 'organisationId' });
		const garbage = await invitePerson(await kent(), {
			email: 'sneaky@school.test',
			name: 'Sneaky',
			organisationId: 'not-a-uuid',
			role: 'admin',
			origin
		});
		expect(garbage).toMatchObject({ ok: false, field: 'organisationId' });
	});

	it('works inside a system transaction, as the platform admin uses it for a first LA admin', async () => {
		const scope = await northbury();
		const la = (await organisationChoices(scope)).la[0]!.id;
		const result = await asSystem('platform-admin', (tx) =>
			createInvitation(
				tx,
				{ ...scope, email: 'platform@inclusio.test' },
				{
					email: 'second.admin@northbury.test',
					name: 'Second Admin',
					organisationId: la,
					role: 'admin',
					origin
				}
			)
		);
		expect(result.ok).toBe(true);
		const list = await listInvitations(scope, 1);
		expect(list.rows.map((r) => r.email)).toContain('second.admin@northbury.test');
	});
});

describe('accepting an invitation as someone new', () => {
	it('creates the account, membership and a session, and the link works only once', async () => {
		const { id } = await invite('jo.new@school.test');
		const { token } = await tokenMailedTo('jo.new@school.test');
		const accepted = await acceptAsNewUser(token, { name: 'Jo Newcomer', password }, client);
		if (!accepted.ok) throw new Error(accepted.reason);

		const [user] = await usersWithEmail('jo.new@school.test');
		expect(user?.name).toBe('Jo Newcomer');
		expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
		const memberships = await loadMemberships(user!.id);
		expect(memberships).toHaveLength(1);
		expect(memberships[0]).toMatchObject({
			organisationName: 'Westgate Primary School',
			role: 'senco',
			tenantSlug: 'kent'
		});
		const live = await validateSessionToken(accepted.token);
		expect(live?.user.id).toBe(user!.id);
		expect(live?.session).toMatchObject({
			activeTenantId: memberships[0]!.tenantId,
			activeMembershipId: memberships[0]!.id,
			secondFactorVerified: false
		});

		const [row] = await asSystem('invitation', (tx) =>
			tx.select().from(invitation).where(eq(invitation.id, id))
		);
		expect(row?.acceptedAt).toBeInstanceOf(Date);
		expect((await lookupInvitation(token))?.state).toBe('accepted');
		expect(await acceptAsNewUser(token, { name: 'Again', password }, client)).toEqual({
			ok: false,
			reason: 'accepted'
		});
		expect(await usersWithEmail('jo.new@school.test')).toHaveLength(1);

		const log = await listAudit(await kent(), { action: 'invitation.accepted', page: 1 });
		expect(log.rows[0]).toMatchObject({ actorUserId: user!.id, actorEmail: 'jo.new@school.test' });
	});

	it('accepting twice at the same moment creates one account', async () => {
		await invite('racer@school.test');
		const { token } = await tokenMailedTo('racer@school.test');
		const results = await Promise.all([
			acceptAsNewUser(token, { name: 'Racer One', password }, client),
			acceptAsNewUser(token, { name: 'Racer Two', password }, client)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(await usersWithEmail('racer@school.test')).toHaveLength(1);
	});

	it('two invitations to one new address accepted at once still make one account', async () => {
		await invite('double@school.test', 'Westgate Primary School');
		const first = await tokenMailedTo('double@school.test');
		await invite('double@school.test', 'Riverside Academy', 'staff');
		const second = await tokenMailedTo('double@school.test');
		expect(second.token).not.toBe(first.token);
		const results = await Promise.all([
			acceptAsNewUser(first.token, { name: 'Double', password }, client),
			acceptAsNewUser(second.token, { name: 'Double', password }, client)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'has-account' });
		expect(await usersWithEmail('double@school.test')).toHaveLength(1);
	});

	it.runIf(databaseKind === 'postgres')(
		'an account made for the same address while accepting is refused cleanly, not a crash',
		async () => {
			const { token } = await invite('midway@school.test');
			let release = () => {};
			const gate = new Promise<void>((resolve) => (release = resolve));
			let ready = () => {};
			const inserted = new Promise<void>((resolve) => (ready = resolve));
			// Another connection creates the account and holds its transaction open, so the
			// acceptance finds no account yet and then waits on the unique email index.
			const other = db.handle.db.transaction(async (tx) => {
				await tx.insert(appUser).values({ email: 'Midway@school.test', name: 'Other' });
				ready();
				await gate;
			});
			await inserted;
			const acceptance = acceptAsNewUser(token, { name: 'Midway', password }, client);
			await new Promise((resolve) => setTimeout(resolve, 1000));
			release();
			await other;
			expect(await acceptance).toEqual({ ok: false, reason: 'has-account' });
			expect((await lookupInvitation(token))?.state).toBe('pending');
		}
	);

	it('refuses an expired link, a revoked link and an unknown one', async () => {
		const { id } = await invite('late@school.test');
		const { token } = await tokenMailedTo('late@school.test');
		await asSystem('invitation', (tx) =>
			tx
				.update(invitation)
				.set({ expiresAt: new Date(Date.now() - 1000) })
				.where(eq(invitation.id, id))
		);
		expect((await lookupInvitation(token))?.state).toBe('expired');
		expect(await acceptAsNewUser(token, { name: 'Late', password }, client)).toEqual({
			ok: false,
			reason: 'expired'
		});

		const revoked = await invite('withdrawn@school.test');
		expect(await revokeInvitation(await kent(), revoked.id)).toBe(true);
		expect(await acceptAsNewUser(revoked.token, { name: 'W', password }, client)).toEqual({
			ok: false,
			reason: 'revoked'
		});
		expect(await lookupInvitation('nosuchtoken')).toBeNull();
		expect(await acceptAsNewUser('nosuchtoken', { name: 'N', password }, client)).toEqual({
			ok: false,
			reason: 'unknown'
		});
		expect(await usersWithEmail('late@school.test')).toHaveLength(0);
	});

	it('sends someone who already has an account to sign in instead', async () => {
		const { token } = await invite('senco@northbury.test', 'Riverside Academy', 'staff');
		expect((await lookupInvitation(token))?.hasAccount).toBe(true);
		expect(await acceptAsNewUser(token, { name: 'Noah', password }, client)).toEqual({
			ok: false,
			reason: 'has-account'
		});
	});
});

describe('accepting an invitation with an existing account', () => {
	it('adds the membership (across tenants) and switches the session to it', async () => {
		const { token } = await invite('senco@northbury.test', 'Westgate Primary School', 'staff');
		const noah = (await usersWithEmail('senco@northbury.test'))[0]!;
		const { token: cookie, session } = await createSession(noah.id, {
			activeTenantId: null,
			activeMembershipId: null,
			secondFactorVerified: false,
			userAgent: 'vitest',
			ipAddress: '127.0.0.1'
		});
		const someoneElse = (await usersWithEmail('head@kent.test'))[0]!;
		expect(await acceptAsMember(token, someoneElse, session.id, client)).toEqual({
			ok: false,
			reason: 'wrong-account'
		});

		const accepted = await acceptAsMember(token, noah, session.id, client);
		if (!accepted.ok) throw new Error(accepted.reason);
		const memberships = await loadMemberships(noah.id);
		expect(memberships.map((m) => m.tenantSlug).sort()).toEqual(['kent', 'northbury']);
		const live = await validateSessionToken(cookie);
		expect(live?.session.activeMembershipId).toBe(accepted.membershipId);
		expect(await acceptAsMember(token, noah, session.id, client)).toEqual({
			ok: false,
			reason: 'accepted'
		});
	});
});

describe('an invitation overtaken by a role given directly', () => {
	it('keeps the role given since, and says so in the audit log', async () => {
		const { token } = await invite('head@kent.test', 'Harbour View Academy', 'staff');
		const helen = (await usersWithEmail('head@kent.test'))[0]!;
		const added = await addRole(await kent(), helen.id, {
			organisationId: await kentOrganisation('Harbour View Academy'),
			role: 'headteacher'
		});
		expect(added).toEqual({ ok: true });
		const { session } = await createSession(helen.id, {
			activeTenantId: null,
			activeMembershipId: null,
			secondFactorVerified: false,
			userAgent: 'vitest',
			ipAddress: '127.0.0.1'
		});
		expect((await acceptAsMember(token, helen, session.id, client)).ok).toBe(true);
		const there = (await loadMemberships(helen.id)).find(
			(m) => m.organisationName === 'Harbour View Academy'
		);
		expect(there?.role).toBe('headteacher');
		const { rows } = await listAudit(await kent(), { action: 'invitation.accepted', page: 1 });
		expect(rows[0]?.detail).toMatchObject({
			after: { role: 'headteacher' },
			invitedAs: 'staff',
			keptRole: 'headteacher'
		});
	});
});

describe('at the same moment as an acceptance', () => {
	/** Helen (head@kent.test, who has an account) invited into one more Kent organisation. */
	async function inviteHelen(organisationName: string, role: string) {
		const organisationId = await kentOrganisation(organisationName);
		const { id, token } = await invite('head@kent.test', organisationName, role);
		const helen = (await usersWithEmail('head@kent.test'))[0]!;
		const { session } = await createSession(helen.id, {
			activeTenantId: null,
			activeMembershipId: null,
			secondFactorVerified: false,
			userAgent: 'vitest',
			ipAddress: '127.0.0.1'
		});
		const accept = () => acceptAsMember(token, helen, session.id, client);
		return { id, token, organisationId, helen, accept };
	}
	/** Holding the invitation's row makes the acceptance and the other change queue for it. */
	const holdInvitation = (id: string) => (tx: Tx) =>
		tx.select().from(invitation).where(eq(invitation.id, id)).for('update');

	it('an admin adding the same role as it is accepted gives the role once, without failing', async () => {
		const { organisationId, helen, accept } = await inviteHelen('East Kent Area Board', 'member');
		const scope = await kent();
		const [accepted, added] = await atOnce(
			db.handle.db,
			// Holding the board's row stops both at their membership insert's foreign key check.
			(tx) =>
				tx.select().from(organisation).where(eq(organisation.id, organisationId)).for('update'),
			[accept, () => addRole(scope, helen.id, { organisationId, role: 'member' })]
		);
		expect(accepted).toMatchObject({ ok: true });
		// Both at once on PostgreSQL; one after the other on PGlite, where the admin is told
		// Helen has the role by now. Never a failure.
		expect(added).toMatchObject(
			databaseKind === 'postgres' ? { ok: true } : { ok: false, field: 'organisationId' }
		);
		const roles = (await loadMemberships(helen.id)).filter(
			(m) => m.organisationId === organisationId
		);
		expect(roles.map((m) => m.role)).toEqual(['member']);
	});

	it('withdrawing an invitation as it is accepted does not claim to have withdrawn it', async () => {
		const { id, token, accept } = await inviteHelen('Westgate Primary School', 'staff');
		const scope = await kent();
		const [accepted, revoked] = await atOnce(db.handle.db, holdInvitation(id), [
			accept,
			() => revokeInvitation(scope, id)
		]);
		expect(accepted).toMatchObject({ ok: true });
		expect(revoked).toBe(false);
		expect((await lookupInvitation(token))?.state).toBe('accepted');
		const log = await listAudit(scope, { action: 'invitation.revoked', page: 1 });
		expect(log.rows.map((r) => r.subject)).not.toContain('Jo Newcomer (head@kent.test)');
	});

	it('sending an invitation again as it is accepted sends nothing', async () => {
		const { id, token, accept } = await inviteHelen('Riverside Academy', 'staff');
		const scope = await kent();
		const mailsBefore = (await recentMail()).filter((m) => m.toAddress === 'head@kent.test');
		const [accepted, resent] = await atOnce(db.handle.db, holdInvitation(id), [
			accept,
			() => resendInvitation(scope, id, origin)
		]);
		expect(accepted).toMatchObject({ ok: true });
		expect(resent).toBe(false);
		expect((await lookupInvitation(token))?.state).toBe('accepted');
		const mailsAfter = (await recentMail()).filter((m) => m.toAddress === 'head@kent.test');
		expect(mailsAfter).toHaveLength(mailsBefore.length);
	});
});

describe('managing invitations', () => {
	it('resending gives a new link and expiry; the old link stops working', async () => {
		const { id, token: old } = await invite('resend@school.test');
		await asSystem('invitation', (tx) =>
			tx
				.update(invitation)
				.set({ expiresAt: new Date(Date.now() - 1000) })
				.where(eq(invitation.id, id))
		);
		expect(await resendInvitation(await kent(), id, origin)).toBe(true);
		const { token } = await tokenMailedTo('resend@school.test');
		expect(token).not.toBe(old);
		expect(await lookupInvitation(old)).toBeNull();
		expect((await lookupInvitation(token))?.state).toBe('pending');
		const log = await listAudit(await kent(), { action: 'invitation.resent', page: 1 });
		expect(log.rows[0]?.subject).toContain('resend@school.test');
	});

	it('lists open invitations; Northbury cannot see, resend or revoke Kent’s', async () => {
		const { id } = await invite('isolated@school.test');
		const kentList = await listInvitations(await kent(), 1);
		expect(kentList.rows.map((r) => r.id)).toContain(id);
		const other = await northbury();
		expect((await listInvitations(other, 1)).rows.map((r) => r.id)).not.toContain(id);
		expect(await getOpenInvitation(other, id)).toBeUndefined();
		expect(await resendInvitation(other, id, origin)).toBe(false);
		expect(await revokeInvitation(other, id)).toBe(false);
		expect(await getOpenInvitation(await kent(), id)).toBeDefined();
		expect(await revokeInvitation(await kent(), id)).toBe(true);
		expect(await revokeInvitation(await kent(), id)).toBe(false);
		expect((await listInvitations(await kent(), 1)).rows.map((r) => r.id)).not.toContain(id);
	});
});
