import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrationsFolder, rowsOf } from './client';
import { database } from './index';

/** The database kind, and how many of the committed migrations it has applied. */
export async function migrationState() {
	const { db, kind } = await database();
	const journal = JSON.parse(
		await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')
	) as {
		entries: unknown[];
	};
	const result = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
	const applied = Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
	return {
		kind,
		applied,
		expected: journal.entries.length,
		pending: journal.entries.length - applied
	};
}
