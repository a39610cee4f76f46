// npm run bench [-- --scale county|england] [--smoke]: what it measures is in BENCHMARKS.md.
import { execSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { and, eq, or } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Database } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db/index';
import { judgement } from '../src/lib/server/db/schema';
import { measureAggregates } from './aggregates';
import { concurrentAutosaves, type AutosaveResult, type PlannedSave } from './autosave';
import type { BenchFixture, Scale } from './fixture';
import { generate, locate } from './generate';
import { measureImports } from './imports';
import { firstRequest, measureRoute, signIn, type Load, type RouteResult } from './load';
import { writeResults, type DatabaseResult } from './report';
import { startServer } from './server';

type Kind = 'postgres' | 'pglite';

const { values: args } = parseArgs({
	options: {
		scale: { type: 'string', default: 'county' },
		smoke: { type: 'boolean', default: false },
		db: { type: 'string' },
		seconds: { type: 'string' },
		connections: { type: 'string' },
		build: { type: 'boolean', default: true },
		regenerate: { type: 'boolean', default: false },
		// Measure only these routes (and the baseline): section,summary,moderation,provision,board,la,gaps.
		routes: { type: 'string' },
		// Said in the recorded heading: what this run measures, e.g. a build before a change.
		note: { type: 'string', default: '' }
	},
	allowNegative: true
});

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

const scale = (args.smoke ? 'smoke' : args.scale) as Scale;
if (!['smoke', 'county', 'england'].includes(scale))
	fail(`--scale must be county or england, not ${args.scale}.`);
const dbArg = args.db ?? (scale === 'england' ? 'postgres' : 'both');
if (!['postgres', 'pglite', 'both'].includes(dbArg))
	fail(`--db must be postgres, pglite or both, not ${dbArg}.`);
if (scale === 'england' && dbArg !== 'postgres') fail('England scale runs on PostgreSQL only.');
const kinds: Kind[] = dbArg === 'both' ? ['postgres', 'pglite'] : [dbArg as Kind];
const load: Load = {
	connections: Number(args.connections ?? (scale === 'smoke' ? 5 : 25)),
	seconds: Number(args.seconds ?? (scale === 'smoke' ? 1 : 10))
};
if (!(load.connections >= 1 && load.seconds >= 1))
	fail('--connections and --seconds must be whole numbers of 1 or more.');

const routeKeys = args.routes?.split(',').map((k) => k.trim());
if (routeKeys && !routeKeys.includes('section'))
	fail('--routes must include section: the autosaves run under its load.');

const log = (line: string) => console.info(`[bench] ${line}`);

// The generated data is kept between runs (generating England takes a long time); each run
// measures a copy of it, so the saves and imports it makes never change the original.
const pgUrl =
	process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/inclusio_bench_${scale}`;
const withDatabase = (name: string) => {
	const url = new URL(pgUrl);
	url.pathname = `/${name}`;
	return url.toString();
};
const pgName = decodeURIComponent(new URL(pgUrl).pathname.slice(1));
type Place = { url?: string; dataDir?: string };
const places: Record<Kind, { kept: Place; run: Place }> = {
	postgres: { kept: { url: pgUrl }, run: { url: withDatabase(`${pgName}_run`) } },
	pglite: {
		kept: { dataDir: `bench/.data/pglite-${scale}` },
		run: { dataDir: `bench/.data/pglite-${scale}-run` }
	}
};

/** A connection to the server's maintenance database, for creating and dropping databases. */
const admin = () => postgres(withDatabase('postgres'), { max: 1, onnotice: () => {} });

/** Replaces a database (or data folder) with an empty one. */
async function emptied(kind: Kind, place: { url?: string; dataDir?: string }) {
	if (kind === 'pglite') return rmSync(place.dataDir!, { recursive: true, force: true });
	const name = decodeURIComponent(new URL(place.url!).pathname.slice(1));
	if (!name.startsWith('inclusio_bench'))
		fail(`The benchmark only replaces databases named inclusio_bench…, not ${name}.`);
	const sql = admin();
	try {
		await sql.unsafe(`drop database if exists "${name}" with (force)`);
		await sql.unsafe(`create database "${name}"`);
	} finally {
		await sql.end();
	}
}

/** The generated data of this scale: reused when complete, else generated. Its time if generated. */
async function generated(kind: Kind): Promise<number | null> {
	const kept = places[kind].kept;
	if (kind === 'postgres') {
		const sql = admin();
		const [exists] = await sql`select 1 from pg_database where datname = ${pgName}`;
		await sql.end();
		if (!exists || args.regenerate) await emptied(kind, kept);
	} else if (args.regenerate) await emptied(kind, kept);
	let handle = await openDatabase(kept);
	await handle.migrate();
	const found = await locate(handle.db, scale);
	await handle.close();
	if (found) {
		log(`${kind}: reusing the ${scale} data generated earlier (--regenerate to start again)`);
		return null;
	}
	await emptied(kind, kept);
	handle = await openDatabase(kept);
	try {
		await handle.migrate();
		log(`${kind}: generating the ${scale} data`);
		const started = performance.now();
		await generate(handle.db, scale, { log: (line) => log(`${kind}: ${line}`) });
		const seconds = (performance.now() - started) / 1000;
		log(`${kind}: generated in ${seconds.toFixed(0)} s`);
		return seconds;
	} finally {
		await handle.close();
	}
}

/** A fresh copy of the generated data to measure; returns how to remove it. */
async function copyForRun(kind: Kind) {
	const { kept, run } = places[kind];
	if (kind === 'pglite') {
		rmSync(run.dataDir!, { recursive: true, force: true });
		cpSync(kept.dataDir!, run.dataDir!, { recursive: true });
		return () => Promise.resolve(rmSync(run.dataDir!, { recursive: true, force: true }));
	}
	const name = `${pgName}_run`;
	const sql = admin();
	await sql.unsafe(`drop database if exists "${name}" with (force)`);
	await sql.unsafe(`create database "${name}" template "${pgName}"`);
	return async () => {
		await sql.unsafe(`drop database if exists "${name}" with (force)`);
		await sql.end();
	};
}

/** The version each judgement the autosaves will change is at now, by `evaluation|criterion`. */
async function judgementVersions(db: Database, fixture: BenchFixture) {
	const wanted = [
		...fixture.autosaves.map((a) => ({
			evaluationId: a.evaluationId,
			criterionId: a.criterionIds[0]!
		})),
		fixture.contested
	];
	const rows = await db
		.select({ e: judgement.evaluationId, c: judgement.criterionId, version: judgement.version })
		.from(judgement)
		.where(
			and(
				eq(judgement.tenantId, fixture.tenantId),
				or(
					...wanted.map((w) =>
						and(
							eq(judgement.evaluationId, w.evaluationId),
							eq(judgement.criterionId, w.criterionId)
						)
					)
				)
			)
		);
	return new Map(rows.map((r) => [`${r.e}|${r.c}`, r.version]));
}

/** Signs everyone in, checks every page answers, then measures each route in turn. */
async function driveRoutes(
	origin: string,
	fixture: BenchFixture,
	versions: Map<string, number>,
	rssMb: () => number
) {
	const { users, paths, password } = fixture;
	const cookieOf = new Map<string, string>();
	for (const email of [
		users.senco,
		users.head,
		users.reviewer,
		users.board,
		users.la,
		...users.autosavers
	])
		cookieOf.set(email, await signIn(origin, email, password));
	const as = (email: string) => cookieOf.get(email)!;
	const routes = [
		{ key: 'baseline', name: 'baseline (sign-in page, no database work)', path: '/sign-in' },
		{
			key: 'section',
			name: 'self-evaluation section',
			path: paths.section,
			cookie: as(users.senco)
		},
		{
			key: 'summary',
			name: 'self-evaluation summary',
			path: paths.summary,
			cookie: as(users.senco)
		},
		{
			key: 'moderation',
			name: 'peer review moderation',
			path: paths.moderation,
			cookie: as(users.reviewer)
		},
		{ key: 'provision', name: 'provision map', path: paths.provision, cookie: as(users.senco) },
		{
			key: 'board',
			name: 'area board district view',
			path: paths.boardDistrict,
			cookie: as(users.board)
		},
		{ key: 'la', name: 'LA district comparison', path: paths.laDistricts, cookie: as(users.la) },
		{ key: 'gaps', name: 'gap report', path: paths.gapReport, cookie: as(users.senco) }
	].filter((r) => r.key === 'baseline' || !routeKeys || routeKeys.includes(r.key));
	const firstMs = new Map<string, number>();
	for (const r of routes) {
		log(`first request of ${r.name}`);
		firstMs.set(r.name, await firstRequest(origin, r.path, r.cookie));
	}

	const run = Date.now().toString(36);
	const save = (
		email: string,
		evaluationId: string,
		criterionId: string,
		who: string
	): PlannedSave => ({
		cookie: as(email),
		evaluationId,
		criterionId,
		version: versions.get(`${evaluationId}|${criterionId}`)!,
		marker: `Bench${run}${who}`
	});
	const saves = users.autosavers.map((email, i) =>
		save(
			email,
			fixture.autosaves[i]!.evaluationId,
			fixture.autosaves[i]!.criterionIds[0]!,
			`saver${i}`
		)
	);
	const { evaluationId, criterionId } = fixture.contested;
	const contested: [PlannedSave, PlannedSave] = [
		save(users.senco, evaluationId, criterionId, 'senco'),
		save(users.head, evaluationId, criterionId, 'head')
	];

	const results: RouteResult[] = [];
	let autosave: AutosaveResult | undefined;
	for (const route of routes) {
		log(`measuring ${route.name} (${load.connections} connections, ${load.seconds} s)`);
		// The autosaves go out a third of the way into the section page's load.
		const during =
			route.path === paths.section
				? async () => {
						await new Promise((r) => setTimeout(r, (load.seconds * 1000) / 3));
						autosave = await concurrentAutosaves(origin, saves, contested);
					}
				: undefined;
		results.push(
			await measureRoute(
				origin,
				{ ...route, firstMs: firstMs.get(route.name)! },
				load,
				rssMb,
				during
			)
		);
	}
	return { routes: results, autosave: autosave! };
}

/** Everything measured on one kind of database. */
async function measure(kind: Kind): Promise<DatabaseResult> {
	const generatedSeconds = await generated(kind);
	const drop = await copyForRun(kind);
	const place = places[kind].run;
	try {
		let handle = await openDatabase(place);
		const fixture = (await locate(handle.db, scale))!;
		const versions = await judgementVersions(handle.db, fixture);
		log(`${kind}: timing the dashboard aggregates`);
		const aggregates = await measureAggregates(handle, fixture, (line) => log(`${kind}: ${line}`));
		await handle.close();

		const { server } = await startServer(place);
		let driven;
		let peakRssMb: number;
		try {
			driven = await driveRoutes(server.origin, fixture, versions, () => server.rssMb());
		} finally {
			peakRssMb = server.peakRssMb();
			await server.stop();
		}

		handle = await openDatabase(place);
		let imports = null;
		try {
			if (scale !== 'england') {
				log(`${kind}: timing the imports`);
				useDatabase(handle);
				imports = await measureImports(
					fixture,
					scale === 'smoke' ? { giasRows: 60, provisionRows: 300 } : undefined
				);
			}
		} finally {
			await handle.close();
		}
		return {
			kind,
			generatedSeconds,
			rows: fixture.rows,
			...driven,
			peakRssMb,
			aggregates,
			imports
		};
	} finally {
		await drop();
	}
}

if (args.build) {
	log('building the app');
	try {
		execSync('npm run build', { stdio: 'pipe' });
	} catch (e) {
		console.error(String((e as { stderr?: Buffer }).stderr ?? e));
		fail('The build failed.');
	}
}
const results: DatabaseResult[] = [];
for (const kind of kinds) results.push(await measure(kind));
const problems = writeResults({ scale, load, results, record: scale !== 'smoke', note: args.note });
if (problems.length) {
	console.error(`[bench] ${problems.length} check(s) failed:\n${problems.join('\n')}`);
	process.exitCode = 1;
}
