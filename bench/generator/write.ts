import { getTableColumns, sql, type InferInsertModel } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../../src/lib/server/db/tenant';

// Rows per statement: large enough that statements are few, small enough to keep each to a
// few megabytes of narrative.
const ROWS = 5_000;

/** A value as an element of a PostgreSQL array literal: quoted, or NULL. */
function element(value: unknown): string {
	if (value === null) return 'NULL';
	const text =
		typeof value === 'string'
			? value
			: typeof value === 'number' || typeof value === 'boolean'
				? String(value)
				: null;
	if (text === null) throw new Error(`A ${typeof value} cannot go into an array literal`);
	return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** One column of many rows as an array literal, each value as its column sends it. */
function columnArray(column: PgColumn, key: string, rows: readonly Record<string, unknown>[]) {
	const values = rows.map((row) => {
		const value = row[key];
		if (value === undefined) throw new Error(`A row for ${column.name} leaves it out`);
		return element(value === null ? null : column.mapToDriverValue(value));
	});
	return `{${values.join(',')}}`;
}

/**
 * Writes rows into a table a column at a time: one array parameter per column, unnested into
 * rows by PostgreSQL, which costs far less to build and parse than a parameter per value (an
 * array column travels as the text of each array and is cast back). Every row must set the
 * same columns; the first row says which.
 */
export async function insertRows<T extends PgTable>(
	tx: Tx,
	table: T,
	rows: readonly InferInsertModel<T>[]
): Promise<void> {
	if (rows.length === 0) return;
	const columns = getTableColumns(table) as Record<string, PgColumn>;
	const used = Object.keys(rows[0]!).map((key, i) => {
		const column = columns[key];
		if (!column) throw new Error(`${key} is not a column of the table`);
		const type = column.getSQLType();
		const alias = sql.identifier(`c${i}`);
		const array = type.endsWith('[]');
		return {
			key,
			column,
			alias,
			sent: sql.raw(array ? 'text[]' : `${type}[]`),
			value: array ? sql`${alias}::${sql.raw(type)}` : alias
		};
	});
	const names = sql.join(
		used.map(({ column }) => sql.identifier(column.name)),
		sql`, `
	);
	const values = sql.join(
		used.map((u) => u.value),
		sql`, `
	);
	const aliases = sql.join(
		used.map((u) => u.alias),
		sql`, `
	);
	for (let i = 0; i < rows.length; i += ROWS) {
		const part = rows.slice(i, i + ROWS) as readonly Record<string, unknown>[];
		const arrays = used.map((u) => sql`${columnArray(u.column, u.key, part)}::${u.sent}`);
		await tx.execute(
			sql`insert into ${table} (${names}) select ${values} from unnest(${sql.join(arrays, sql`, `)}) as u(${aliases})`
		);
	}
}

/** The day the generated county stands at: the open cycle is under way. */
export const TODAY = '2026-11-28';

const DAY = 86_400_000;

/** A YYYY-MM-DD day moved by `days`. */
export const addDays = (day: string, days: number) =>
	new Date(Date.parse(day) + days * DAY).toISOString().slice(0, 10);

/** A moment on a day, in UTC, moved by `days`. */
export const at = (day: string, time = '12:00', days = 0) =>
	new Date(Date.parse(`${day}T${time}:00Z`) + days * DAY);

/** The day of a moment. */
export const dayOf = (moment: Date) => moment.toISOString().slice(0, 10);

/** A whole number of thousands, as people read it: 240,000. */
export const thousands = (n: number) => n.toLocaleString('en-GB');

/** Seconds since `started` (a performance.now() reading), as a log line shows them. */
export const secondsSince = (started: number) =>
	`${((performance.now() - started) / 1000).toFixed(1)} s`;
