import { and, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { phaseGroup } from '../../src/lib/domain/allocation';
import { NO_FILTER } from '../../src/lib/domain/board-filters';
import { todayInEngland } from '../../src/lib/domain/dates';
import {
	academicYearOf,
	costPerPupilPence,
	pupilHours,
	weeksOf,
	type Outcome,
	type SenStatus
} from '../../src/lib/domain/provision';
import {
	GROUPINGS,
	needColumn,
	outcomeColumn,
	provisionColumn,
	registerColumn,
	type AggregateView
} from '../../src/lib/domain/provision-aggregates';
import type { Disclosure } from '../../src/lib/domain/suppression';
import {
	intervention,
	organisation,
	provisionRecord,
	senPupil,
	setting,
	tenant
} from '../../src/lib/server/db/schema';
import { rowsOf } from '../../src/lib/server/db/client';
import {
	provisionAggregatesFor,
	provisionReport
} from '../../src/lib/server/services/provision-aggregates';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

const db = useTestDatabase();
const year = academicYearOf(todayInEngland());
const inYear = (days: number) =>
	new Date(Date.parse(year.start) + days * 86_400_000).toISOString().slice(0, 10);

/** The fixture district by district: each setting's K and E pupils, all in one need. */
const FIXTURE: [setting: string, k: number, e: number][] = [
	['Oakfield Primary School', 10, 3],
	['Willowbrook Primary School', 8, 0],
	['Cliffside Primary School', 6, 2],
	['Harbour View Academy', 7, 6],
	['Riverside Academy', 12, 5]
];
// Ashford: Oakfield, Willowbrook. Dover: Cliffside, Harbour View. Canterbury: Riverside.
const EXPECTED = {
	Ashford: { K: 18, E: 3 },
	Dover: { K: 13, E: 8 },
	Canterbury: { K: 12, E: 5 }
};

/** What the fixture's provision records cost, worked out with the app's own arithmetic. */
let expectedCostPence = 0;
let expectedHours = 0;
let expectedPupilsWithProvision = 0;
const expectedOutcomes: Record<Outcome, number> = {
	met: 0,
	partly_met: 0,
	not_met: 0,
	too_early: 0
};

beforeAll(async () => {
	const { db: owner } = db.handle;
	const [kent] = await owner.select().from(tenant).where(eq(tenant.slug, 'kent'));
	const tenantId = kent!.id;
	// Start from an empty county, so every figure below is worked out by hand.
	await owner.delete(senPupil).where(eq(senPupil.tenantId, tenantId));
	await owner.delete(intervention).where(eq(intervention.tenantId, tenantId));
	const settings = await owner
		.select({ id: organisation.id, name: organisation.name })
		.from(organisation)
		.where(
			and(
				eq(organisation.tenantId, tenantId),
				inArray(
					organisation.name,
					FIXTURE.map(([name]) => name)
				)
			)
		);
	const idOf = new Map(settings.map((s) => [s.name, s.id]));
	const today = todayInEngland();
	const shape = { groupSize: 4, sessionsPerWeek: 3, minutesPerSession: 20, hourlyCostPence: 2400 };
	for (const [name, k, e] of FIXTURE) {
		const settingId = idOf.get(name)!;
		const [offer] = await owner
			.insert(intervention)
			.values({
				tenantId,
				settingId,
				name: 'Talk group',
				areaOfNeed: 'communication_interaction',
				tier: 'targeted',
				staffRole: 'Teaching assistant',
				...shape
			})
			.returning();
		const statuses: SenStatus[] = [
			...Array<SenStatus>(k).fill('K'),
			...Array<SenStatus>(e).fill('E')
		];
		const pupils = await owner
			.insert(senPupil)
			.values(
				statuses.map((senStatus, n) => ({
					tenantId,
					settingId,
					reference: `T-${n}`,
					yearGroup: '3',
					senStatus,
					primaryNeed: senStatus === 'E' ? ('ASD' as const) : ('SLCN' as const),
					addedOn: '2024-09-01'
				}))
			)
			.returning({ id: senPupil.id });
		// Every other pupil has a place on the group: finished ones with an outcome in turn.
		const cycle: (Outcome | null)[] = ['met', 'partly_met', 'not_met', 'too_early', null];
		const records = pupils
			.filter((_, n) => n % 2 === 0)
			.map((p, n) => {
				const outcome = cycle[n % cycle.length]!;
				const record = {
					startDate: inYear(n),
					endDate: outcome ? inYear(n + 60) : null,
					weeks: outcome === 'met' ? 8 : null
				};
				const weeks = weeksOf(record, today);
				expectedCostPence += costPerPupilPence(shape, weeks);
				expectedHours += pupilHours(shape, weeks);
				if (outcome) expectedOutcomes[outcome] += 1;
				return {
					tenantId,
					settingId,
					pupilId: p.id,
					interventionId: offer!.id,
					...record,
					outcome
				};
			})
			.filter((r) => r.startDate <= today);
		expectedPupilsWithProvision += records.length;
		if (records.length) await owner.insert(provisionRecord).values(records);
	}
});

const shown = (d: Disclosure | undefined) => (d?.kind === 'value' ? d.value : null);
const rowOf = (view: AggregateView, label: string) => {
	const row = view.rows.find((r) => r.label === label);
	if (!row) throw new Error(`No row ${label}`);
	return row;
};

describe('provision aggregates for the LA and area boards', () => {
	it('adds up the register by district, with a small count shown as small', async () => {
		const view = (await provisionAggregatesFor(await scopeFor('la.admin@kent.test'), 'district'))!;
		const ashford = rowOf(view, 'Ashford');
		expect(ashford.cells[registerColumn('E')]).toEqual({ kind: 'suppressed', reason: 'small' });
		// Ashford's register total less its K would give its E away, so one of them is hidden.
		const kShown = shown(ashford.cells[registerColumn('K')]);
		const allShown = shown(ashford.cells[registerColumn('*')]);
		expect(kShown === null || allShown === null).toBe(true);
		// Whatever is shown is the truth.
		for (const [district, counts] of Object.entries(EXPECTED)) {
			const row = rowOf(view, district);
			for (const status of ['K', 'E'] as const) {
				const value = shown(row.cells[registerColumn(status)]);
				if (value !== null) expect(value, `${district} ${status}`).toBe(counts[status]);
			}
		}
		expect(rowOf(view, 'Thanet').cells[registerColumn('K')]).toEqual({ kind: 'value', value: 0 });
		expect(view.total.settings).toBeGreaterThan(30);
	});

	it('hides a total when it and the other parts would give a small part away', async () => {
		const view = (await provisionAggregatesFor(await scopeFor('la.admin@kent.test'), 'district'))!;
		// E across districts: Ashford's 3 is hidden, so the county total, or another district's E,
		// must be hidden too, or 16 − 8 − 5 would give it away.
		const total = shown(view.total.cells[registerColumn('E')]);
		const others = view.rows
			.filter((r) => r.label !== 'Ashford')
			.map((r) => shown(r.cells[registerColumn('E')]));
		expect(total === null || others.some((v) => v === null)).toBe(true);
	});

	it('no line of any view lets a hidden small count be worked out', async () => {
		for (const email of ['la.admin@kent.test', 'board@kent.test']) {
			const scope = await scopeFor(email);
			for (const grouping of GROUPINGS) {
				const view = (await provisionAggregatesFor(scope, grouping))!;
				const rows = [...view.rows, view.total];
				// Columns down a view add up to its total; across a row, the register adds up.
				const lines: [total: Disclosure, parts: Disclosure[]][] = [];
				for (const column of [registerColumn('K'), registerColumn('E'), needColumn('ASD')]) {
					lines.push([view.total.cells[column]!, view.rows.map((r) => r.cells[column]!)]);
				}
				for (const r of rows) {
					lines.push([
						r.cells[registerColumn('*')]!,
						[r.cells[registerColumn('K')]!, r.cells[registerColumn('E')]!]
					]);
				}
				for (const [total, parts] of lines) {
					const members = [total, ...parts];
					const hidden = members.filter((d) => d.kind === 'suppressed');
					expect(hidden.length === 1, `${email} ${grouping}`).toBe(false);
				}
			}
		}
	});

	it('costs, hours and outcomes agree with the arithmetic settings see', async () => {
		const view = (await provisionAggregatesFor(
			await scopeFor('la.admin@kent.test'),
			'setting_type'
		))!;
		const cells = view.total.cells;
		expect(shown(cells[provisionColumn('pupils', '*', '*')])).toBe(expectedPupilsWithProvision);
		expect(shown(cells[provisionColumn('cost', '*', '*')])).toBe(expectedCostPence);
		expect(shown(cells[provisionColumn('hours', '*', '*')])).toBeCloseTo(expectedHours, 6);
		expect(shown(cells[provisionColumn('cost', 'communication_interaction', 'targeted')])).toBe(
			expectedCostPence
		);
		for (const outcome of ['met', 'partly_met', 'not_met'] as const) {
			const value = shown(cells[outcomeColumn(outcome)]);
			if (value !== null) expect(value).toBe(expectedOutcomes[outcome]);
		}
	});

	it("shows a board only its own area's settings, and the same groups as the LA alike", async () => {
		const board = (await provisionAggregatesFor(await scopeFor('board@kent.test'), 'district'))!;
		expect(board.rows.map((r) => r.label)).toEqual(['Ashford', 'Dover', 'Folkestone & Hythe']);
		const la = (await provisionAggregatesFor(await scopeFor('la.admin@kent.test'), 'district'))!;
		for (const row of board.rows) {
			expect(row.cells, row.label).toEqual(rowOf(la, row.label).cells);
		}
		// The board's whole area is the LA's South area: one group, one set of figures.
		const byArea = (await provisionAggregatesFor(await scopeFor('la.admin@kent.test'), 'area'))!;
		expect(board.total.cells).toEqual(rowOf(byArea, 'South').cells);
	});

	it('gives settings, peer reviewers and another tenant nothing', async () => {
		for (const email of ['senco@kent.test', 'head@kent.test', 'reviewer@kent.test']) {
			expect(await provisionAggregatesFor(await scopeFor(email), 'district'), email).toBeNull();
		}
		const northbury = (await provisionAggregatesFor(
			await scopeFor('la.admin@northbury.test'),
			'district'
		))!;
		expect(northbury.rows.map((r) => r.label)).not.toContain('Ashford');
		// Northbury adds up its own register (Fenmoor's, from the demo) and nothing of Kent's.
		const counts = rowsOf<{ k: number; total: number }>(
			await db.handle.db.execute(
				sql`select count(*) filter (where p.sen_status = 'K')::int as k, count(*)::int as total
					from sen_pupil p join tenant t on t.id = p.tenant_id
					where t.slug = 'northbury' and p.removed_on is null`
			)
		)[0]!;
		const k = shown(northbury.total.cells[registerColumn('K')]);
		const all = shown(northbury.total.cells[registerColumn('*')]);
		expect(k ?? all, 'one of them is shown').not.toBeNull();
		if (k !== null) expect(k).toBe(counts.k);
		if (all !== null) expect(all).toBe(counts.total);
	});
});

describe('filtering the provision views', () => {
	/** The report a query string asks for, as the pages and downloads read it. */
	const reportFor = async (email: string, query: Record<string, string> = {}) =>
		(await provisionReport(await scopeFor(email), new URLSearchParams(query)))!;
	const districtId = async (name: string) => {
		const { choices } = await reportFor('la.admin@kent.test');
		const found = choices.districts.find((d) => d.label === name);
		if (!found) throw new Error(`No district ${name}`);
		return found.value;
	};
	/** Kent's settings as the filters see them, read straight from the table. */
	const kentSettings = async () => {
		const { db: owner } = db.handle;
		return owner
			.select({
				districtId: setting.districtId,
				settingType: setting.settingType,
				phase: setting.phase
			})
			.from(setting)
			.innerJoin(tenant, eq(tenant.id, setting.tenantId))
			.where(eq(tenant.slug, 'kent'));
	};

	it("narrows to one district: that district's settings and figures only", async () => {
		const dover = await districtId('Dover');
		const unfiltered = await reportFor('la.admin@kent.test');
		const report = await reportFor('la.admin@kent.test', { district: dover });
		expect(report.problems).toEqual([]);
		expect(report.filter).toEqual({ ...NO_FILTER, districtId: dover });
		const view = report.view!;
		expect(view.rows.map((r) => r.label)).toEqual(['Dover']);
		const inDover = (await kentSettings()).filter((s) => s.districtId === dover).length;
		expect(view.total.settings).toBe(inDover);
		// The same settings are the same group, suppressed once: Dover's row of the county view.
		expect(view.total.cells).toEqual(rowOf(unfiltered.view!, 'Dover').cells);
		const k = shown(view.total.cells[registerColumn('K')]);
		if (k !== null) expect(k).toBe(EXPECTED.Dover.K);
	});

	it('narrows by phase and by setting type', async () => {
		const settings = await kentSettings();
		const primary = (
			await reportFor('la.admin@kent.test', { phase: 'primary', by: 'setting_type' })
		).view!;
		expect(primary.total.settings).toBe(settings.filter((s) => phaseGroup(s) === 'primary').length);
		expect(primary.rows.map((r) => r.label)).toEqual(['Mainstream school']);
		const special = (await reportFor('la.admin@kent.test', { type: 'special', by: 'district' }))
			.view!;
		expect(special.total.settings).toBe(settings.filter((s) => s.settingType === 'special').length);
		// Every fixture pupil is in a mainstream school: special schools have none on the register.
		expect(special.total.cells[registerColumn('*')]).toEqual({ kind: 'value', value: 0 });
	});

	it('gives no view for a filter that leaves no setting, and says nothing is wrong', async () => {
		// Early years is a phase no special school is in.
		const scope = await scopeFor('la.admin@kent.test');
		const filter = { ...NO_FILTER, phase: 'early_years' as const, settingType: 'special' as const };
		expect(await provisionAggregatesFor(scope, 'district', year, filter)).toBeNull();
		const report = await reportFor('la.admin@kent.test', { phase: 'early_years', type: 'special' });
		expect(report.view).toBeNull();
		expect(report.problems).toEqual([]);
		expect(report.filter).toEqual(filter);
	});

	it("won't let a board filter to a district outside its scope", async () => {
		const canterbury = await districtId('Canterbury');
		const report = await reportFor('board@kent.test', { district: canterbury });
		expect(report.choices.districts.map((d) => d.label)).toEqual([
			'Ashford',
			'Dover',
			'Folkestone & Hythe'
		]);
		expect(report.filter.districtId).toBeNull();
		expect(report.problems).toEqual([
			'The district asked for is not one you can see, so all are shown.'
		]);
		// What it sees instead is its own area, not Canterbury's figures.
		expect(report.view!.rows.map((r) => r.label)).toEqual([
			'Ashford',
			'Dover',
			'Folkestone & Hythe'
		]);
		// Asked of the service directly, a district outside the scope has no view at all.
		const filter = { ...NO_FILTER, districtId: canterbury };
		expect(
			await provisionAggregatesFor(await scopeFor('board@kent.test'), 'district', year, filter)
		).toBeNull();
	});

	it("drops another tenant's district, and gives settings no report", async () => {
		const northbury = await reportFor('la.admin@northbury.test');
		const theirs = northbury.choices.districts[0]!.value;
		const report = await reportFor('la.admin@kent.test', { district: theirs });
		expect(report.filter.districtId).toBeNull();
		expect(report.problems).toHaveLength(1);
		expect(
			await provisionReport(await scopeFor('senco@kent.test'), new URLSearchParams())
		).toBeNull();
	});
});
