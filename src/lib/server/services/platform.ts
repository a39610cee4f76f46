import { asc, count, eq, or, sql } from 'drizzle-orm';
import { organisation, setting, tenant, tenantUser } from '../db/schema';
import { brokenConstraint } from '../db/errors';
import { asSystem } from '../db/system';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';
import type { ClientInfo } from './authentication';
import { installStarterFrameworks } from './framework-files';
import { createInvitation } from './invitations';

export interface NewTenant {
	name: string;
	slug: string;
	laCode: string;
	requireAdminMfa: boolean;
}

/** Creates a tenant, the organisation that stands for the LA itself, and its starter frameworks. */
export async function insertTenant(tx: Tx, input: NewTenant) {
	const [created] = await tx.insert(tenant).values(input).returning();
	if (!created) throw new Error('Tenant insert returned nothing.');
	const [la] = await tx
		.insert(organisation)
		.values({ tenantId: created.id, kind: 'la', name: input.name })
		.returning({ id: organisation.id });
	if (!la) throw new Error('LA organisation insert returned nothing.');
	await installStarterFrameworks(tx, created.id);
	return { tenant: created, laOrganisationId: la.id };
}

/** Every tenant with its numbers of settings and people, for the platform admin. */
export async function listTenants(tx: Tx) {
	const settings = tx
		.select({ tenantId: setting.tenantId, n: count().as('settings') })
		.from(setting)
		.groupBy(setting.tenantId)
		.as('s');
	const people = tx
		.select({ tenantId: tenantUser.tenantId, n: count().as('people') })
		.from(tenantUser)
		.groupBy(tenantUser.tenantId)
		.as('p');
	return tx
		.select({
			id: tenant.id,
			name: tenant.name,
			slug: tenant.slug,
			laCode: tenant.laCode,
			requireAdminMfa: tenant.requireAdminMfa,
			createdAt: tenant.createdAt,
			settings: sql<number>`coalesce(${settings.n}, 0)::int`,
			people: sql<number>`coalesce(${people.n}, 0)::int`
		})
		.from(tenant)
		.leftJoin(settings, eq(settings.tenantId, tenant.id))
		.leftJoin(people, eq(people.tenantId, tenant.id))
		.orderBy(asc(tenant.name));
}

export type CreateTenantResult =
	{ ok: true; tenantId: string } | { ok: false; field: 'slug' | 'laCode'; message: string };

const taken = (field: 'slug' | 'laCode', input: NewTenant): CreateTenantResult => ({
	ok: false,
	field,
	message:
		field === 'slug'
			? `Another tenant already uses the short name ${input.slug}`
			: `Another tenant already has LA code ${input.laCode}`
});

/**
 * Creates a tenant with its LA organisation and invites its first LA admin, all in one
 * transaction: a tenant never exists without the invitation that lets someone run it.
 */
export async function createTenantWithAdmin(
	actor: { userId: string; email: string } & ClientInfo,
	input: NewTenant & { adminName: string; adminEmail: string; origin: string }
): Promise<CreateTenantResult> {
	try {
		return await asSystem('platform-admin', async (tx) => {
			const [clash] = await tx
				.select({ slug: tenant.slug, laCode: tenant.laCode })
				.from(tenant)
				.where(or(eq(tenant.slug, input.slug), eq(tenant.laCode, input.laCode)));
			if (clash) return taken(clash.slug === input.slug ? 'slug' : 'laCode', input);
			const { adminName, adminEmail, origin, ...tenantInput } = input;
			const created = await insertTenant(tx, tenantInput);
			const auditActor = { ...actor, tenantId: created.tenant.id };
			await writeAudit(tx, auditActor, {
				action: 'tenant.created',
				subject: created.tenant.name,
				detail: { after: tenantInput }
			});
			await createInvitation(tx, auditActor, {
				email: adminEmail,
				name: adminName,
				organisationId: created.laOrganisationId,
				role: 'admin',
				origin
			});
			return { ok: true, tenantId: created.tenant.id };
		});
	} catch (e) {
		// The same tenant submitted twice at once: the second insert waits for the first
		// and then breaks its unique index.
		const constraint = brokenConstraint(e, '23505');
		if (constraint === 'tenant_slug_key') return taken('slug', input);
		if (constraint === 'tenant_la_code_key') return taken('laCode', input);
		throw e;
	}
}
