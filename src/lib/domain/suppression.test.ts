import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	crossTable,
	crossTableId,
	disclosureText,
	isSmallCount,
	SMALL_MARKER,
	suppress,
	SUPPRESSION_NOTE,
	WITHHELD_MARKER,
	type Cell,
	type Disclosure,
	type Line
} from './suppression';

const shown = (id: string, value: number, sensitive?: boolean): Cell =>
	sensitive === undefined ? { id, value, shown: true } : { id, value, shown: true, sensitive };
const hidden = (id: string, value: number, sensitive?: boolean): Cell => ({
	...shown(id, value, sensitive),
	shown: false
});
const line = (total: string, ...parts: string[]): Line => ({ total, parts });
/** What each shown cell prints, by id. */
const printed = (cells: Cell[], lines: Line[]) =>
	Object.fromEntries([...suppress(cells, lines)].map(([id, d]) => [id, disclosureText(d)]));

// ---------------------------------------------------------------------------------------------
// Independent checkers: what an onlooker can work out from a result. None shares code with
// the module under test.

type Result = Map<string, Disclosure>;
const withheld = (result: Result, cell: Cell) =>
	!cell.shown || result.get(cell.id)?.kind === 'suppressed';
const isSensitive = (cell: Cell) => cell.sensitive ?? isSmallCount(cell.value);

/** Cells the onlooker reaches by "all but one member of a line known", to a fixed point. */
function chainDerivable(cells: Cell[], lines: Line[], result: Result): Set<string> {
	const known = new Set(cells.filter((c) => !withheld(result, c)).map((c) => c.id));
	const derived = new Set<string>();
	for (let changed = true; changed;) {
		changed = false;
		for (const l of lines) {
			const missing = [l.total, ...l.parts].filter((id) => !known.has(id));
			if (missing.length === 1) {
				known.add(missing[0]!);
				derived.add(missing[0]!);
				changed = true;
			}
		}
	}
	return derived;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));

/** The rank over the rationals of integer rows, by fraction-free elimination. */
function rank(matrix: bigint[][]): number {
	const rows = matrix.map((r) => [...r]);
	let r = 0;
	const width = rows[0]?.length ?? 0;
	for (let col = 0; col < width && r < rows.length; col++) {
		const p = rows.findIndex((row, i) => i >= r && row[col] !== 0n);
		if (p < 0) continue;
		[rows[r], rows[p]] = [rows[p]!, rows[r]!];
		const pivot = rows[r]!;
		for (let i = 0; i < rows.length; i++) {
			const row = rows[i]!;
			if (i === r || row[col] === 0n) continue;
			const f = row[col]!;
			const next = row.map((x, j) => x * pivot[col]! - f * pivot[j]!);
			const g = next.reduce(gcd, 0n) || 1n;
			rows[i] = next.map((x) => x / g);
		}
		r++;
	}
	return r;
}

/**
 * Cells the lines determine exactly, whatever combination the onlooker uses: u is determined
 * iff its unit vector is in the row space of the lines restricted to the unknown cells, i.e.
 * iff dropping u's column lowers the rank.
 */
function exactlyDetermined(cells: Cell[], lines: Line[], result: Result): Set<string> {
	const unknown = cells.filter((c) => withheld(result, c)).map((c) => c.id);
	const column = new Map(unknown.map((id, j) => [id, j]));
	const matrix = lines.map((l) => {
		const row = unknown.map(() => 0n);
		const add = (id: string, x: bigint) => {
			const j = column.get(id);
			if (j !== undefined) row[j]! += x;
		};
		add(l.total, 1n);
		for (const p of l.parts) add(p, -1n);
		return row;
	});
	const full = rank(matrix);
	return new Set(
		unknown.filter((_, j) => rank(matrix.map((row) => row.filter((_, k) => k !== j))) < full)
	);
}

/**
 * Cells the onlooker pins by interval reasoning: values never negative and whole, `<5` is 1-4,
 * `c` on a cell whose value is 0 or 5 and over is read as "not 1-4", every line to a fixed point.
 */
function intervalPinned(cells: Cell[], lines: Line[], result: Result): Set<string> {
	const bounds = new Map<string, [number, number]>();
	const gap = new Set<string>();
	for (const c of cells) {
		const d = result.get(c.id);
		if (d?.kind === 'value') bounds.set(c.id, [c.value, c.value]);
		else if (d?.kind === 'suppressed' && d.reason === 'small') bounds.set(c.id, [1, 4]);
		else {
			bounds.set(c.id, [0, Infinity]);
			if (d && (c.value === 0 || c.value >= 5)) gap.add(c.id);
		}
	}
	const narrow = (id: string, low: number, high: number) => {
		const [l0, h0] = bounds.get(id)!;
		let [l, h] = [Math.max(l0, Math.ceil(low)), Math.min(h0, Math.floor(high))];
		if (gap.has(id)) {
			if (l >= 1 && l <= 4) l = 5;
			if (h >= 1 && h <= 4) h = 0;
		}
		bounds.set(id, [l, h]);
		return l !== l0 || h !== h0;
	};
	for (let changed = true; changed;) {
		changed = false;
		for (const l of lines) {
			const lo = (id: string) => bounds.get(id)![0];
			const hi = (id: string) => bounds.get(id)![1];
			const sum = (ids: string[], f: (id: string) => number) => ids.reduce((s, id) => s + f(id), 0);
			changed = narrow(l.total, sum([...l.parts], lo), sum([...l.parts], hi)) || changed;
			for (const p of l.parts) {
				const others = l.parts.filter((q) => q !== p);
				changed =
					narrow(p, lo(l.total) - sum(others, hi), hi(l.total) - sum(others, lo)) || changed;
			}
		}
	}
	return new Set(
		cells
			.filter((c) => isSensitive(c) && c.value !== 0)
			.filter((c) => bounds.get(c.id)![0] === bounds.get(c.id)![1])
			.map((c) => c.id)
	);
}

/** The result with every shown cell withheld: what no amount of suppression can improve on. */
const allWithheld = (cells: Cell[]): Result =>
	new Map(
		cells
			.filter((c) => c.shown)
			.map((c) => [
				c.id,
				{
					kind: 'suppressed',
					reason: isSensitive(c) ? (c.sensitive === undefined ? 'small' : 'sensitive') : 'secondary'
				}
			])
	);

const sensitiveIds = (cells: Cell[]) => new Set(cells.filter(isSensitive).map((c) => c.id));
const intersect = (a: Set<string>, b: Set<string>) => [...a].filter((x) => b.has(x));

// ---------------------------------------------------------------------------------------------
// Examples worked by hand.

describe('suppress examples', () => {
	it('withholds a small count and the smallest other part of its line', () => {
		const cells = [shown('T', 30), shown('A', 2), shown('B', 7), shown('C', 12), shown('D', 9)];
		expect(printed(cells, [line('T', 'A', 'B', 'C', 'D')])).toEqual({
			T: '30',
			A: '<5',
			B: 'c',
			C: '12',
			D: '9'
		});
	});

	it('withholds a small total, and shows zero parts as 0', () => {
		const cells = [shown('T', 3), shown('A', 3), shown('B', 0), shown('C', 0)];
		expect(printed(cells, [line('T', 'A', 'B', 'C')])).toEqual({
			T: '<5',
			A: '<5',
			B: '0',
			C: '0'
		});
	});

	it('withholds the shown part of a group when the hidden rest of it is small', () => {
		// 20 pupils in the district, 17 of them in mainstream settings: the other 3 follow.
		const cells = [shown('district', 20), shown('mainstream', 17), hidden('other', 3)];
		expect(printed(cells, [line('district', 'mainstream', 'other')])).toEqual({
			district: '20',
			mainstream: 'c'
		});
	});

	it('follows a chain across two lines through a hidden cell', () => {
		// D = H + E gives H = 12; H = F + O then gives the hidden small count O = 3.
		const cells = [shown('D', 20), hidden('H', 12), shown('E', 8), shown('F', 9), hidden('O', 3)];
		const lines = [line('D', 'H', 'E'), line('H', 'F', 'O')];
		expect(chainDerivable(cells, lines, new Map())).toContain('O');
		const result = suppress(cells, lines);
		expect(printed(cells, lines)).toEqual({ D: '20', E: 'c', F: '9' });
		expect(chainDerivable(cells, lines, result)).not.toContain('O');
	});

	it('withholds one of two overlapping groups whose difference is a small hidden count', () => {
		// The district is the community plus one more setting, with 3 pupils: no single line
		// gives it away, the difference of the two does.
		const cells = [
			shown('district', 30),
			shown('community', 27),
			...[10, 9, 8, 3].map((v, i) => hidden(`s${i}`, v))
		];
		const lines = [line('district', 's0', 's1', 's2', 's3'), line('community', 's0', 's1', 's2')];
		expect(chainDerivable(cells, lines, new Map())).not.toContain('s3');
		expect(exactlyDetermined(cells, lines, new Map())).toContain('s3');
		const result = suppress(cells, lines);
		expect(printed(cells, lines)).toEqual({ district: '30', community: 'c' });
		expect(exactlyDetermined(cells, lines, result)).not.toContain('s3');
	});

	it('never withholds a zero to protect a small count, when a non-zero will do', () => {
		// With B = 0 withheld, A + B = 2 and a `c` is never 1-4, so A would be 2.
		const cells = [shown('T', 22), shown('A', 2), shown('B', 0), shown('C', 9), shown('D', 11)];
		expect(printed(cells, [line('T', 'A', 'B', 'C', 'D')])).toEqual({
			T: '22',
			A: '<5',
			B: '0',
			C: 'c',
			D: '11'
		});
	});

	it('does not let the markers pin a small count', () => {
		// Withholding B, the smallest other part, is not enough: A + B = 6, A is 1-4 and B is
		// not, so B = 5 and A = 1. Withholding C instead is: A + C = 21 leaves A anywhere in 1-4.
		const cells = [shown('T', 26), shown('A', 1), shown('B', 5), shown('C', 20)];
		const lines = [line('T', 'A', 'B', 'C')];
		const justB = new Map<string, Disclosure>([
			['T', { kind: 'value', value: 26 }],
			['A', { kind: 'suppressed', reason: 'small' }],
			['B', { kind: 'suppressed', reason: 'secondary' }],
			['C', { kind: 'value', value: 20 }]
		]);
		expect(intervalPinned(cells, lines, justB)).toEqual(new Set(['A']));
		expect(printed(cells, lines)).toEqual({ T: '26', A: '<5', B: '5', C: 'c' });
	});

	it('leaves alone what the markers give away whatever is withheld', () => {
		// Four parts that each show <5 under a total that shows <5 must be 1 each.
		const cells = [shown('T', 4), ...['A', 'B', 'C', 'D'].map((id) => shown(id, 1))];
		const lines = [line('T', 'A', 'B', 'C', 'D')];
		expect(printed(cells, lines)).toEqual({ T: '<5', A: '<5', B: '<5', C: '<5', D: '<5' });
	});

	it('closes a rectangle in a two-way table: a row and a column each lose one more cell', () => {
		const values: Record<string, Record<string, number>> = {
			north: { K: 2, E: 12, other: 30 },
			south: { K: 15, E: 8, other: 40 },
			west: { K: 25, E: 11, other: 21 }
		};
		const { cells, lines } = crossTable(
			['north', 'south', 'west'],
			['K', 'E', 'other'],
			(r, c) => values[r]![c]!
		);
		const result = printed(cells, lines);
		const withheldIds = Object.keys(result).filter((id) => result[id] === 'c');
		expect(result[crossTableId('north', 'K')]).toBe('<5');
		// The cheapest rectangle: north/E (12) and south/E (8) beside south/K (15).
		expect(withheldIds.sort()).toEqual(
			[crossTableId('north', 'E'), crossTableId('south', 'E'), crossTableId('south', 'K')].sort()
		);
	});

	it('lets small counts protect each other and withholds only the margins that would not', () => {
		// K/north (2) and E/south (1) are small, and so are their row and column totals. Shown:
		// 0, 9 and 12, so K/north + E/south = 3 and neither is pinned; the other two margins
		// (10 and 11) would each give one away, and no interior cell needs withholding.
		const values: Record<string, Record<string, number>> = {
			north: { E: 0, K: 2 },
			south: { E: 1, K: 9 }
		};
		const { cells, lines } = crossTable(['north', 'south'], ['E', 'K'], (r, c) => values[r]![c]!);
		expect(printed(cells, lines)).toEqual({
			[crossTableId('north', 'E')]: '0',
			[crossTableId('north', 'K')]: '<5',
			[crossTableId('south', 'E')]: '<5',
			[crossTableId('south', 'K')]: '9',
			[crossTableId('north', null)]: '<5',
			[crossTableId('south', null)]: 'c',
			[crossTableId(null, 'E')]: '<5',
			[crossTableId(null, 'K')]: 'c',
			[crossTableId(null, null)]: '12'
		});
	});

	it('withholds an amount the caller marks sensitive, shown as c', () => {
		const cells = [
			shown('cost', 90_000),
			shown('cost:small-group', 12_500, true),
			shown('cost:rest-a', 40_000, false),
			shown('cost:rest-b', 37_500, false)
		];
		const result = suppress(cells, [
			line('cost', 'cost:small-group', 'cost:rest-a', 'cost:rest-b')
		]);
		expect(result.get('cost:small-group')).toEqual({ kind: 'suppressed', reason: 'sensitive' });
		expect(result.get('cost:rest-b')).toEqual({ kind: 'suppressed', reason: 'secondary' });
		expect(result.get('cost:rest-a')).toEqual({ kind: 'value', value: 40_000 });
	});

	it('gives an entry for every shown cell and none for hidden ones', () => {
		const result = suppress([shown('a', 9), hidden('b', 9)], [line('a', 'b')]);
		expect([...result.keys()]).toEqual(['a']);
	});

	it('gives the same result whatever the order of cells, lines and parts', () => {
		const cells = [shown('T', 30), shown('A', 2), shown('B', 7), shown('C', 7), shown('D', 14)];
		const lines = [line('T', 'A', 'B', 'C', 'D')];
		const reordered = suppress([...cells].reverse(), [line('T', 'D', 'C', 'B', 'A')]);
		expect([...suppress(cells, lines)]).toEqual([...reordered]);
		// B and C tie on value: the first by id is withheld.
		expect(reordered.get('B')).toEqual({ kind: 'suppressed', reason: 'secondary' });
	});

	it('never withholds a fixed cell, and withholds what else gives a hidden count away', () => {
		// A district of 12 settings (public record) with 9 named: 10 signed off in all, 8 of
		// them named ones, leaves 2 among the 3 that did not share, a small hidden count.
		const cells = [
			{ id: 'settings', value: 12, shown: true, fixed: true },
			{ id: 'named', value: 8, shown: true, fixed: true },
			hidden('unnamed', 2),
			shown('signed off', 10)
		];
		const lines = [line('signed off', 'named', 'unnamed')];
		expect(printed(cells, lines)).toEqual({ settings: '12', named: '8', 'signed off': 'c' });
	});

	it('leaves a hidden count that only fixed cells give away, having nothing to withhold', () => {
		const cells = [
			{ id: 'all', value: 5, shown: true, fixed: true },
			{ id: 'named', value: 2, shown: true, fixed: true },
			hidden('unnamed', 3)
		];
		expect(printed(cells, [line('all', 'named', 'unnamed')])).toEqual({ all: '5', named: '2' });
	});

	it('shows a fixed small count as it is', () => {
		const cells = [{ id: 'settings', value: 3, shown: false, fixed: true }, shown('rated', 3)];
		expect(printed(cells, [line('settings', 'rated')])).toEqual({ settings: '3', rated: '<5' });
	});

	it('withholds another cell rather than one the caller asks to keep', () => {
		// Without `keep` the smaller of the other parts goes; with it, the larger one does.
		const lines = [line('all', 'not started', 'in progress', 'signed off')];
		const cells = (keep: boolean) => [
			shown('all', 18),
			shown('not started', 2),
			{ ...shown('signed off', 7), keep },
			shown('in progress', 9)
		];
		expect(printed(cells(false), lines)).toMatchObject({ 'signed off': 'c', 'in progress': '9' });
		expect(printed(cells(true), lines)).toEqual({
			all: '18',
			'not started': '<5',
			'signed off': '7',
			'in progress': 'c'
		});
	});

	it('refuses input that is a programming error', () => {
		expect(() => suppress([shown('a', 1), shown('a', 2)], [])).toThrow(/duplicate cell id a/);
		expect(() => suppress([shown('a', 1)], [line('a', 'b')])).toThrow(/unknown cell b/);
		expect(() => suppress([shown('a', 2), shown('b', 1)], [line('a', 'b', 'b')])).toThrow(
			/repeats a cell/
		);
		expect(() => suppress([shown('a', 2), shown('b', 1)], [line('a', 'a', 'b')])).toThrow(
			/repeats a cell/
		);
		expect(() => suppress([shown('a', 3), shown('b', 1)], [line('a', 'b')])).toThrow(/not the sum/);
		expect(() => suppress([shown('a', -1)], [])).toThrow(/non-negative/);
		expect(() => suppress([shown('a', Number.NaN)], [])).toThrow(/non-negative/);
	});
});

describe('disclosureText', () => {
	it('prints values, <5 for small counts and c for anything else withheld', () => {
		expect(disclosureText({ kind: 'value', value: 1234 })).toBe('1,234');
		expect(disclosureText({ kind: 'value', value: 0 })).toBe('0');
		expect(disclosureText({ kind: 'value', value: 150 }, (v) => `£${v / 100}`)).toBe('£1.5');
		expect(disclosureText({ kind: 'suppressed', reason: 'small' })).toBe(SMALL_MARKER);
		expect(disclosureText({ kind: 'suppressed', reason: 'sensitive' })).toBe(WITHHELD_MARKER);
		expect(disclosureText({ kind: 'suppressed', reason: 'secondary' })).toBe(WITHHELD_MARKER);
		expect(SUPPRESSION_NOTE).toMatch(/^<5: .*\. c: /);
	});
});

describe('crossTable', () => {
	it('builds cells with margins and the lines between them', () => {
		const { cells, lines } = crossTable(['r1', 'r2'], ['a', 'b'], (r, c) =>
			r === 'r1' ? (c === 'a' ? 1 : 2) : c === 'a' ? 3 : 4
		);
		const value = Object.fromEntries(cells.map((c) => [c.id, c.value]));
		expect(value).toEqual({
			'["r1","a"]': 1,
			'["r1","b"]': 2,
			'["r2","a"]': 3,
			'["r2","b"]': 4,
			'["r1",null]': 3,
			'["r2",null]': 7,
			'[null,"a"]': 4,
			'[null,"b"]': 6,
			'[null,null]': 10
		});
		expect(cells.every((c) => c.shown && c.sensitive === undefined)).toBe(true);
		expect(lines).toContainEqual(line(crossTableId('r2', null), '["r2","a"]', '["r2","b"]'));
		expect(lines).toContainEqual(line(crossTableId(null, 'a'), '["r1","a"]', '["r2","a"]'));
		expect(lines).toContainEqual(line('[null,null]', '["r1",null]', '["r2",null]'));
		expect(lines).toContainEqual(line('[null,null]', '[null,"a"]', '[null,"b"]'));
		expect(lines).toHaveLength(6);
	});

	it('refuses duplicate keys', () => {
		expect(() => crossTable(['a', 'a'], ['x'], () => 1)).toThrow(/duplicate row/);
		expect(() => crossTable(['a'], ['x', 'x'], () => 1)).toThrow(/duplicate column/);
	});
});

// ---------------------------------------------------------------------------------------------
// Properties on random tables.

/** Zeros, small counts and larger ones, in proportions where secondary suppression is common. */
const count = (small = true) =>
	small
		? fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 30 }))
		: fc.oneof(fc.constant(0), fc.integer({ min: 5, max: 30 }));

const tables = (small = true) =>
	fc
		.record({
			rows: fc.integer({ min: 1, max: 4 }),
			columns: fc.integer({ min: 1, max: 4 }),
			values: fc.array(count(small), { minLength: 16, maxLength: 16 })
		})
		.map(({ rows, columns, values }) =>
			crossTable(
				Array.from({ length: rows }, (_, i) => `r${i}`),
				Array.from({ length: columns }, (_, j) => `c${j}`),
				(r, c) => values[Number(r.slice(1)) * 4 + Number(c.slice(1))]!
			)
		);

/**
 * Settings (hidden) with K, E, register total T = K + E, and hours whose sensitivity follows T;
 * one to three groupings of them, each a partition into groups, a county total, and a filter:
 * the settings it keeps shown as a group, the rest of the county hidden.
 */
const hierarchies = (small = true) =>
	fc
		.record({
			settings: fc.array(
				fc.record({ K: count(small), E: count(small), hours: fc.integer({ min: 0, max: 40 }) }),
				{ minLength: 2, maxLength: 6 }
			),
			groupings: fc.array(
				fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }),
				{
					minLength: 1,
					maxLength: 3
				}
			),
			filter: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 })
		})
		.map(({ settings, groupings, filter }) => {
			const cells: Cell[] = [];
			const lines: Line[] = [];
			const entity = (name: string, members: number[], show: boolean) => {
				const sum = (k: 'K' | 'E' | 'hours') => members.reduce((s, i) => s + settings[i]![k], 0);
				const [K, E, hours] = [sum('K'), sum('E'), sum('hours')];
				cells.push(
					{ id: `${name}/K`, value: K, shown: show },
					{ id: `${name}/E`, value: E, shown: show },
					{ id: `${name}/T`, value: K + E, shown: show },
					{ id: `${name}/hours`, value: hours, shown: show, sensitive: isSmallCount(K + E) }
				);
				lines.push(line(`${name}/T`, `${name}/K`, `${name}/E`));
				if (members.length > 1 || !name.startsWith('s'))
					for (const column of ['K', 'E', 'T', 'hours'])
						lines.push(line(`${name}/${column}`, ...members.map((i) => `s${i}/${column}`)));
			};
			const all = settings.map((_, i) => i);
			for (const i of all) entity(`s${i}`, [i], false);
			entity('county', all, true);
			groupings.forEach((assignment, g) => {
				for (const group of new Set(all.map((i) => assignment[i]!)))
					entity(
						`g${g}.${group}`,
						all.filter((i) => assignment[i] === group),
						true
					);
			});
			const kept = all.filter((i) => filter[i]);
			if (kept.length > 0 && kept.length < all.length) {
				entity('filtered', kept, true);
				entity(
					'rest',
					all.filter((i) => !filter[i]),
					false
				);
				for (const column of ['K', 'E', 'T', 'hours'])
					lines.push(line(`county/${column}`, `filtered/${column}`, `rest/${column}`));
			}
			return { cells, lines };
		});

const bothKinds = (small = true) => fc.oneof(tables(small), hierarchies(small));

describe('suppress properties', () => {
	it('withholds every shown sensitive cell, <5 for counts and c for marked amounts', () => {
		fc.assert(
			fc.property(bothKinds(), ({ cells, lines }) => {
				const result = suppress(cells, lines);
				for (const c of cells.filter((c) => c.shown && isSensitive(c)))
					expect(result.get(c.id)).toEqual({
						kind: 'suppressed',
						reason: c.sensitive === undefined ? 'small' : 'sensitive'
					});
			})
		);
	});

	it('shows every other shown cell as its exact value, zeros included', () => {
		fc.assert(
			fc.property(bothKinds(), ({ cells, lines }) => {
				const result = suppress(cells, lines);
				expect([...result.keys()].sort()).toEqual(
					cells
						.filter((c) => c.shown)
						.map((c) => c.id)
						.sort()
				);
				for (const c of cells) {
					const d = result.get(c.id);
					if (d?.kind === 'value') expect(d.value).toBe(c.value);
					if (d?.kind === 'suppressed' && d.reason === 'secondary')
						expect(isSensitive(c)).toBe(false);
				}
			})
		);
	});

	it('leaves no sensitive cell derivable by a chain of lines', () => {
		fc.assert(
			fc.property(bothKinds(), ({ cells, lines }) => {
				const result = suppress(cells, lines);
				expect(intersect(chainDerivable(cells, lines, result), sensitiveIds(cells))).toEqual([]);
			})
		);
	});

	it('leaves no sensitive cell determined by any combination of lines (exact oracle)', () => {
		fc.assert(
			fc.property(bothKinds(), ({ cells, lines }) => {
				const result = suppress(cells, lines);
				expect(intersect(exactlyDetermined(cells, lines, result), sensitiveIds(cells))).toEqual([]);
			}),
			{ numRuns: 300 }
		);
	}, 60_000);

	it('leaves a sensitive cell pinned by bounds only where withholding everything would too', () => {
		fc.assert(
			fc.property(bothKinds(), ({ cells, lines }) => {
				const pinned = intervalPinned(cells, lines, suppress(cells, lines));
				const unavoidable = intervalPinned(cells, lines, allWithheld(cells));
				expect([...pinned].filter((id) => !unavoidable.has(id))).toEqual([]);
			}),
			{ numRuns: 300 }
		);
	}, 60_000);

	it('gives the same result whatever the order of cells, lines and parts', () => {
		const shuffled = bothKinds().chain(({ cells, lines }) =>
			fc.record({
				original: fc.constant({ cells, lines }),
				cells: fc.shuffledSubarray(cells, { minLength: cells.length }),
				lines: fc.shuffledSubarray(
					lines.map((l) => ({ ...l, parts: [...l.parts].reverse() })),
					{ minLength: lines.length }
				)
			})
		);
		fc.assert(
			fc.property(shuffled, ({ original, cells, lines }) => {
				expect([...suppress(cells, lines)]).toEqual([...suppress(original.cells, original.lines)]);
			})
		);
	});

	it('decides tables that share no line as it would each alone', () => {
		const named = (prefix: string, { cells, lines }: { cells: Cell[]; lines: Line[] }) => ({
			cells: cells.map((c) => ({ ...c, id: prefix + c.id })),
			lines: lines.map((l) => ({ total: prefix + l.total, parts: l.parts.map((p) => prefix + p) }))
		});
		fc.assert(
			fc.property(bothKinds(), bothKinds(), (first, second) => {
				const [a, b] = [named('a:', first), named('b:', second)];
				const together = suppress([...b.cells, ...a.cells], [...a.lines, ...b.lines]);
				expect([...together]).toEqual([
					...suppress(a.cells, a.lines),
					...suppress(b.cells, b.lines)
				]);
			})
		);
	});

	it('decides tables joined only through a fixed cell as it would each alone', () => {
		type Table = { cells: Cell[]; lines: Line[] };
		// Each table gets a line from the shared fixed cell to one of its cells and a hidden rest.
		const joined = (prefix: string, { cells, lines }: Table, at: number, fixed: Cell): Table => {
			const joint = cells[at % cells.length]!;
			return {
				cells: [
					...cells.map((c) => ({ ...c, id: prefix + c.id })),
					{ id: `${prefix}rest`, value: fixed.value - joint.value, shown: false }
				],
				lines: [
					...lines.map((l) => ({ total: prefix + l.total, parts: l.parts.map((p) => prefix + p) })),
					{ total: fixed.id, parts: [prefix + joint.id, `${prefix}rest`] }
				]
			};
		};
		const inputs = fc.record({
			first: bothKinds(),
			second: bothKinds(),
			at: fc.nat(),
			extra: fc.integer({ min: 0, max: 6 })
		});
		fc.assert(
			fc.property(inputs, ({ first, second, at, extra }) => {
				const top = Math.max(
					...first.cells.map((c) => c.value),
					...second.cells.map((c) => c.value)
				);
				const fixed: Cell = { id: 'shared', value: top + extra, shown: true, fixed: true };
				const [a, b] = [joined('a:', first, at, fixed), joined('b:', second, at, fixed)];
				const together = suppress([...b.cells, fixed, ...a.cells], [...a.lines, ...b.lines]);
				const alone = new Map([
					...suppress([...a.cells, fixed], a.lines),
					...suppress([...b.cells, fixed], b.lines)
				]);
				expect([...together].sort()).toEqual([...alone].sort());
			})
		);
	});

	it('withholds no cell it does not need', () => {
		fc.assert(
			fc.property(bothKinds(), ({ cells, lines }) => {
				const result = suppress(cells, lines);
				const sensitive = sensitiveIds(cells);
				const unavoidable = intervalPinned(cells, lines, allWithheld(cells));
				for (const c of cells) {
					const d = result.get(c.id);
					if (d?.kind !== 'suppressed' || d.reason !== 'secondary') continue;
					const shownAgain = new Map(result).set(c.id, { kind: 'value', value: c.value });
					const exposed = [
						...intersect(exactlyDetermined(cells, lines, shownAgain), sensitive),
						...[...intervalPinned(cells, lines, shownAgain)].filter((id) => !unavoidable.has(id))
					];
					expect(exposed, c.id).not.toEqual([]);
				}
			}),
			{ numRuns: 200 }
		);
	}, 60_000);

	it('withholds nothing from a table without sensitive cells', () => {
		fc.assert(
			fc.property(bothKinds(false), ({ cells, lines }) => {
				expect(cells.some(isSensitive)).toBe(false);
				for (const d of suppress(cells, lines).values()) expect(d.kind).toBe('value');
			})
		);
	});
});
