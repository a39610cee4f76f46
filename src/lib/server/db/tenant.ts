import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { database } from './index';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Who is acting, and in which tenant: the part of a Scope the database needs. */
export interface TenantContext {
	tenantId: string;
	userId: string | null;
}

const active = new AsyncLocalStorage<{ tenantId: string; tx: Tx }>();

/**
 * Runs fn in a transaction held to one tenant by row-level security: it switches to the
 * application role (which cannot bypass RLS) and sets app.tenant_id for this transaction
 * only. A call inside another for the same tenant joins the outer transaction.
 */
export async function inTenant<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
	const outer = active.getStore();
	if (outer) {
		if (outer.tenantId !== ctx.tenantId) throw new Error('A transaction cannot cross tenants.');
		return fn(outer.tx);
	}
	const { db } = await database();
	return db.transaction(async (tx) => {
		// One statement for the role (as `set local role`) and the tenant: one round trip.
		await tx.execute(
			sql`select set_config('role', 'inclusio_app', true), set_config('app.tenant_id', ${ctx.tenantId}, true), set_config('app.user_id', ${ctx.userId ?? ''}, true)`
		);
		return active.run({ tenantId: ctx.tenantId, tx }, () => fn(tx));
	});
}

/** Whether the caller is inside a tenant transaction (the system path refuses to nest in one). */
export const inTenantTransaction = () => active.getStore() !== undefined;
