import type { Logger } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../src/lib/server/db/client';
import { useDatabase } from '../../../src/lib/server/db/index';
import { seedDemo } from '../../../src/lib/server/db/seed/demo';

/** Which database this run of the integration suite is on (vite.config.ts sets it per project). */
export const databaseKind = process.env.TEST_DB_KIND === 'postgres' ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a throwaway database
 * on the TEST_DATABASE_URL server that is dropped afterwards, so nothing left by an earlier
 * run matters. The app's services are pointed at it.
 */
async function openTestDatabase(logger?: Logger): Promise<{
	handle: DatabaseHandle;
	dispose: () => Promise<void>;
}> {
	if (databaseKind === 'pglite') {
		const handle = await openDatabase({ logger });
		return { handle, dispose: () => handle.close() };
	}
	const base = process.env.TEST_DATABASE_URL;
	if (!base) throw new Error('TEST_DB_KIND=postgres needs TEST_DATABASE_URL.');
	const name = `inclusio_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = postgres(base, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(base);
	url.pathname = `/${name}`;
	const handle = await openDatabase({ url: url.toString(), logger });
	return {
		handle,
		dispose: async () => {
			await handle.close();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

/**
 * Registers beforeAll/afterAll hooks that give the file its own database (migrated, and
 * seeded with the demo county unless told not to), handing every statement to `logger` if
 * given. Read `.handle` inside tests.
 */
export function useTestDatabase(options: { seed?: boolean; logger?: Logger } = {}) {
	const state = {} as { handle: DatabaseHandle };
	let dispose: (() => Promise<void>) | undefined;
	beforeAll(async () => {
		const opened = await openTestDatabase(options.logger);
		dispose = opened.dispose;
		await opened.handle.migrate();
		useDatabase(opened.handle);
		if (options.seed !== false) await seedDemo(opened.handle.db);
		state.handle = opened.handle;
	});
	afterAll(async () => {
		await dispose?.();
	});
	return state;
}
