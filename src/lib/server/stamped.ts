import { sql } from 'drizzle-orm';
import { rowsOf } from './db/client';
import type { Tx } from './db/tenant';

// County-wide views read every self-evaluation of a cycle, which takes a large part of a
// second at county scale. What they read changes rarely (a sign-off, a shared review), and
// every such change bumps the tenant's view stamp (the triggers of migration 0018), so a
// result read under a stamp holds until the stamp moves on.

/**
 * The transaction's tenant and view stamp, read once per transaction; null when it has
 * already written, since what it reads then may not be committed (and the stamp moves only
 * at commit), so nothing it computes is kept.
 */
const stamps = new WeakMap<Tx, Promise<string | null>>();

/**
 * `tenant:stamp` for the transaction. Read before any data it guards: a change committed
 * between the two reads then leaves newer data under an older stamp, which the next read of
 * the stamp finds out of date, never the other way round.
 */
function stampOf(tx: Tx): Promise<string | null> {
	let known = stamps.get(tx);
	if (!known) {
		known = tx
			.execute(
				sql`select current_setting('app.tenant_id') as tenant,
					coalesce((select stamp from view_stamp), 0) as stamp,
					pg_current_xact_id_if_assigned() is not null as wrote`
			)
			.then((result) => {
				const [row] = rowsOf<{ tenant: string; stamp: string | number; wrote: boolean }>(result);
				return row!.wrote ? null : `${row!.tenant}:${row!.stamp}`;
			});
		stamps.set(tx, known);
	}
	return known;
}

/**
 * A cache of results that depend only on what the view stamp guards, per tenant and key; the
 * least recently used go first. Requests that ask at once share one computation.
 */
export function stampedCache<T>(size: number) {
	const entries = new Map<string, { stamp: string; value: Promise<T> }>();
	return async (tx: Tx, key: string, compute: () => Promise<T>): Promise<T> => {
		const stamp = await stampOf(tx);
		if (stamp === null) return compute();
		const tenant = stamp.slice(0, stamp.indexOf(':'));
		const id = `${tenant}|${key}`;
		const known = entries.get(id);
		entries.delete(id);
		if (known?.stamp === stamp) {
			entries.set(id, known);
			return known.value;
		}
		const value = compute();
		entries.set(id, { stamp, value });
		if (entries.size > size) entries.delete(entries.keys().next().value!);
		// A failed read is not kept: the next request tries again.
		value.catch(() => {
			if (entries.get(id)?.value === value) entries.delete(id);
		});
		return value;
	};
}
