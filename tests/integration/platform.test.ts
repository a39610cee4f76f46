import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appUser, invitation } from '../../src/lib/server/db/schema';
import { asSystem } from '../../src/lib/server/db/system';
import type { Tx } from '../../src/lib/server/db/tenant';
import { createTenantWithAdmin, listTenants } from '../../src/lib/server/services/platform';
import { useTestDatabase } from './support/database';
import { atOnce } from './support/races';

const db = useTestDatabase();

const platformAdmin = async () => {
	const [user] = await asSystem('account', (tx) =>
		tx.select().from(appUser).where(eq(appUser.email, 'platform@inclusio.test'))
	);
	if (!user) throw new Error('No platform admin in the demo data');
	return {
		userId: user.id,
		email: user.email,
		ipAddress: '127.0.0.1',
		userAgent: 'vitest',
		requestId: 'test'
	};
};

const newTenant = (slug: string, laCode: string) => ({
	name: `${slug} Council`,
	slug,
	laCode,
	requireAdminMfa: true,
	adminName: 'Ada Admin',
	adminEmail: `admin@${slug}.test`,
	origin: 'https://inclusio.example'
});

const tenantsWith = async (column: 'slug' | 'laCode', value: string) =>
	(await asSystem('platform-admin', (tx) => listTenants(tx))).filter((t) => t[column] === value);

/** Holding a share lock on organisation stops each creation at its LA organisation insert. */
const holdOrganisations = (tx: Tx) => tx.execute(sql`lock table organisation in share mode`);

describe('creating a tenant', () => {
	it('creates the tenant with its LA organisation and an invitation for its first admin', async () => {
		const result = await createTenantWithAdmin(
			await platformAdmin(),
			newTenant('eastshire', '801')
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const [open] = await asSystem('platform-admin', (tx) =>
			tx.select().from(invitation).where(eq(invitation.tenantId, result.tenantId))
		);
		expect(open).toMatchObject({ email: 'admin@eastshire.test', role: 'admin', acceptedAt: null });
	});

	it('refuses a short name or LA code another tenant has', async () => {
		const actor = await platformAdmin();
		expect(await createTenantWithAdmin(actor, newTenant('kent', '802'))).toEqual({
			ok: false,
			field: 'slug',
			message: 'Another tenant already uses the short name kent'
		});
		expect(await createTenantWithAdmin(actor, newTenant('kent-two', '886'))).toEqual({
			ok: false,
			field: 'laCode',
			message: 'Another tenant already has LA code 886'
		});
		expect(await tenantsWith('slug', 'kent-two')).toEqual([]);
	});

	it('the same tenant submitted twice at once is created once; the other gets the field error', async () => {
		const actor = await platformAdmin();
		const results = await atOnce(db.handle.db, holdOrganisations, [
			() => createTenantWithAdmin(actor, newTenant('westshire', '803')),
			() => createTenantWithAdmin(actor, newTenant('westshire', '803'))
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({
			ok: false,
			field: 'slug',
			message: 'Another tenant already uses the short name westshire'
		});
		expect(await tenantsWith('slug', 'westshire')).toHaveLength(1);
	});

	it('two tenants with one LA code submitted at once: only the first is created', async () => {
		const actor = await platformAdmin();
		const results = await atOnce(db.handle.db, holdOrganisations, [
			() => createTenantWithAdmin(actor, newTenant('northshire', '804')),
			() => createTenantWithAdmin(actor, newTenant('north-shire', '804'))
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({
			ok: false,
			field: 'laCode',
			message: 'Another tenant already has LA code 804'
		});
		expect(await tenantsWith('laCode', '804')).toHaveLength(1);
	});
});
