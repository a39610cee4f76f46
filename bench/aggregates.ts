import { sql, type SQL } from 'drizzle-orm';
import { todayInEngland } from '../src/lib/domain/dates';
import { academicYearOf } from '../src/lib/domain/provision';
import { rowsOf, type DatabaseHandle } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db/index';
import { inTenant, type Tx } from '../src/lib/server/db/tenant';
import { gapInputs } from '../src/lib/server/services/gap-criteria';
import { figuresBySetting } from '../src/lib/server/services/provision-aggregates';
import { agreedAgainstOwn } from '../src/lib/server/services/review-calibration';
import { sectionResults } from '../src/lib/server/services/section-results';
import type { BenchFixture } from './fixture';

/** One dashboard aggregate against a bare count of the rows it reads. Times in ms (medians). */
export interface AggregateResult {
	name: string;
	ms: number;
	scanMs: number;
	/** ms / scanMs: how far the aggregate is from the cost of merely reading its rows. */
	ratio: number;
	/** The rows the bare count counted. */
	rows: number;
	/** Whether the pages read this aggregate from a rollup kept by the writes that change it. */
	rollup: boolean;
}

const RUNS = 5;

/** The median time of `RUNS` runs after one to warm the caches, and the last run's value. */
async function timed<T>(run: () => Promise<T>) {
	let value = await run();
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		value = await run();
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	return { ms: times[Math.floor(RUNS / 2)]!, value };
}

/** The newest closed cycle (the one the district views open on) and the one before it. */
async function cyclesOf(tx: Tx) {
	const rows = rowsOf<{ id: string }>(
		await tx.execute(
			sql`select id from evaluation_cycle where status = 'closed' order by deadline desc`
		)
	);
	return { latest: rows[0]!.id, previous: rows[1]?.id ?? rows[0]!.id };
}

/**
 * Times each aggregate the dashboards run (as the application role, in the fixture's tenant,
 * as the pages do) against `select count(*)` over the same rows.
 */
export async function measureAggregates(
	handle: DatabaseHandle,
	fixture: BenchFixture,
	log: (line: string) => void
) {
	useDatabase(handle);
	const inBench = <T>(fn: (tx: Tx) => Promise<T>) =>
		inTenant({ tenantId: fixture.tenantId, userId: null }, fn);
	const { latest, previous } = await inBench(cyclesOf);
	const today = todayInEngland();
	const year = academicYearOf(today);
	const judgementsIn = (cycles: string[]) => sql`
		select count(*)::int as n from judgement j
		join self_evaluation e on e.tenant_id = j.tenant_id and e.id = j.evaluation_id
		where e.cycle_id in (${sql.join(
			cycles.map((c) => sql`${c}::uuid`),
			sql`, `
		)})`;
	const aggregates: {
		name: string;
		run: (tx: Tx) => Promise<unknown>;
		scan: SQL;
		rollup?: boolean;
	}[] = [
		{
			name: 'section results of a cycle (district views)',
			run: (tx) => sectionResults(tx, latest),
			scan: judgementsIn([latest])
		},
		{
			name: 'agreed against own ratings (calibration)',
			run: (tx) => agreedAgainstOwn(tx, latest),
			scan: sql`
				select count(*)::int as n from agreed_rating a
				join peer_review p on p.tenant_id = a.tenant_id and p.id = a.review_id
				join review_round r on r.tenant_id = p.tenant_id and r.id = p.round_id
				where r.cycle_id = ${latest}::uuid and p.stage = 'finalised'`
		},
		{
			name: 'provision figures of the year (provision views)',
			run: (tx) => figuresBySetting(tx, today, year),
			// Its three queries: the register, the year's provision and the year's outcomes.
			scan: sql`
				select (select count(*) from sen_pupil
						where removed_on is null or removed_on > ${today}::date)
					+ (select count(*) from provision_record r
						join intervention i on i.tenant_id = r.tenant_id and i.id = r.intervention_id
						where r.start_date between ${year.start}::date and ${year.end}::date)
					+ (select count(*) from provision_record
						where start_date between ${year.start}::date and ${year.end}::date
							and outcome is not null) as n`
		},
		{
			name: 'gap inputs of a cycle (CPD demand)',
			run: (tx) => gapInputs(tx, latest),
			scan: judgementsIn([latest, previous])
		}
	];
	const results: AggregateResult[] = [];
	for (const a of aggregates) {
		log(a.name);
		const own = await timed(() => inBench(a.run));
		const scan = await timed(() =>
			inBench(async (tx) => rowsOf<{ n: number }>(await tx.execute(a.scan))[0]!.n)
		);
		results.push({
			name: a.name,
			ms: own.ms,
			scanMs: scan.ms,
			ratio: own.ms / scan.ms,
			rows: Number(scan.value),
			rollup: a.rollup ?? false
		});
	}
	return results;
}
