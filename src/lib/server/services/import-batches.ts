import { createHash } from 'node:crypto';
import { and, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../auth/guards';
import { chunked } from '../db/chunks';
import { auditEvent, importBatch } from '../db/schema';
import { brokenConstraint } from '../db/errors';
import type { Tx } from '../db/tenant';
import { writeAudit, type AuditInput } from './audit';

// What the CSV imports (GIAS settings, provision records) share: an uploaded file is stored
// as a batch, previewed against the data as it is, then applied or cancelled exactly once.

type StoredBatch = typeof importBatch.$inferSelect;

/** A batch as its page shows it: the plan while it waits, the outcome once it is finished. */
export type BatchView<Preview, Counts> = {
	id: string;
	fileName: string;
	createdAt: Date;
	finishedAt: Date | null;
} & (
	| ({ status: 'previewed' } & Preview)
	| { status: 'applied'; counts: Counts | null }
	| { status: 'cancelled' }
);

/** Asked to apply or cancel a batch that has already been one or the other. */
export type Finished = { outcome: 'finished'; status: 'applied' | 'cancelled' };

export type CancelResult = { outcome: 'cancelled' } | Finished;

/** A row the plan was made from changed before it was written: the import is undone. */
export class ChangedMeanwhile extends Error {}

/** What the user is shown and confirms: every value that would be written, hashed. */
export const planKeyOf = (plan: unknown) =>
	createHash('sha256').update(JSON.stringify(plan)).digest('hex');

/** A batch with this id that also meets `where` (its kind, its owner), locked if asked. */
export async function findBatch(
	tx: Tx,
	id: string,
	where: SQL | undefined,
	forUpdate = false
): Promise<StoredBatch | undefined> {
	const query = tx
		.select()
		.from(importBatch)
		.where(and(eq(importBatch.id, id), where));
	const [batch] = await (forUpdate ? query.for('update') : query);
	return batch;
}

/** Stores an uploaded file as a batch waiting for confirmation, and audits it. */
export async function storeBatch(
	tx: Tx,
	scope: Scope,
	values: { kind: string; organisationId?: string; fileName: string; content: string },
	audit: (batchId: string) => AuditInput
): Promise<string> {
	const [batch] = await tx
		.insert(importBatch)
		.values({ ...values, tenantId: scope.tenantId, createdBy: scope.userId })
		.returning({ id: importBatch.id });
	if (!batch) throw new Error('Import batch insert returned nothing.');
	await writeAudit(tx, scope, audit(batch.id));
	return batch.id;
}

/**
 * A batch with its current plan while it waits (`preview` makes it), or its outcome. The
 * batch row has no place for the outcome; the audit event written when it was applied, in
 * the same transaction, holds the counts.
 */
export async function viewBatch<Preview, Counts>(
	tx: Tx,
	batch: StoredBatch,
	appliedAction: string,
	preview: () => Promise<Preview>
): Promise<BatchView<Preview, Counts>> {
	const summary = {
		id: batch.id,
		fileName: batch.fileName,
		createdAt: batch.createdAt,
		finishedAt: batch.finishedAt
	};
	if (batch.status === 'previewed')
		return { ...summary, status: 'previewed', ...(await preview()) };
	if (batch.status === 'cancelled') return { ...summary, status: 'cancelled' };
	const [event] = await tx
		.select({ detail: auditEvent.detail })
		.from(auditEvent)
		.where(
			and(
				eq(auditEvent.action, appliedAction),
				gte(auditEvent.at, batch.createdAt),
				sql`${auditEvent.detail}->>'batchId' = ${batch.id}`
			)
		)
		.limit(1);
	const counts = (event?.detail.counts as Counts | undefined) ?? null;
	return { ...summary, status: 'applied', counts };
}

/** Marks a batch applied or cancelled; it is then never applied again. */
export async function finishBatch(tx: Tx, batch: StoredBatch, status: 'applied' | 'cancelled') {
	await tx
		.update(importBatch)
		.set({ status, finishedAt: new Date() })
		.where(and(eq(importBatch.tenantId, batch.tenantId), eq(importBatch.id, batch.id)));
}

/** Cancels a previewed batch and audits it, or says how it finished already. */
export async function cancelBatch(
	tx: Tx,
	scope: Scope,
	batch: StoredBatch,
	audit: AuditInput
): Promise<CancelResult> {
	if (batch.status !== 'previewed') return { outcome: 'finished', status: batch.status };
	await finishBatch(tx, batch, 'cancelled');
	await writeAudit(tx, scope, audit);
	return { outcome: 'cancelled' };
}

/**
 * Runs the applying of a batch. Rows added, changed or deleted by someone else between
 * reading and writing break a constraint or a version check: the transaction has rolled
 * back, so nothing of the batch was written, and the result is 'failed'.
 */
export async function applyOrRollBack<R>(
	scope: Scope,
	what: string,
	apply: () => Promise<R>
): Promise<R | { outcome: 'failed' }> {
	try {
		return await apply();
	} catch (e) {
		const constraint = brokenConstraint(e, '23505') ?? brokenConstraint(e, '23503');
		if (constraint === null && !(e instanceof ChangedMeanwhile)) throw e;
		console.warn(
			`[${scope.requestId}] ${what} rolled back: ${constraint ?? 'a row changed meanwhile'}`
		);
		return { outcome: 'failed' };
	}
}

// Writing planned rows many at a time: a file of thousands of rows is a few statements.

/**
 * `(values (…), …) as v(id, version, …)`: the rows of an update in one statement, each with
 * the version it was read at. Every value is cast, as a VALUES list has no column types.
 */
export function valuesTable(
	columns: readonly [name: string, type: string][],
	rows: unknown[][]
): SQL {
	const tuples = rows.map(
		(row) =>
			sql`(${sql.join(
				row.map((value, i) => sql`${value}::${sql.raw(columns[i]![1])}`),
				sql`, `
			)})`
	);
	const names = columns.map(([name]) => name).join(', ');
	return sql`(values ${sql.join(tuples, sql`, `)}) as v(${sql.raw(names)})`;
}

/** The first columns of a valuesTable of updates: the row and the version the plan read. */
export const KEYS: [string, string][] = [
	['id', 'uuid'],
	['version', 'integer']
];

/** A column of the valuesTable, in the SET and WHERE of the update that reads from it. */
export const v = (column: string) => sql`${sql.raw('v')}.${sql.identifier(column)}`;

/**
 * Runs a batched update of planned rows, each only at the version the plan read; when any
 * row was changed or deleted in between, the whole import is undone.
 */
export async function updateAll<T>(rows: readonly T[], write: (part: T[]) => Promise<unknown[]>) {
	for (const part of chunked(rows)) {
		if ((await write(part)).length !== part.length) throw new ChangedMeanwhile();
	}
}
