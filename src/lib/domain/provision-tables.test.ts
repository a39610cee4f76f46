import { describe, expect, it } from 'vitest';
import { NO_FILTER, type FilterChoices } from './board-filters';
import { NEED_CODES } from './provision';
import {
	COLUMNS,
	needColumn,
	outcomeColumn,
	provisionAggregates,
	provisionColumn,
	registerColumn,
	type AggregateRow,
	type AggregateView,
	type SettingFigures
} from './provision-aggregates';
import {
	areaTierTable,
	needTable,
	NO_MATCH,
	outcomesTable,
	provisionByGroupTable,
	provisionExport,
	provisionQuery,
	provisionSections,
	provisionTables,
	registerTable,
	type ProvisionReport
} from './provision-tables';
import { SMALL_MARKER, WITHHELD_MARKER, type Disclosure } from './suppression';

const value = (n: number): Disclosure => ({ kind: 'value', value: n });
const SMALL: Disclosure = { kind: 'suppressed', reason: 'small' };
const WITHHELD: Disclosure = { kind: 'suppressed', reason: 'secondary' };

/** A row whose every figure is 0 but those given. */
function row(
	label: string,
	cells: Record<string, Disclosure>,
	extra: Partial<Pick<AggregateRow, 'settings' | 'roll'>> = {}
): AggregateRow {
	return {
		label,
		settings: extra.settings ?? 8,
		roll: extra.roll === undefined ? 2000 : extra.roll,
		cells: { ...Object.fromEntries(COLUMNS.map((c) => [c, value(0)])), ...cells }
	};
}

const ashford = row(
	'Ashford',
	{
		[registerColumn('K')]: value(150),
		[registerColumn('E')]: SMALL,
		[registerColumn('*')]: WITHHELD,
		[needColumn('SLCN')]: value(1234),
		[needColumn('ASD')]: SMALL,
		[provisionColumn('pupils', '*', '*')]: value(40),
		[provisionColumn('hours', '*', '*')]: value(1250.4),
		[provisionColumn('cost', '*', '*')]: value(1_234_567),
		[outcomeColumn('met')]: value(9),
		[outcomeColumn('partly_met')]: SMALL,
		[outcomeColumn('completed')]: value(12)
	},
	{ settings: 12, roll: 3000 }
);
const dover = row(
	'Dover',
	{
		[registerColumn('K')]: WITHHELD,
		[registerColumn('E')]: value(20),
		[registerColumn('*')]: value(60),
		[provisionColumn('pupils', '*', '*')]: value(15),
		[provisionColumn('cost', '*', '*')]: WITHHELD
	},
	{ roll: null }
);
const total = row(
	'All settings',
	{ [registerColumn('*')]: value(1500), [registerColumn('K')]: value(1200) },
	{ settings: 1500, roll: 250_000 }
);
const VIEW: AggregateView = { rows: [ashford, dover], total };

describe('the register table', () => {
	const table = registerTable(VIEW, 'District');

	it('is headed by the grouping and the register columns', () => {
		expect(table.title).toBe('Pupils on the SEN register, as a share of roll');
		expect(table.header).toEqual([
			'District',
			'Settings',
			'Roll',
			'SEN support (K)',
			'K, share of roll',
			'EHC plan (E)',
			'E, share of roll',
			'On the register'
		]);
	});

	it('prints each group, then the total, with markers where figures are hidden', () => {
		expect(table.rows.map((r) => r[0])).toEqual(['Ashford', 'Dover', 'All settings']);
		expect(table.rows[0]).toEqual([
			'Ashford',
			'12',
			'3,000',
			'150',
			'5%',
			SMALL_MARKER,
			'–',
			WITHHELD_MARKER
		]);
		// A hidden count has no share, and no share is taken of a roll not known.
		expect(table.rows[1]).toEqual([
			'Dover',
			'8',
			'Not known',
			WITHHELD_MARKER,
			'–',
			'20',
			'–',
			'60'
		]);
		expect(table.rows[2]!.slice(1, 5)).toEqual(['1,500', '250,000', '1,200', '0.5%']);
	});
});

describe('the need table', () => {
	it('has a column per census code and the register total, thousands grouped', () => {
		const table = needTable(VIEW, 'Community of schools');
		expect(table.header).toEqual(['Community of schools', ...NEED_CODES, 'All']);
		const ashfordRow = table.rows[0]!;
		expect(ashfordRow[1 + NEED_CODES.indexOf('SLCN')]).toBe('1,234');
		expect(ashfordRow[1 + NEED_CODES.indexOf('ASD')]).toBe(SMALL_MARKER);
		expect(ashfordRow[1 + NEED_CODES.indexOf('MLD')]).toBe('0');
		expect(ashfordRow.at(-1)).toBe(WITHHELD_MARKER);
	});
});

describe('the provision tables', () => {
	const byArea = row('All settings', {
		[provisionColumn('pupils', 'semh', 'targeted')]: SMALL,
		[provisionColumn('hours', 'semh', 'targeted')]: WITHHELD,
		[provisionColumn('hours', 'semh', '*')]: value(80.6),
		[provisionColumn('cost', 'cognition_learning', 'universal')]: value(123_456),
		[provisionColumn('cost', '*', '*')]: value(99_999_949)
	});

	it('give pupils, hours and cost by area of need and tier, with totals', () => {
		const [pupils, hours, cost] = (['pupils', 'hours', 'cost'] as const).map((m) =>
			areaTierTable(byArea, m, '2026/27')
		);
		expect(pupils!.title).toBe(
			'Pupils with provision started in 2026/27, by area of need and tier'
		);
		expect(pupils!.header).toEqual([
			'Area of need',
			'Universal',
			'Targeted',
			'Specialist',
			'All tiers'
		]);
		expect(pupils!.rows.map((r) => r[0])).toEqual([
			'Communication and interaction',
			'Cognition and learning',
			'Social, emotional and mental health',
			'Sensory and/or physical',
			'All areas of need'
		]);
		const semh = (t: typeof pupils) => t!.rows.find((r) => r[0]!.startsWith('Social'))!;
		expect(semh(pupils)[2]).toBe(SMALL_MARKER);
		// Hours in whole hours, cost in whole pounds, as a board reads totals.
		expect(semh(hours)[2]).toBe(WITHHELD_MARKER);
		expect(semh(hours)[4]).toBe('81');
		expect(cost!.rows.find((r) => r[0] === 'Cognition and learning')![1]).toBe('£1,235');
		expect(cost!.rows.at(-1)!.at(-1)).toBe('£999,999');
	});

	it('give cost per pupil only where both figures are shown', () => {
		const table = provisionByGroupTable(VIEW, 'District', '2025/26');
		expect(table.title).toBe('Provision started in 2025/26');
		expect(table.header).toEqual([
			'District',
			'Pupils with provision',
			'Hours',
			'Cost',
			'Cost per pupil'
		]);
		expect(table.rows[0]).toEqual(['Ashford', '40', '1,250', '£12,346', '£309']);
		expect(table.rows[1]).toEqual(['Dover', '15', '0', WITHHELD_MARKER, '–']);
		// No pupils, no cost per pupil.
		expect(table.rows[2]!.at(-1)).toBe('–');
	});
});

describe('the outcomes table', () => {
	it('gives each outcome, the completed and the share met', () => {
		const table = outcomesTable(VIEW, 'District', '2026/27');
		expect(table.header).toEqual([
			'District',
			'Target met',
			'Target partly met',
			'Target not met',
			'Too early to say',
			'Completed',
			'Share of completed with target met'
		]);
		expect(table.rows[0]).toEqual(['Ashford', '9', SMALL_MARKER, '0', '0', '12', '75%']);
		expect(table.rows[1]!.at(-1)).toBe('–');
	});
});

describe('a suppressed view as tables', () => {
	// Nine settings in one district and one in another, which has three pupils with EHC plans.
	const settings: SettingFigures[] = Array.from({ length: 10 }, (_, i) => ({
		id: `s${i}`,
		districtId: i < 9 ? 'd1' : 'd2',
		areaId: 'a1',
		communityId: null,
		settingType: 'mainstream',
		roll: 200,
		figures: new Map([
			[registerColumn('K'), 10 + i],
			[needColumn('SLCN'), 10 + i],
			[registerColumn('E'), i === 9 ? 3 : 6],
			[needColumn('ASD'), i === 9 ? 3 : 6],
			[registerColumn('*'), 10 + i + (i === 9 ? 3 : 6)]
		])
	}));
	const view = provisionAggregates(
		settings,
		[{ id: 'tenant', settingIds: new Set(settings.map((s) => s.id)) }],
		{
			district: new Map([
				['d1', 'Ashford'],
				['d2', 'Dover']
			]),
			area: new Map([['a1', 'South']]),
			community: new Map(),
			setting_type: new Map([['mainstream', 'Mainstream school']])
		}
	)('tenant', 'district')!;

	it('prints a marker exactly where a figure is hidden, in page order', () => {
		const tables = provisionTables(view, 'district', '2026/27');
		expect(tables.map((t) => t.title)).toEqual(
			provisionSections(view, 'district', '2026/27').flatMap((s) => s.tables.map((t) => t.title))
		);
		const register = tables[0]!;
		const columns = [registerColumn('K'), registerColumn('E')];
		[...view.rows, view.total].forEach((r, i) => {
			columns.forEach((column, c) => {
				const text = register.rows[i]![3 + 2 * c]!;
				const d = r.cells[column]!;
				const expected =
					d.kind === 'value' ? d.value.toLocaleString('en-GB') : d.reason === 'small' ? '<5' : 'c';
				expect(text, `${r.label} ${column}`).toBe(expected);
			});
		});
		expect(register.rows[1]![5]).toBe(SMALL_MARKER);
		expect(register.rows.flat()).toContain(WITHHELD_MARKER);
	});
});

const CHOICES: FilterChoices = {
	districts: [
		{ value: 'd1', label: 'Ashford' },
		{ value: 'd2', label: 'Dover' }
	],
	communities: [{ value: 'c1', label: 'Dover Town', districtId: 'd2' }]
};

describe('the download', () => {
	const report: ProvisionReport = {
		view: VIEW,
		grouping: 'community',
		year: '2026/27',
		years: ['2026/27', '2025/26'],
		filter: { districtId: 'd2', communityId: 'c1', phase: 'primary', settingType: null },
		choices: CHOICES,
		problems: []
	};

	it('says whose figures, which year, grouping and filters, then gives every table', () => {
		const { about, tables } = provisionExport(report, {
			whose: 'South Kent Area Board',
			covering: 'Dover; Dover Town; Primary',
			today: '2026-11-27'
		});
		expect(about[0]).toBe(
			'South Kent Area Board, provision in school year 2026/27, by community of schools: Dover; Dover Town; Primary'
		);
		expect(about[1]).toBe('Downloaded from Inclusio on 2026-11-27');
		expect(tables).toEqual(provisionTables(VIEW, 'community', '2026/27'));
		expect(tables).toHaveLength(7);
	});

	it('says so when the filter leaves no setting', () => {
		const { about, tables } = provisionExport(
			{ ...report, view: null },
			{ whose: 'Kent County Council', covering: 'Early years; Special school', today: '2026-11-27' }
		);
		expect(about).toContain(NO_MATCH);
		expect(tables).toEqual([]);
	});

	it('carries the grouping, year and filter in its query string', () => {
		const query = new URLSearchParams(provisionQuery(report));
		expect(Object.fromEntries(query)).toEqual({
			by: 'community',
			year: '2026/27',
			district: 'd2',
			community: 'c1',
			phase: 'primary'
		});
		expect(provisionQuery({ ...report, filter: NO_FILTER })).toBe('by=community&year=2026%2F27');
	});
});
