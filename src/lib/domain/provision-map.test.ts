import { describe, expect, it } from 'vitest';
import {
	buildProvisionMap,
	chosenYear,
	isOnRegister,
	mapSummaryRows,
	PROVISION_EXPORT_HEADER,
	provisionExportRow,
	recordFigures,
	type ExportRecord,
	type MapRecord
} from './provision-map';

const TODAY = '2026-11-30';

// 2 × 45 minutes = 1.5 hours a week, at £18 an hour, shared by a group of 3.
const lego = {
	id: 'lego',
	name: 'Lego therapy',
	areaOfNeed: 'communication_interaction',
	tier: 'targeted',
	groupSize: 3,
	sessionsPerWeek: 2,
	minutesPerSession: 45,
	hourlyCostPence: 1800
} as const;
// 3 × 20 minutes = 1 hour a week, one to one, at £25 an hour.
const precision = {
	id: 'precision',
	name: 'Precision teaching',
	areaOfNeed: 'cognition_learning',
	tier: 'specialist',
	groupSize: 1,
	sessionsPerWeek: 3,
	minutesPerSession: 20,
	hourlyCostPence: 2500
} as const;
// 5 × 20 minutes = 1⅔ hours a week, at £15 an hour, shared by 6.
const sensory = {
	id: 'sensory',
	name: 'Sensory circuits',
	areaOfNeed: 'sensory_physical',
	tier: 'universal',
	groupSize: 6,
	sessionsPerWeek: 5,
	minutesPerSession: 20,
	hourlyCostPence: 1500
} as const;

const record = (
	pupilId: string,
	intervention: MapRecord['intervention'],
	rest: Partial<MapRecord>
): MapRecord => ({
	pupilId,
	intervention,
	startDate: '2026-09-07',
	endDate: null,
	weeks: null,
	outcome: null,
	...rest
});

const records: MapRecord[] = [
	// 10 weeks given: 15 hours, 1.5 × 10 × £18 / 3 = £90.
	record('p1', lego, { weeks: 10, outcome: 'met' }),
	// 7 September to 18 October is 42 days, 6 weeks: 9 hours, £54.
	record('p2', lego, { endDate: '2026-10-18', outcome: 'partly_met' }),
	// Ongoing since 2 November: 29 days to today is 4 weeks: 4 hours, £100.
	record('p1', precision, { startDate: '2026-11-02' }),
	// 5 weeks given: 5 hours, £125.
	record('p3', precision, { weeks: 5, outcome: 'not_met' }),
	// 7 weeks: 11⅔ hours, 1⅔ × 7 × £15 / 6 = £29.1666… → £29.17.
	record('p2', sensory, { weeks: 7, outcome: 'too_early' })
];

describe('recordFigures', () => {
	it('uses the weeks given over the dates', () => {
		expect(recordFigures(records[0]!, TODAY)).toEqual({ weeks: 10, hours: 15, costPence: 9000 });
	});

	it('counts the weeks from start to end', () => {
		expect(recordFigures(records[1]!, TODAY)).toEqual({ weeks: 6, hours: 9, costPence: 5400 });
	});

	it('counts ongoing provision up to today, which is a parameter', () => {
		expect(recordFigures(records[2]!, TODAY)).toEqual({ weeks: 4, hours: 4, costPence: 10000 });
		expect(recordFigures(records[2]!, '2026-12-14')).toEqual({
			weeks: 6,
			hours: 6,
			costPence: 15000
		});
	});

	it('costs nothing before an open-ended record starts', () => {
		expect(recordFigures(records[2]!, '2026-10-01')).toEqual({ weeks: 0, hours: 0, costPence: 0 });
	});

	it('shares the group cost and rounds to the penny', () => {
		const { hours, costPence } = recordFigures(records[4]!, TODAY);
		expect(hours).toBeCloseTo(35 / 3, 10);
		expect(costPence).toBe(2917);
	});
});

describe('buildProvisionMap', () => {
	const { map, summary, interventions } = buildProvisionMap(records, TODAY);

	it('totals hours, cost and distinct pupils for the whole year', () => {
		// 15 + 9 + 4 + 5 + 11⅔ hours; £90 + £54 + £100 + £125 + £29.17.
		expect(map.total).toEqual({ hours: 44.67, costPence: 39817, pupils: 3 });
		expect(summary).toMatchObject({ hours: 44.67, costPence: 39817, pupils: 3, records: 5 });
	});

	it('puts each record in its area and tier, with row and column totals', () => {
		const row = (area: string) => map.rows.find((r) => r.area === area)!;
		expect(map.rows.map((r) => r.area)).toEqual([
			'communication_interaction',
			'cognition_learning',
			'semh',
			'sensory_physical'
		]);
		expect(row('communication_interaction').cells.targeted).toEqual({
			hours: 24,
			costPence: 14400,
			pupils: 2
		});
		expect(row('communication_interaction').cells.universal).toEqual({
			hours: 0,
			costPence: 0,
			pupils: 0
		});
		expect(row('cognition_learning').cells.specialist).toEqual({
			hours: 9,
			costPence: 22500,
			pupils: 2
		});
		expect(row('cognition_learning').total).toEqual({ hours: 9, costPence: 22500, pupils: 2 });
		expect(row('semh').total).toEqual({ hours: 0, costPence: 0, pupils: 0 });
		expect(row('sensory_physical').cells.universal).toEqual({
			hours: 11.67,
			costPence: 2917,
			pupils: 1
		});
		expect(map.tierTotals).toEqual({
			universal: { hours: 11.67, costPence: 2917, pupils: 1 },
			targeted: { hours: 24, costPence: 14400, pupils: 2 },
			specialist: { hours: 9, costPence: 22500, pupils: 2 }
		});
	});

	it('counts a pupil once in a total however many cells they are in', () => {
		// p1 and p2 are each in two cells: the cells add up to 5 pupils, the total is 3.
		const cellPupils = Object.values(map.tierTotals).reduce((n, f) => n + f.pupils, 0);
		expect(cellPupils).toBe(5);
		expect(map.total.pupils).toBe(3);
	});

	it('works out cost per pupil, per successful outcome and effectiveness', () => {
		expect(summary).toMatchObject({
			completed: 3,
			met: 1,
			partlyMet: 1,
			notMet: 1,
			notCompleted: 2,
			effectiveness: 1 / 3,
			// £398.17 between 3 pupils is £132.7233… → £132.72.
			costPerPupilPence: 13272,
			// The completed records cost £90 + £54 + £125, for one target met.
			costPerSuccessPence: 26900
		});
	});

	it('gives each intervention its figures, in name order', () => {
		expect(interventions.map((i) => i.name)).toEqual([
			'Lego therapy',
			'Precision teaching',
			'Sensory circuits'
		]);
		const [legoFigures, precisionFigures, sensoryFigures] = interventions;
		expect(legoFigures).toMatchObject({
			id: 'lego',
			areaOfNeed: 'communication_interaction',
			tier: 'targeted',
			pupils: 2,
			records: 2,
			completed: 2,
			met: 1,
			partlyMet: 1,
			notMet: 0,
			effectiveness: 0.5,
			costPence: 14400,
			costPerPupilPence: 7200,
			costPerSuccessPence: 14400
		});
		// Completed but never met: effectiveness 0, and no cost per success to speak of.
		expect(precisionFigures).toMatchObject({
			pupils: 2,
			completed: 1,
			met: 0,
			notMet: 1,
			notCompleted: 1,
			effectiveness: 0,
			costPerPupilPence: 11250,
			costPerSuccessPence: null
		});
		// "Too early to say" is not completed provision.
		expect(sensoryFigures).toMatchObject({
			completed: 0,
			notCompleted: 1,
			effectiveness: null,
			costPerPupilPence: 2917,
			costPerSuccessPence: null
		});
	});

	it('counts a pupil once on an intervention they had twice', () => {
		const again = buildProvisionMap(
			[record('p1', lego, { weeks: 1 }), record('p1', lego, { startDate: '2027-01-04', weeks: 1 })],
			TODAY
		);
		// Each record: 1.5 × 1 × £18 / 3 = £9.
		expect(again.map.total).toEqual({ hours: 3, costPence: 1800, pupils: 1 });
		expect(again.interventions[0]).toMatchObject({
			pupils: 1,
			records: 2,
			costPerPupilPence: 1800
		});
	});

	it('rounds each record to the penny before adding them up', () => {
		// Each: 1⅔ × 1 × £15 / 6 = £4.1666… → £4.17; three of them £12.51, not £12.50.
		const thirds = buildProvisionMap(
			['a', 'b', 'c'].map((p) => record(p, sensory, { weeks: 1 })),
			TODAY
		);
		expect(thirds.map.total).toEqual({ hours: 5, costPence: 1251, pupils: 3 });
		expect(thirds.summary.costPerPupilPence).toBe(417);
	});

	it('gives zeros and no ratios for a year without provision', () => {
		const empty = buildProvisionMap([], TODAY);
		const nothing = { hours: 0, costPence: 0, pupils: 0 };
		expect(empty.map.total).toEqual(nothing);
		expect(empty.map.rows).toHaveLength(4);
		expect(empty.map.rows.every((r) => Object.values(r.cells).every((c) => c.pupils === 0))).toBe(
			true
		);
		expect(empty.summary).toMatchObject({
			records: 0,
			completed: 0,
			effectiveness: null,
			costPerPupilPence: null,
			costPerSuccessPence: null
		});
		expect(empty.interventions).toEqual([]);
	});
});

describe('chosenYear', () => {
	it('reads a school year from the query string', () => {
		expect(chosenYear('2025/26', TODAY)).toEqual({
			label: '2025/26',
			start: '2025-09-01',
			end: '2026-08-31'
		});
	});

	it('falls back to the year today is in when none or nonsense is asked for', () => {
		expect(chosenYear(null, TODAY).label).toBe('2026/27');
		expect(chosenYear('', '2026-08-31').label).toBe('2025/26');
		expect(chosenYear('2025/27', TODAY).label).toBe('2026/27');
		expect(chosenYear('next year', TODAY).label).toBe('2026/27');
	});
});

describe('isOnRegister', () => {
	it('holds from the day added until the day removed', () => {
		expect(isOnRegister({ addedOn: TODAY, removedOn: null }, TODAY)).toBe(true);
		expect(isOnRegister({ addedOn: '2026-12-01', removedOn: null }, TODAY)).toBe(false);
		expect(isOnRegister({ addedOn: '2025-09-01', removedOn: '2026-12-01' }, TODAY)).toBe(true);
		expect(isOnRegister({ addedOn: '2025-09-01', removedOn: TODAY }, TODAY)).toBe(false);
	});
});

describe('export rows', () => {
	const exported: ExportRecord = {
		...records[4]!,
		pupil: { reference: 'P-104', yearGroup: 'R', senStatus: 'K', primaryNeed: 'SPLD' },
		entryMeasure: 'Boxall 12',
		exitMeasure: '',
		notes: '=HYPERLINK("x")'
	};

	it('lays a record out under the header, leaving neutralising to the writer', () => {
		const row = provisionExportRow(exported, TODAY);
		expect(row).toHaveLength(PROVISION_EXPORT_HEADER.length);
		expect(row).toEqual([
			'P-104',
			'R',
			'K',
			'SPLD',
			'Sensory circuits',
			'Sensory and/or physical',
			'Universal',
			'2026-09-07',
			null,
			7,
			11.67,
			29.17,
			'Boxall 12',
			'',
			'Too early to say',
			'=HYPERLINK("x")'
		]);
	});

	it('summarises the map by area and tier, with totals last', () => {
		const rows = mapSummaryRows(buildProvisionMap(records, TODAY).map);
		// Four areas of three tiers and a total each, three tier totals and the grand total.
		expect(rows).toHaveLength(4 * 4 + 3 + 1);
		expect(rows[1]).toEqual(['Communication and interaction', 'Targeted', 2, 24, 144]);
		expect(rows[3]).toEqual(['Communication and interaction', 'All tiers', 2, 24, 144]);
		expect(rows.at(-1)).toEqual(['All areas', 'All tiers', 3, 44.67, 398.17]);
	});
});
