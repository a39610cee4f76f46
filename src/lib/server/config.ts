import { z } from 'zod';

/**
 * Server configuration from the environment, read once. Plain process.env rather than
 * $env so the same module serves the app, the scripts in scripts/ and the tests.
 */
const schema = z.object({
	DATABASE_URL: z.string().trim().optional(),
	DATA_DIR: z.string().trim().default('./data'),
	NODE_ENV: z.string().default('development'),
	ORIGIN: z.string().trim().optional(),
	SMTP_URL: z.string().trim().optional(),
	MAIL_FROM: z.string().trim().default('Inclusio <no-reply@inclusio.test>'),
	SESSION_IDLE_MINUTES: z.coerce
		.number()
		.int()
		.min(5)
		.max(24 * 60)
		.default(120),
	SESSION_ABSOLUTE_HOURS: z.coerce
		.number()
		.int()
		.min(1)
		.max(24 * 30)
		.default(12),
	SEED_DEMO: z.enum(['auto', 'never']).default('auto')
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

/** The validated configuration; throws at start-up with every bad variable named. */
export function config(): Config {
	if (!cached) {
		const blankAsUnset = Object.fromEntries(
			Object.entries(process.env).filter(([, v]) => v !== undefined && v.trim() !== '')
		);
		const parsed = schema.safeParse(blankAsUnset);
		if (!parsed.success) {
			const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
			throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
		}
		cached = parsed.data;
	}
	return cached;
}

/** Production: real mail, a fixed public address, and no development mailbox. */
export const isProduction = () => config().NODE_ENV === 'production';

/**
 * Refuses to start a production server that would mail links built from request headers,
 * or keep mail in the database for a development page instead of sending it.
 */
export function assertProductionReady(): void {
	if (!isProduction()) return;
	const missing = (['ORIGIN', 'SMTP_URL'] as const).filter((name) => !config()[name]);
	if (missing.length) {
		throw new Error(`NODE_ENV=production needs ${missing.join(' and ')} to be set.`);
	}
}
