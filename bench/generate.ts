/**
 * The benchmark's data: a deterministic county (or 150 of them) written through the app's own
 * tables into a migrated, empty database, as the database owner. `locate` finds it again.
 */
import { sql } from 'drizzle-orm';
import { hashPassword } from '../src/lib/server/auth/password';
import { rowsOf, type Database } from '../src/lib/server/db/client';
import { auditEvent } from '../src/lib/server/db/schema';
import { writeCpd } from './generator/cpd';
import { writeCycles, writeEvaluations } from './generator/evaluations';
import { writeProvision } from './generator/provision';
import { writeReviews } from './generator/reviews';
import { writeScrutiny } from './generator/scrutiny';
import { writeStructure } from './generator/structure';
import { at, secondsSince, thousands, TODAY } from './generator/write';
import type { Scale } from './fixture';
import { GENERATED, locate } from './locate';
import { random, type Random } from './random';
import { BENCH_PASSWORD, SCALES, tenantShapes, type TenantShape } from './scales';

export { BENCH_PASSWORD, locate };

export interface GenerateOptions {
	/** The same seed gives the same data, ids and all. */
	seed?: number;
	/** Progress, a line at a time. */
	log?: (line: string) => void;
	/**
	 * Write only the first n tenants, to try a scale out; the data is then not marked complete,
	 * so `locate` does not offer it.
	 */
	tenants?: number;
}

/** Whether the database is PGlite, which cannot hold England. */
async function isPglite(db: Database) {
	const [row] = rowsOf<{ version: string }>(await db.execute(sql`select version()`));
	return row?.version.includes('PGlite') ?? false;
}

/** One tenant, a transaction per phase (and per cycle of self-evaluations). */
async function generateTenant(
	db: Database,
	shape: TenantShape,
	r: Random,
	passwordHash: string,
	log: (line: string) => void
) {
	const started = performance.now();
	const county = await db.transaction(async (tx) => {
		const written = await writeStructure(tx, r, shape, passwordHash);
		await writeCycles(tx, written);
		return written;
	});
	log(
		`settings ${thousands(county.settings.length)}, with their people and places, in ${secondsSince(started)}`
	);
	for (const index of county.cycles.keys()) {
		await db.transaction((tx) => writeEvaluations(tx, county, index, log));
	}
	await db.transaction((tx) => writeReviews(tx, county, log));
	await db.transaction((tx) => writeProvision(tx, county, log));
	await db.transaction((tx) => writeCpd(tx, county, log));
	await db.transaction((tx) => writeScrutiny(tx, county, log));
	return county.tenantId;
}

/**
 * Fills a migrated database that has no tenants yet with the scale's data, then marks it
 * complete in the measured tenant's audit log, where `locate` looks for it.
 */
export async function generate(
	db: Database,
	scale: Scale,
	options: GenerateOptions = {}
): Promise<void> {
	const spec = SCALES[scale];
	const log = options.log ?? (() => {});
	if (spec.postgresOnly && (await isPglite(db))) {
		throw new Error(`The ${scale} scale needs PostgreSQL: PGlite cannot hold it.`);
	}
	const seed = options.seed ?? 2026;
	const shapes = tenantShapes(spec, options.tenants);
	const started = performance.now();
	const passwordHash = await hashPassword(BENCH_PASSWORD);
	const root = random(seed);
	let measured = '';
	for (const [i, shape] of shapes.entries()) {
		const prefix = shapes.length > 1 ? `${shape.slug} (${i + 1} of ${shapes.length}): ` : '';
		const tenantId = await generateTenant(db, shape, root.fork(shape.slug), passwordHash, (line) =>
			log(prefix + line)
		);
		if (i === 0) measured = tenantId;
	}
	// A live database has planner statistics (autovacuum keeps them); fresh bulk writes do not.
	await db.execute(sql`analyze`);
	const complete = options.tenants === undefined || options.tenants >= tenantShapes(spec).length;
	await db.insert(auditEvent).values({
		tenantId: measured,
		id: root.fork('marker').uuid(),
		at: at(TODAY, '06:00'),
		action: GENERATED,
		subject: complete ? scale : `${scale} (first ${shapes.length} tenants)`,
		detail: { seed, tenants: shapes.length }
	});
	log(`${scale} generated in ${secondsSince(started)}`);
}
