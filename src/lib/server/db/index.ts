import { count } from 'drizzle-orm';
import { config } from '../config';
import { openDatabase, type DatabaseHandle } from './client';
import { tenant } from './schema';
import { seedDemo } from './seed/demo';

let current: Promise<DatabaseHandle> | undefined;

/** The process's database, opened from the configuration on first use. */
export function database(): Promise<DatabaseHandle> {
	current ??= openDatabase({ url: config().DATABASE_URL, dataDir: config().DATA_DIR });
	return current;
}

/** Tests hand in a database of their own instead of the configured one. */
export function useDatabase(handle: DatabaseHandle): void {
	current = Promise.resolve(handle);
}

/**
 * Start-up: migrate, then seed the demo county into an embedded database that has no
 * tenants yet. A DATABASE_URL database is never seeded silently.
 */
export async function startDatabase(): Promise<DatabaseHandle> {
	const handle = await database();
	await handle.migrate();
	if (handle.kind === 'pglite' && config().SEED_DEMO === 'auto') {
		const [row] = await handle.db.select({ n: count() }).from(tenant);
		if (row?.n === 0) {
			await seedDemo(handle.db);
			console.info('Seeded the demo county into the embedded database.');
		}
	}
	return handle;
}

/** Closes the database so the process can exit. */
export async function stopDatabase(): Promise<void> {
	if (!current) return;
	const handle = await current;
	current = undefined;
	await handle.close();
}
