import { setTimeout as pause } from 'node:timers/promises';
import type { Database } from '../../../src/lib/server/db/client';
import type { Tx } from '../../../src/lib/server/db/tenant';
import { databaseKind } from './database';

/**
 * Runs the calls at the same time, as two browser tabs or a double-clicked button would.
 *
 * On PostgreSQL another transaction first takes the locks `hold` takes and keeps them while
 * the calls start, in order and a moment apart, then lets go. Each call has then made its
 * checks and waits at its first write that needs those rows, so a check-then-write race
 * shows on every run instead of now and then, and the calls reach each lock in the order
 * given. PGlite runs one transaction at a time, so there the calls simply run in turn.
 */
export async function atOnce<T extends unknown[]>(
	db: Database,
	hold: (tx: Tx) => Promise<unknown>,
	calls: [...{ [K in keyof T]: () => Promise<T[K]> }]
): Promise<T> {
	const starts = calls as (() => Promise<unknown>)[];
	if (databaseKind !== 'postgres') return (await Promise.all(starts.map((call) => call()))) as T;
	let release = () => {};
	const gate = new Promise<void>((resolve) => (release = resolve));
	let locked = () => {};
	const holding = new Promise<void>((resolve) => (locked = resolve));
	const holder = db.transaction(async (tx) => {
		await hold(tx);
		locked();
		await gate;
	});
	// A hold that fails ends the transaction, and the test with it, instead of waiting forever.
	await Promise.race([holding, holder]);
	const started: Promise<unknown>[] = [];
	try {
		for (const call of starts) {
			const running = call();
			// Awaited below with the others; this only stops an early failure being reported
			// as unhandled while the rest start.
			running.catch(() => {});
			started.push(running);
			await pause(200);
		}
	} finally {
		release();
		await holder;
	}
	return (await Promise.all(started)) as T;
}
