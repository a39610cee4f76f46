import type { Database } from './client';
import type { Tx } from './tenant';
import { inTenantTransaction } from './tenant';
import { database } from './index';

/**
 * The only way to work across tenants. Each use names its purpose so that every path that
 * bypasses row-level security can be found by reading this list.
 */
export type SystemPurpose =
	| 'authenticate'
	| 'session'
	| 'password-reset'
	| 'invitation'
	| 'mail'
	| 'platform-admin'
	| 'account'
	| 'health';

/** Runs fn as the database owner, outside row-level security, in one transaction. */
export async function asSystem<T>(purpose: SystemPurpose, fn: (tx: Tx) => Promise<T>): Promise<T> {
	if (inTenantTransaction()) {
		throw new Error(`System path (${purpose}) called inside a tenant transaction.`);
	}
	const { db } = await database();
	return db.transaction(fn);
}

/**
 * As asSystem, for a single statement, which needs no transaction of its own: the reads made
 * on every request (the session and the person's roles) save a round trip each way.
 */
export async function readAsSystem<T>(
	purpose: SystemPurpose,
	fn: (db: Database) => Promise<T>
): Promise<T> {
	if (inTenantTransaction()) {
		throw new Error(`System path (${purpose}) called inside a tenant transaction.`);
	}
	const { db } = await database();
	return fn(db);
}
