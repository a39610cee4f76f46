import { sql } from 'drizzle-orm';
import { pgPolicy, pgRole, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The role every request's tenant work runs as (`SET LOCAL ROLE`). It owns nothing and
 * cannot bypass row-level security; a guarded custom migration creates it because roles
 * are cluster-wide.
 */
export const appRole = pgRole('inclusio_app').existing();

/** The tenant of the current transaction, or NULL when none was set. */
export const currentTenant = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;

/** One policy for reads and writes: rows of the current tenant only, and nothing when unset. */
export const tenantIsolation = () =>
	pgPolicy('tenant_isolation', {
		as: 'permissive',
		for: 'all',
		to: appRole,
		using: sql`tenant_id = ${currentTenant}`,
		withCheck: sql`tenant_id = ${currentTenant}`
	});

export const id = () => uuid('id').notNull().defaultRandom();
export const tenantId = () => uuid('tenant_id').notNull();
export const createdAt = () =>
	timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
	timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
