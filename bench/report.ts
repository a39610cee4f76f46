import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { AggregateResult } from './aggregates';
import type { AutosaveResult } from './autosave';
import type { Scale } from './fixture';
import type { ImportTimings } from './imports';
import type { Load, RouteResult } from './load';

/** Everything measured on one kind of database. */
export interface DatabaseResult {
	kind: 'postgres' | 'pglite';
	/** Seconds spent generating the data in this run; null when data generated earlier was reused. */
	generatedSeconds: number | null;
	rows: Record<string, number>;
	routes: RouteResult[];
	autosave: AutosaveResult;
	peakRssMb: number;
	aggregates: AggregateResult[];
	imports: ImportTimings | null;
}

/** One of the issue's targets, as measured. */
interface Target {
	what: string;
	limit: string;
	measured: string;
	met: boolean;
}

const ms = (n: number) =>
	n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const route = (r: DatabaseResult, name: string) => r.routes.find((x) => x.name.startsWith(name));
const baselineOf = (r: DatabaseResult) => r.routes[0]!;

/** The targets that apply to one database's results at this scale (PostgreSQL only). */
function targetsOf(scale: Scale, r: DatabaseResult): Target[] {
	if (r.kind !== 'postgres' || scale === 'smoke') return [];
	const p95 = (name: string, limit: number): Target => {
		const found = route(r, name);
		return {
			what: `${name} p95`,
			limit: `≤ ${limit} ms`,
			measured: found ? ms(found.p95) : 'not measured (--routes)',
			met: !!found && found.p95 <= limit
		};
	};
	if (scale === 'england') return [p95('area board district view', 150)];
	const base = baselineOf(r).requestsPerSecond;
	const slowest = r.routes
		.slice(1)
		.reduce((a, b) => (a.requestsPerSecond <= b.requestsPerSecond ? a : b));
	const worstAggregate = r.aggregates
		.filter((a) => !a.rollup)
		.reduce<AggregateResult | null>((a, b) => (!a || b.ratio > a.ratio ? b : a), null);
	const targets: Target[] = [
		{
			what: 'errors, every route',
			limit: '0',
			measured: String(r.routes.reduce((n, x) => n + x.errors, 0)),
			met: r.routes.every((x) => x.errors === 0)
		},
		p95('self-evaluation section', 50),
		p95('area board district view', 100),
		p95('LA district comparison', 100),
		{
			what: 'throughput against the baseline, slowest page',
			limit: '≥ 0.3',
			measured: `${(slowest.requestsPerSecond / base).toFixed(2)} (${slowest.name})`,
			met: slowest.requestsPerSecond / base >= 0.3
		},
		{
			what: 'dashboard aggregates against a bare count(*), worst not served from a rollup',
			limit: '≤ 3×',
			measured: worstAggregate
				? `${worstAggregate.ratio.toFixed(1)}× (${worstAggregate.name})`
				: 'all from rollups',
			met: !worstAggregate || worstAggregate.ratio <= 3
		},
		{
			what: 'server peak RSS',
			limit: '≤ 400 MB',
			measured: `${r.peakRssMb.toFixed(0)} MB`,
			met: r.peakRssMb <= 400
		}
	];
	if (r.imports)
		targets.push(
			{
				what: `GIAS import, ${r.imports.gias.rows.toLocaleString('en-GB')} rows`,
				limit: '< 5 s',
				measured: `${(r.imports.gias.totalMs / 1000).toFixed(1)} s`,
				met: r.imports.gias.totalMs < 5000
			},
			{
				what: `provision import, ${r.imports.provision.rows.toLocaleString('en-GB')} rows`,
				limit: '< 10 s',
				measured: `${(r.imports.provision.totalMs / 1000).toFixed(1)} s`,
				met: r.imports.provision.totalMs < 10_000
			}
		);
	return targets;
}

/** What must hold at any scale: a broken benchmark fails rather than reporting nonsense. */
function problemsOf(r: DatabaseResult): string[] {
	const problems: string[] = [];
	for (const x of r.routes)
		if (x.errors > 0) problems.push(`${r.kind}: ${x.name} had ${x.errors} errors`);
	const a = r.autosave;
	if (a.saved !== a.attempted || a.persisted !== a.attempted)
		problems.push(
			`${r.kind}: of ${a.attempted} concurrent autosaves ${a.saved} were saved and ${a.persisted} kept`
		);
	const c = a.contested;
	if (c.kept !== 1 || c.refused !== 1 || !c.keptShown || !c.refusedReturned)
		problems.push(
			`${r.kind}: two saves of one criterion: ${c.kept} kept, ${c.refused} refused, kept text shown ${c.keptShown}, refused text returned ${c.refusedReturned}`
		);
	return problems;
}

function machine() {
	const cpu = cpus();
	return {
		cpus: cpu.length,
		cpuModel: cpu[0]?.model.trim() ?? 'unknown',
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		node: process.version
	};
}

function markdown(scale: Scale, load: Load, results: DatabaseResult[], when: Date, note: string) {
	const m = machine();
	const lines = [
		'',
		`## ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${scale} scale${note ? `: ${note}` : ''}`,
		'',
		`${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; ${load.connections} connections, ${load.seconds} s a route.`,
		'',
		'| route | database | first request | req/s | × baseline | p50 | p95 | p99 | errors |',
		'|---|---|---:|---:|---:|---:|---:|---:|---:|'
	];
	for (const r of results) {
		const base = baselineOf(r).requestsPerSecond;
		for (const x of r.routes)
			lines.push(
				`| ${x.name} | ${r.kind} | ${ms(x.firstMs)} | ${x.requestsPerSecond.toFixed(0)} | ${(x.requestsPerSecond / base).toFixed(2)} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.p99)} | ${x.errors} |`
			);
	}
	lines.push(
		'',
		'| aggregate | database | time | bare count(*) | ratio | rows read |',
		'|---|---|---:|---:|---:|---:|'
	);
	for (const r of results)
		for (const a of r.aggregates)
			lines.push(
				`| ${a.name}${a.rollup ? ' (rollup)' : ''} | ${r.kind} | ${ms(a.ms)} | ${ms(a.scanMs)} | ${a.ratio.toFixed(1)}× | ${a.rows.toLocaleString('en-GB')} |`
			);
	lines.push('');
	for (const r of results) {
		const a = r.autosave;
		lines.push(
			`- ${r.kind}: peak server RSS ${r.peakRssMb.toFixed(0)} MB; ${a.persisted} of ${a.attempted} concurrent autosaves kept (slowest answer ${ms(a.slowestMs)}); two saves of one criterion: ${a.contested.kept} kept, ${a.contested.refused} refused as a conflict${r.imports ? `; GIAS import ${(r.imports.gias.totalMs / 1000).toFixed(1)} s, provision import ${(r.imports.provision.totalMs / 1000).toFixed(1)} s` : ''}${r.generatedSeconds === null ? '' : `; data generated in ${r.generatedSeconds.toFixed(0)} s`}.`
		);
	}
	const targets = results.flatMap((r) => targetsOf(scale, r));
	if (targets.length) {
		lines.push('', '| target (PostgreSQL) | limit | measured | met |', '|---|---|---|---|');
		for (const t of targets)
			lines.push(`| ${t.what} | ${t.limit} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
	}
	return lines.join('\n') + '\n';
}

/**
 * Prints the results; for a full run also keeps them (bench/results/*.json) and appends their
 * table to BENCHMARKS.md. Returns what failed outright (errors, lost saves).
 */
export function writeResults(run: {
	scale: Scale;
	load: Load;
	results: DatabaseResult[];
	record: boolean;
	note: string;
}) {
	const when = new Date();
	const text = markdown(run.scale, run.load, run.results, when, run.note);
	console.info(text);
	if (run.record) {
		mkdirSync('bench/results', { recursive: true });
		const file = `bench/results/${when.toISOString().slice(0, 19).replace(/:/g, '-')}-${run.scale}.json`;
		const targets = run.results.flatMap((r) => targetsOf(run.scale, r));
		writeFileSync(
			file,
			JSON.stringify(
				{
					when,
					scale: run.scale,
					note: run.note,
					machine: machine(),
					load: run.load,
					results: run.results,
					targets
				},
				null,
				'\t'
			) + '\n'
		);
		if (!existsSync('BENCHMARKS.md')) throw new Error('BENCHMARKS.md is missing.');
		appendFileSync('BENCHMARKS.md', text);
		console.info(`[bench] results in ${file} and BENCHMARKS.md`);
	}
	return run.results.flatMap(problemsOf);
}
