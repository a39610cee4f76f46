import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
	db: Database;
	kind: DatabaseKind;
	/** Applies every migration in drizzle/ that has not run yet. */
	migrate(): Promise<void>;
	close(): Promise<void>;
}

export const migrationsFolder = resolve('drizzle');

/**
 * Opens PostgreSQL when a URL is given, else an embedded PGlite in dataDir (memory if omitted).
 * A logger, if given, is handed every statement drizzle runs (tests read the app's queries so).
 */
export async function openDatabase(options: {
	url?: string;
	dataDir?: string;
	logger?: Logger;
}): Promise<DatabaseHandle> {
	const { logger } = options;
	if (options.url) {
		const client = postgres(options.url, {
			max: 10,
			onnotice: () => {},
			connection: { application_name: 'inclusio' }
		});
		const db = drizzlePostgres(client, { schema, logger });
		return {
			db,
			kind: 'postgres',
			migrate: () => migratePostgres(db, { migrationsFolder }),
			close: () => client.end({ timeout: 5 })
		};
	}
	let dataDir: string | undefined;
	if (options.dataDir) {
		dataDir = resolve(options.dataDir);
		await mkdir(dataDir, { recursive: true });
	}
	const client = await PGlite.create(dataDir ? `${dataDir}/pglite` : undefined);
	const db = drizzlePglite(client, { schema, logger });
	return {
		db,
		kind: 'pglite',
		migrate: () => migratePglite(db, { migrationsFolder }),
		close: () => client.close()
	};
}

/** The rows of a raw `execute`: postgres.js returns an array, PGlite an object holding one. */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
