import { and, eq, gt, lt, or, sql } from 'drizzle-orm';
import { asSystem } from '../db/system';
import { signInFailure } from '../db/schema';

/** At most this many failures per account and per client address in the window. */
export const THROTTLE_LIMIT = 10;
export const THROTTLE_WINDOW_MS = 5 * 60_000;

export type Attempt =
	{ allowed: true; attemptId: number } | { allowed: false; retryAfterSeconds: number };

/** When a full window reopens: when the oldest failure that keeps it full drops out. */
function reopensAt(times: Date[]): number {
	if (times.length < THROTTLE_LIMIT) return 0;
	const sorted = times.map((d) => d.getTime()).sort((a, b) => a - b);
	return (sorted[sorted.length - THROTTLE_LIMIT] ?? 0) + THROTTLE_WINDOW_MS;
}

/**
 * Starts a sign-in attempt (password or code) for this email from this address. The attempt
 * is counted as a failure from the start and forgiven only if it succeeds, and the count and
 * the insert happen under locks on the email and the address, so guesses sent all at once
 * cannot slip past the limit. Kept in Postgres so the limit holds across processes.
 */
export async function beginAttempt(email: string, ipAddress: string): Promise<Attempt> {
	const key = email.toLowerCase();
	const since = new Date(Date.now() - THROTTLE_WINDOW_MS);
	return asSystem('authenticate', async (tx) => {
		// Always email first, then address: one order means no deadlock between attempts.
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'sign-in email ' + key}))`);
		await tx.execute(
			sql`select pg_advisory_xact_lock(hashtext(${'sign-in address ' + ipAddress}))`
		);
		const rows = await tx
			.select({ email: signInFailure.email, ip: signInFailure.ipAddress, at: signInFailure.at })
			.from(signInFailure)
			.where(
				and(
					gt(signInFailure.at, since),
					or(eq(signInFailure.email, key), eq(signInFailure.ipAddress, ipAddress))
				)
			);
		const until = Math.max(
			reopensAt(rows.filter((r) => r.email === key).map((r) => r.at)),
			reopensAt(rows.filter((r) => r.ip === ipAddress).map((r) => r.at))
		);
		const wait = Math.ceil((until - Date.now()) / 1000);
		if (wait > 0) return { allowed: false, retryAfterSeconds: wait };
		const [attempt] = await tx
			.insert(signInFailure)
			.values({ email: key, ipAddress })
			.returning({ id: signInFailure.id });
		await tx
			.delete(signInFailure)
			.where(lt(signInFailure.at, new Date(Date.now() - 24 * 60 * 60_000)));
		return { allowed: true, attemptId: attempt!.id };
	});
}

/**
 * A successful attempt is no failure, and forgives the account's earlier failures (not the
 * address's: one good password does not clear a spray from the same place).
 */
export async function forgiveAttempt(attemptId: number, email: string): Promise<void> {
	await asSystem('authenticate', (tx) =>
		tx
			.delete(signInFailure)
			.where(or(eq(signInFailure.id, attemptId), eq(signInFailure.email, email.toLowerCase())))
	);
}
