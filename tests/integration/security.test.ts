import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	loadMemberships,
	membershipNeedsSecondFactor
} from '../../src/lib/server/auth/memberships';
import { listAudit } from '../../src/lib/server/services/audit';
import { getSecurity, setAdminMfa } from '../../src/lib/server/services/security';
import { useTestDatabase } from './support/database';
import { useAdminScopes } from './support/fixtures';

useTestDatabase();
const admin = useAdminScopes();

const securityAudit = async (scope: Scope) =>
	(await listAudit(scope, { action: 'tenant.security-changed', page: 1 })).rows;

describe('requiring a second factor for LA admins', () => {
	it('starts off in the demo tenants', async () => {
		expect(await getSecurity(admin.kent)).toEqual({
			name: 'Kent County Council',
			requireAdminMfa: false
		});
	});

	it("turns the rule on for the admin's own tenant only, and audits it", async () => {
		expect(await setAdminMfa(admin.kent, true)).toBe(true);
		expect((await getSecurity(admin.kent)).requireAdminMfa).toBe(true);
		expect((await getSecurity(admin.northbury)).requireAdminMfa).toBe(false);
		expect(await securityAudit(admin.kent)).toMatchObject([
			{
				subject: 'Kent County Council',
				actorEmail: 'la.admin@kent.test',
				detail: { before: { requireAdminMfa: false }, after: { requireAdminMfa: true } }
			}
		]);
		expect(await securityAudit(admin.northbury)).toEqual([]);
	});

	it('makes the next request of a Kent admin owe a second factor', async () => {
		const [membership] = await loadMemberships(admin.kent.userId);
		expect(membership && membershipNeedsSecondFactor(membership)).toBe(true);
		const [other] = await loadMemberships(admin.northbury.userId);
		expect(other && membershipNeedsSecondFactor(other)).toBe(false);
	});

	it('records nothing when the rule does not change', async () => {
		expect(await setAdminMfa(admin.kent, true)).toBe(false);
		expect(await securityAudit(admin.kent)).toHaveLength(1);
	});

	it('turns the rule off again', async () => {
		expect(await setAdminMfa(admin.kent, false)).toBe(true);
		expect((await getSecurity(admin.kent)).requireAdminMfa).toBe(false);
		expect(await securityAudit(admin.kent)).toHaveLength(2);
	});
});
