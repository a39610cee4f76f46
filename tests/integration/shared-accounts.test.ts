import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { appUser, tenantUser } from '../../src/lib/server/db/schema';
import { asSystem } from '../../src/lib/server/db/system';
import { grantMembership } from '../../src/lib/server/services/accounts';
import { deactivatePerson, resetSecondFactor } from '../../src/lib/server/services/people';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

useTestDatabase();

/** Gives Northbury's SENCO a role in Kent too, with an authenticator set up. */
async function sharedPerson() {
	const kent = await scopeFor('la.admin@kent.test');
	const person = await scopeFor('senco@northbury.test');
	await asSystem('account', async (tx) => {
		await grantMembership(
			tx,
			kent.tenantId,
			person.userId,
			kent.membership.organisationId,
			'officer'
		);
		await tx
			.update(appUser)
			.set({ totpKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', totpEnabledAt: new Date() })
			.where(eq(appUser.id, person.userId));
	});
	return { kent, person };
}

describe('people who work with more than one LA', () => {
	it("one LA's admin cannot reset the second factor that guards the other LA", async () => {
		const { kent, person } = await sharedPerson();
		expect(await resetSecondFactor(kent, person.userId)).toMatchObject({ ok: false });
		const [row] = await asSystem('account', (tx) =>
			tx.select({ since: appUser.totpEnabledAt }).from(appUser).where(eq(appUser.id, person.userId))
		);
		expect(row?.since).not.toBeNull();
	});

	it('deactivation in one LA ends only the sessions working in that LA', async () => {
		const kent = await scopeFor('la.admin@kent.test');
		const northbury = await scopeFor('la.admin@northbury.test');
		const person = await scopeFor('senco@northbury.test');
		const session = (tenantId: string) =>
			createSession(person.userId, {
				activeTenantId: tenantId,
				activeMembershipId: null,
				secondFactorVerified: true,
				userAgent: 'vitest',
				ipAddress: '127.0.0.1'
			});
		const inKent = await session(kent.tenantId);
		const inNorthbury = await session(northbury.tenantId);
		expect(await deactivatePerson(kent, person.userId)).toEqual({ ok: true });
		expect(await validateSessionToken(inKent.token)).toBeNull();
		expect(await validateSessionToken(inNorthbury.token)).not.toBeNull();
		const standing = await asSystem('account', (tx) =>
			tx.select().from(tenantUser).where(eq(tenantUser.userId, person.userId))
		);
		expect(standing.find((s) => s.tenantId === northbury.tenantId)?.deactivatedAt).toBeNull();
	});
});
