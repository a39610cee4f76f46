import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id floor: 19 MiB, 2 passes, 1 lane.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** An argon2id hash of the password, with its own salt. */
export const hashPassword = (password: string) => hash(password, ARGON2);

/** Whether the password matches; a malformed stored hash counts as a mismatch. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
	try {
		return await verify(storedHash, password);
	} catch {
		return false;
	}
}

// A hash of nothing in particular, verified against when the email is unknown so that
// unknown and known accounts take the same time to refuse.
let decoy: Promise<string> | undefined;
/** Spends the time a real verification would. */
export async function verifyAgainstDecoy(password: string): Promise<void> {
	decoy ??= hashPassword('decoy password that matches nobody');
	await verifyPassword(await decoy, password);
}
