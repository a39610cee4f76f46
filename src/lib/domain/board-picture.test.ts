import { describe, expect, it } from 'vitest';
import { NO_FILTER, type BoardFilter } from './board-filters';
import {
	boardPicture,
	calibrationColumn,
	COVERAGE_COLUMNS,
	sectionColumn,
	statusColumn,
	type CoverageStatus,
	type PictureFramework,
	type PictureRow,
	type PictureSetting,
	type SectionFacts,
	type SectionMeasure
} from './board-picture';
import { disclosureText, type Disclosure } from './suppression';

const SCALE = [1, 2, 3, 4].map((value) => ({ value, label: `L${value}`, colour: '#000000' }));
const MCS: PictureFramework = {
	key: 'mcs',
	name: 'Mainstream Core Standards',
	scale: SCALE,
	sections: [
		{ key: 'mcs:A', code: 'A', title: 'Teaching' },
		{ key: 'mcs:B', code: 'B', title: 'Transition' }
	]
};

const facts = (level: number, extra: Partial<SectionFacts> = {}): SectionFacts => ({
	level,
	statutoryGap: false,
	previous: null,
	calibration: null,
	...extra
});

let next = 0;
function setting(
	district: string,
	status: CoverageStatus,
	options: Partial<PictureSetting> & { levels?: [number, number] } = {}
): PictureSetting {
	const { levels, ...rest } = options;
	next += 1;
	return {
		id: `s${String(next).padStart(2, '0')}`,
		districtId: district,
		communityId: null,
		settingType: 'mainstream',
		phase: 'Primary',
		frameworkKey: 'mcs',
		status,
		named: false,
		namedBefore: false,
		peerReviewed: false,
		reviewShared: false,
		actions: { done: 0, all: 0 },
		sections:
			status === 'signed_off'
				? new Map([
						['mcs:A', facts(levels?.[0] ?? 3)],
						['mcs:B', facts(levels?.[1] ?? 3)]
					])
				: new Map(),
		...rest
	};
}

const names = {
	district: new Map([
		['ash', 'Ashford'],
		['dov', 'Dover']
	]),
	community: new Map<string, string>()
};

const text = (d: Disclosure | undefined) => (d ? disclosureText(d) : 'missing');

function pictureOf(settings: PictureSetting[], filter: BoardFilter = NO_FILTER) {
	const read = boardPicture(
		settings,
		[MCS],
		[{ id: 'tenant', settingIds: new Set(settings.map((s) => s.id)) }],
		names
	);
	return read('tenant', filter)!;
}

describe('boardPicture', () => {
	it('counts coverage by district, against figures worked out by hand', () => {
		// Ashford: 6 signed off (2 peer reviewed with 3 of 5 actions done), 1 in progress.
		// Dover: 5 signed off, 2 not started. Every count is 5 or more, or 0, or small.
		const ashford = [
			...[0, 1, 2, 3, 4, 5].map((i) =>
				setting('ash', 'signed_off', {
					peerReviewed: i < 2,
					actions:
						i === 0 ? { done: 2, all: 3 } : i === 1 ? { done: 1, all: 2 } : { done: 0, all: 0 }
				})
			),
			setting('ash', 'in_progress')
		];
		const dover = [
			...[0, 1, 2, 3, 4].map(() => setting('dov', 'signed_off')),
			setting('dov', 'not_started'),
			setting('dov', 'not_started')
		];
		const picture = pictureOf([...ashford, ...dover]);
		expect(picture.rowsBy).toBe('district');
		expect(picture.rows.map((r) => [r.label, r.settings])).toEqual([
			['Ashford', 7],
			['Dover', 7]
		]);
		const coverage = (row: PictureRow) =>
			Object.fromEntries(COVERAGE_COLUMNS.map((c) => [c, text(row.cells[c])]));
		const quiet = { 'gap:any': '0', 'cal:higher': '0', 'cal:equal': '0', 'cal:lower': '0' };
		// Ashford's one in progress is small, and 7 - 0 - 0 - 6 would give it: 6 is withheld.
		expect(coverage(picture.rows[0]!)).toEqual({
			settings: '7',
			'status:not_started': '0',
			'status:in_progress': '<5',
			'status:submitted': '0',
			'status:signed_off': 'c',
			reviewed: '<5',
			'actions:done': '<5',
			'actions:all': '5',
			...quiet
		});
		expect(coverage(picture.rows[1]!)).toEqual({
			settings: '7',
			'status:not_started': '<5',
			'status:in_progress': '0',
			'status:submitted': '0',
			'status:signed_off': 'c',
			reviewed: '0',
			'actions:done': '0',
			'actions:all': '0',
			...quiet
		});
		// 14 - 11 leaves 3 for two small counts: 1 + 2 or 2 + 1, so 11 can show.
		expect(coverage(picture.total)).toEqual({
			settings: '14',
			'status:not_started': '<5',
			'status:in_progress': '<5',
			'status:submitted': '0',
			'status:signed_off': '11',
			reviewed: '<5',
			'actions:done': '<5',
			'actions:all': '5',
			...quiet
		});
	});

	it('gives the ratings distribution per section, statutory gaps and change', () => {
		const settings = [
			...[0, 1, 2, 3, 4, 5].map((i) =>
				setting('ash', 'signed_off', {
					levels: [3, i < 5 ? 2 : 4],
					sections: new Map([
						['mcs:A', facts(3, { previous: 2 })],
						['mcs:B', facts(i < 5 ? 2 : 4, { statutoryGap: false, previous: null })]
					])
				})
			),
			...[0, 1, 2, 3, 4].map(() =>
				setting('ash', 'signed_off', {
					sections: new Map([
						['mcs:A', facts(3, { previous: 3 })],
						['mcs:B', facts(1, { statutoryGap: true })]
					])
				})
			)
		];
		const { total } = pictureOf(settings);
		const cell = (section: string, measure: string) =>
			text(total.cells[sectionColumn(section, measure as SectionMeasure)]);
		expect(text(total.cells[statusColumn('signed_off')])).toBe('11');
		expect(cell('mcs:A', 'rated')).toBe('11');
		expect(cell('mcs:A', 'compared')).toBe('11');
		expect(cell('mcs:A', 'up')).toBe('6');
		expect(cell('mcs:A', 'same')).toBe('5');
		expect(cell('mcs:A', 'down')).toBe('0');
		expect(cell('mcs:B', 'gap')).toBe('5');
		expect(text(total.cells['gap:any'])).toBe('5');
		// Every setting rated A at 3: a shown 11 would give each one's level away.
		expect(cell('mcs:A', 'level:3')).toBe('c');
		expect([1, 2, 4].filter((v) => cell('mcs:A', `level:${v}`) === 'c')).toHaveLength(1);
		// B: five at 1, five at 2, one at 4. The 1 is small; with 11 rated, both fives go too
		// (one alone would be 11 - 5 - 0 - <5 = 5 or 6 less a small count, pinning it).
		expect([1, 2, 3, 4].map((v) => cell('mcs:B', `level:${v}`))).toEqual(['c', 'c', '0', '<5']);
	});

	it('never lets the view pin the level of a setting that does not share', () => {
		// Five settings share by name, five do not. For every way the five private levels of
		// section A could be, the onlooker keeps those consistent with what the view prints
		// (and the named levels): no private setting may have one level across all of them.
		const cases = [
			[2, 2, 2, 2, 2],
			[2, 2, 2, 2, 4],
			[1, 3, 3, 3, 3],
			[1, 2, 3, 4, 4]
		];
		for (const levels of cases) {
			const named = [0, 1, 2, 3, 4].map(() => setting('ash', 'signed_off', { named: true }));
			const hidden = levels.map((level) => setting('ash', 'signed_off', { levels: [level, 3] }));
			const { total } = pictureOf([...named, ...hidden]);
			const printed = [1, 2, 3, 4].map((v) => total.cells[sectionColumn('mcs:A', `level:${v}`)]!);
			const fits = (counts: number[]) =>
				printed.every((d, i) => {
					const n = counts[i]!;
					if (d.kind === 'value') return d.value === n;
					return d.reason === 'small' ? n >= 1 && n <= 4 : n === 0 || n >= 5;
				});
			const consistent: number[][] = [];
			for (let code = 0; code < 4 ** 5; code++) {
				const guess = [0, 1, 2, 3, 4].map((i) => (Math.floor(code / 4 ** i) % 4) + 1);
				const counts = [1, 2, 3, 4].map(
					(v) => guess.filter((g) => g === v).length + (v === 3 ? named.length : 0)
				);
				if (fits(counts)) consistent.push(guess);
			}
			expect(consistent).toContainEqual(levels);
			for (let i = 0; i < 5; i++)
				expect(new Set(consistent.map((g) => g[i])).size, levels.join(',')).toBeGreaterThan(1);
		}
	});

	it('shows only the size of a group in which fewer than five keep results private', () => {
		const settings = [
			...[0, 1, 2, 3].map(() => setting('ash', 'signed_off', { named: true })),
			setting('ash', 'signed_off')
		];
		const { total } = pictureOf(settings);
		expect(total.tooFew).toBe(true);
		expect(total.named).toBe(4);
		expect(text(total.cells.settings)).toBe('5');
		expect(text(total.cells[sectionColumn('mcs:A', 'level:3')])).toBe('c');
		expect(text(total.cells[statusColumn('signed_off')])).toBe('c');
	});

	it('protects a small group from the difference of two larger ones', () => {
		const settings = [
			...[0, 1, 2, 3, 4, 5].map(() => setting('ash', 'signed_off')),
			setting('dov', 'signed_off'),
			setting('dov', 'signed_off')
		];
		const picture = pictureOf(settings);
		const dover = picture.rows.find((r) => r.label === 'Dover')!;
		expect(dover.tooFew).toBe(true);
		expect(text(dover.cells.settings)).toBe('2');
		expect(text(dover.cells[statusColumn('signed_off')])).toBe('c');
		// The county total less Ashford would give Dover's 2: the total is withheld too.
		const ashford = picture.rows.find((r) => r.label === 'Ashford')!;
		const total = picture.total.cells[statusColumn('signed_off')]!;
		const ash = ashford.cells[statusColumn('signed_off')]!;
		expect(total.kind === 'suppressed' || ash.kind === 'suppressed').toBe(true);
	});

	it('filters to a district, grouping its rows by community', () => {
		const settings = [
			...[0, 1, 2, 3, 4].map(() => setting('ash', 'signed_off', { communityId: 'c1' })),
			setting('ash', 'in_progress'),
			...[0, 1, 2, 3, 4].map(() => setting('dov', 'signed_off'))
		];
		const read = boardPicture(
			settings,
			[MCS],
			[{ id: 'tenant', settingIds: new Set(settings.map((s) => s.id)) }],
			{ ...names, community: new Map([['c1', 'Ashford North']]) }
		);
		const ashford = read('tenant', { ...NO_FILTER, districtId: 'ash' })!;
		expect(ashford.rowsBy).toBe('community');
		expect(ashford.rows.map((r) => [r.label, r.settings])).toEqual([
			['Ashford North', 5],
			['Not in a community', 1]
		]);
		expect(ashford.total.settings).toBe(6);
		expect(read('tenant', { ...NO_FILTER, communityId: 'c1' })!.rows).toEqual([]);
		expect(read('tenant', { ...NO_FILTER, settingType: 'special' })).toBeNull();
		expect(read('elsewhere', NO_FILTER)).toBeNull();
	});

	it('reads a filter by what it selects, however it was asked for', () => {
		const settings = [
			...[0, 1, 2, 3, 4].map(() => setting('ash', 'signed_off', { communityId: 'c1' })),
			...[0, 1, 2, 3, 4].map(() =>
				setting('ash', 'signed_off', { settingType: 'special', frameworkKey: null })
			)
		];
		const read = boardPicture(
			settings,
			[MCS],
			[{ id: 'tenant', settingIds: new Set(settings.map((s) => s.id)) }],
			names
		);
		const at = (filter: Partial<BoardFilter>) => read('tenant', { ...NO_FILTER, ...filter });
		expect(at({ districtId: 'ash', communityId: 'c1' })).toEqual(at({ communityId: 'c1' }));
		expect(at({ communityId: 'c1' })!.total.settings).toBe(5);
		expect(at({ phase: 'primary', settingType: 'mainstream' })).toEqual(at({ phase: 'primary' }));
		expect(at({ phase: 'specialist', settingType: 'special' })).toEqual(
			at({ settingType: 'special' })
		);
		expect(at({ settingType: 'special' })!.total.settings).toBe(5);
		expect(at({ phase: 'primary', settingType: 'special' })).toBeNull();
	});

	it("protects a named setting's calibration unless its review report is shared", () => {
		// Six private primaries and a named special school in one district: the district less
		// its primaries is the special school alone, whose calibration the board was not given.
		const calibration = { higher: 3, equal: 1, lower: 0 };
		const special = (reviewShared: boolean) =>
			setting('ash', 'signed_off', {
				settingType: 'special',
				phase: '',
				named: true,
				peerReviewed: true,
				reviewShared,
				sections: new Map([
					['mcs:A', facts(3, { calibration })],
					['mcs:B', facts(3)]
				])
			});
		const primaries = [0, 1, 2, 3, 4, 5].map((i) =>
			setting('ash', 'signed_off', {
				peerReviewed: true,
				sections: new Map([
					['mcs:A', facts(3, { calibration: { higher: 5 + i, equal: 5, lower: 1 } })],
					['mcs:B', facts(2)]
				])
			})
		);
		for (const reviewShared of [false, true]) {
			const settings = [...primaries, special(reviewShared)];
			const read = boardPicture(
				settings,
				[MCS],
				[{ id: 'tenant', settingIds: new Set(settings.map((s) => s.id)) }],
				names
			);
			const all = read('tenant', NO_FILTER)!.total;
			const primary = read('tenant', { ...NO_FILTER, phase: 'primary' })!.total;
			const both = (['higher', 'equal'] as const).filter(
				(c) =>
					all.cells[calibrationColumn(c)]!.kind === 'value' &&
					primary.cells[calibrationColumn(c)]!.kind === 'value'
			);
			// Shown on both, the difference is the special school's own 3 and 1.
			if (reviewShared) expect(both).toEqual(['higher', 'equal']);
			else expect(both).toEqual([]);
		}
	});

	it('sums calibration over sections and frameworks', () => {
		const calibration = { higher: 2, equal: 3, lower: 1 };
		const settings = [0, 1, 2, 3, 4].map(() =>
			setting('ash', 'signed_off', {
				sections: new Map([
					['mcs:A', facts(3, { calibration })],
					['mcs:B', facts(3, { calibration })]
				])
			})
		);
		const { total } = pictureOf(settings);
		expect(text(total.cells[calibrationColumn('higher')])).toBe('20');
		expect(text(total.cells[calibrationColumn('equal')])).toBe('30');
		expect(text(total.cells[sectionColumn('mcs:A', 'lower')])).toBe('5');
	});
});
