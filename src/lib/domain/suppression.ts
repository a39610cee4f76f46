/**
 * Small-number suppression (disclosure control) for the aggregates area boards and the LA see.
 * Pure.
 *
 * ## The model
 * - A **cell** is one number: a count of pupils or an amount (hours, pence). A shown cell is
 *   printed in a table; a hidden cell never is (one setting's own count behind a district
 *   total, or the part of a group outside a filter), but an onlooker may try to work it out.
 * - A **line** says one cell is the sum of others: value(total) = Σ value(parts). Lines are how
 *   figures relate: row and column totals, a group over its settings, a filtered group plus the
 *   part outside the filter, register total = K + E, register total = Σ need codes. To stop
 *   differences between overlapping groupings, put every grouping's lines over the same hidden
 *   cells (one per setting); the check below finds the differences itself.
 * - A cell is **sensitive** when it is a count of 1-4, or the caller says so (the cost of a
 *   group of fewer than five pupils). Zero is not sensitive: 0 shows as 0. Leave `sensitive`
 *   unset for counts: only the count rule gives the `<5` marker.
 *
 * ## The onlooker
 * Knows every shown value that is not withheld, every line, that values are never negative,
 * that counts are whole, and what the markers mean: `<5` is a count of 1-4 and `c` is withheld
 * for another reason (so, for a count, 0 or 5 and over). Steps:
 * 1. **Primary**: every shown sensitive cell is withheld: `small` (`<5`) by the count rule,
 *    `sensitive` (`c`) when the caller marked it.
 * 2. **Linear, exact**: while any sensitive cell, shown or hidden, is determined by the lines
 *    in any combination (a total minus its other parts, the difference of two overlapping
 *    groupings, a chain through hidden cells), one more shown cell of that combination is
 *    withheld (`secondary`, `c`). A cell is determined iff its unit vector lies in the row space
 *    of the lines restricted to the unknown (hidden or withheld) cells; Gauss-Jordan elimination
 *    over all cells, pivoting only on unknowns, decides it and gives the combination, and is
 *    updated in place as cells are withheld. The cell chosen: one the caller did not ask to
 *    keep, a non-zero (a withheld zero beside a small count gives the count away to anyone who
 *    reads `c` as "0 or 5 and over"), one whose withholding breaks the combination at once
 *    (rather than being worked out from other shown cells), a part rather than a total, the
 *    smallest, the first by id. A fixed cell is never chosen.
 * 3. **Bounds**: interval propagation through the lines to a fixed point, with the markers,
 *    non-negativity and whole numbers (a `<5` and a `c` count adding up to 6 must be 1 and 5).
 *    While it pins a sensitive non-zero cell to its value, the cheapest shown cell nearest the
 *    pin in the derivation that produced it is withheld; if the cell is pinned again (another
 *    route reaches it), every shown cell at that distance is, and pruning shows again those
 *    not needed. A pin that stays with every shown cell withheld, or whose derivation uses no
 *    shown value, cannot be undone by withholding and is left: the markers give it away (a
 *    `<5` total of four parts that each show `<5` must be four 1s).
 * 4. **Pruning**: each secondary cell, costliest first, is shown again if neither check then
 *    finds a new exposure. Afterwards every secondary cell is needed.
 *
 * ## What is guaranteed
 * - Every shown sensitive cell is withheld; every other shown cell shows its exact value.
 * - No sensitive cell is determined by any linear combination of the lines, except one the
 *   lines alone force to 0 with no shown cell involved (nothing to withhold). The arithmetic is
 *   modulo the prime 67 108 859 rather than over the rationals; that could only miss a
 *   determined cell if the prime divided a determinant of the system, which sums with ±1
 *   coefficients do not reach in practice. The tests compare it with exact elimination.
 * - No sensitive non-zero cell is pinned by the interval onlooker unless it would be pinned
 *   with every shown cell withheld. This is weaker than an onlooker solving the integer
 *   program: reasoning over several lines at once, or with the gap in `c` inside an interval,
 *   may still narrow a value (not pin it, as far as interval reasoning goes). Zeros are left to
 *   the linear check, since a shown zero total shows that every part of it is zero. The
 *   propagation stops after 100 visits per line; real tables settle in two or three.
 * - The result does not depend on the order of cells, lines or parts: cells are put in id
 *   order and lines in a canonical order first, and every choice is made in that order.
 *
 * Cells that no chain of lines joins (except through fixed cells, which are constants to both
 * checks) are decided apart, with the same choices. BENCHMARKS.md records how long a county's
 * board views take.
 */

/** Counts from 1 to one below this are small. */
export const SMALL_COUNT_LIMIT = 5;
/** How a withheld small count shows. */
export const SMALL_MARKER = '<5';
/** How any other withheld cell shows. */
export const WITHHELD_MARKER = 'c';
/** A footnote for tables that may carry the markers. */
export const SUPPRESSION_NOTE = `${SMALL_MARKER}: fewer than five (1 to 4). ${WITHHELD_MARKER}: withheld so that a small number cannot be worked out from the others.`;

export interface Cell {
	id: string;
	/** A count (whole) or an amount (hours, pence): finite and never negative. */
	value: number;
	/** False for a hidden cell: never displayed, but it must not be worked out when sensitive. */
	shown: boolean;
	/** Defaults to being a count of 1-4. Set it for amounts, e.g. the cost of a small group. */
	sensitive?: boolean;
	/**
	 * Known to the onlooker from elsewhere: printed by name (a setting that chose to share its
	 * results), or public record (how many settings a district has). Shown, never sensitive
	 * and never withheld; cells that must not be worked out are protected around it.
	 */
	fixed?: boolean;
	/**
	 * A figure the view leads with (how many settings have signed off, say): withheld only
	 * when no other cell will do, so that protecting a detail costs details first.
	 */
	keep?: boolean;
}

/** value(total) === Σ value(parts); ids refer to cells. */
export interface Line {
	total: string;
	parts: readonly string[];
}

/**
 * Why a cell is withheld: `small`, a count of 1-4 (`<5`); `sensitive`, marked so by the caller
 * (`c`); `secondary`, so that a sensitive cell cannot be worked out (`c`).
 */
export type SuppressionReason = 'small' | 'sensitive' | 'secondary';

export type Disclosure =
	{ kind: 'value'; value: number } | { kind: 'suppressed'; reason: SuppressionReason };

export const isSmallCount = (value: number) =>
	Number.isInteger(value) && value >= 1 && value < SMALL_COUNT_LIMIT;

const formatNumber = (value: number) => value.toLocaleString('en-GB');

/** What a table prints for a cell: its value, `<5` for a small count, `c` for anything withheld. */
export function disclosureText(
	disclosure: Disclosure,
	format: (value: number) => string = formatNumber
): string {
	if (disclosure.kind === 'value') return format(disclosure.value);
	return disclosure.reason === 'small' ? SMALL_MARKER : WITHHELD_MARKER;
}

/**
 * The id of a cell of `crossTable`: a row and a column key, `null` for a total, so
 * `crossTableId(row, null)` is the row's total and `crossTableId(null, null)` the grand total.
 */
export const crossTableId = (row: string | null, column: string | null) =>
	JSON.stringify([row, column]);

/**
 * A two-way table of shown cells with row totals, column totals and a grand total, and the
 * lines between them. Cells keep the default sensitivity (counts); map them to mark amounts.
 */
export function crossTable(
	rows: readonly string[],
	columns: readonly string[],
	valueOf: (row: string, column: string) => number
): { cells: Cell[]; lines: Line[] } {
	if (new Set(rows).size !== rows.length) throw new Error('crossTable: duplicate row keys');
	if (new Set(columns).size !== columns.length)
		throw new Error('crossTable: duplicate column keys');
	const values = rows.map((row) => columns.map((column) => valueOf(row, column)));
	const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
	const rowTotals = values.map(sum);
	const columnTotals = columns.map((_, j) => sum(values.map((vs) => vs[j]!)));
	const cells: Cell[] = [
		...rows.flatMap((row, i) =>
			columns.map((column, j) => ({
				id: crossTableId(row, column),
				value: values[i]![j]!,
				shown: true
			}))
		),
		...rows.map((row, i) => ({ id: crossTableId(row, null), value: rowTotals[i]!, shown: true })),
		...columns.map((column, j) => ({
			id: crossTableId(null, column),
			value: columnTotals[j]!,
			shown: true
		})),
		{ id: crossTableId(null, null), value: sum(rowTotals), shown: true }
	];
	const lines: Line[] = [
		...rows.map((row) => ({
			total: crossTableId(row, null),
			parts: columns.map((column) => crossTableId(row, column))
		})),
		...columns.map((column) => ({
			total: crossTableId(null, column),
			parts: rows.map((row) => crossTableId(row, column))
		})),
		{ total: crossTableId(null, null), parts: rows.map((row) => crossTableId(row, null)) },
		{ total: crossTableId(null, null), parts: columns.map((column) => crossTableId(null, column)) }
	];
	return { cells, lines };
}

/** The input in id order, lines as cell indices (total first), validated. */
interface Model {
	ids: string[];
	values: number[];
	shown: boolean[];
	sensitive: boolean[];
	/** Sensitive by the count rule, so shown as `<5`. */
	small: boolean[];
	/** The total of some line: kept in preference to parts. */
	isTotal: boolean[];
	/** Known from elsewhere: never withheld. */
	fixed: boolean[];
	/** Withheld only when nothing else will do. */
	keep: boolean[];
	lines: number[][];
	linesOf: number[][];
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const compareLines = (a: number[], b: number[]) => a.length - b.length || compareKeys(a, b);

function buildModel(cells: readonly Cell[], lines: readonly Line[]): Model {
	const sorted = [...cells].sort((a, b) => byCodeUnits(a.id, b.id));
	const index = new Map<string, number>();
	for (const [i, cell] of sorted.entries()) {
		if (index.has(cell.id)) throw new Error(`suppress: duplicate cell id ${cell.id}`);
		if (!Number.isFinite(cell.value) || cell.value < 0)
			throw new Error(
				`suppress: cell ${cell.id} has value ${cell.value}, not a non-negative number`
			);
		index.set(cell.id, i);
	}
	const indexOf = (id: string) => {
		const i = index.get(id);
		if (i === undefined) throw new Error(`suppress: a line refers to unknown cell ${id}`);
		return i;
	};
	const values = sorted.map((c) => c.value);
	// Repeated lines need no special case: they add nothing to either check.
	const canonical = lines.map((line) => {
		const total = indexOf(line.total);
		const parts = Int32Array.from(line.parts, indexOf).sort();
		if (parts.some((p, i) => p === total || p === parts[i - 1]))
			throw new Error(`suppress: the line of ${line.total} repeats a cell`);
		const sum = parts.reduce((s, p) => s + values[p]!, 0);
		if (Math.abs(values[total]! - sum) > 1e-9 * Math.max(1, values[total]!))
			throw new Error(`suppress: ${line.total} is not the sum of its parts`);
		return [total, ...parts];
	});
	// Short lines first keeps the elimination sparse.
	canonical.sort(compareLines);
	const linesOf: number[][] = sorted.map(() => []);
	for (const [l, line] of canonical.entries()) for (const c of line) linesOf[c]!.push(l);
	const isTotal = sorted.map(() => false);
	for (const line of canonical) isTotal[line[0]!] = true;
	return {
		ids: sorted.map((c) => c.id),
		values,
		shown: sorted.map((c) => c.shown || c.fixed === true),
		sensitive: sorted.map((c) => !c.fixed && (c.sensitive ?? isSmallCount(c.value))),
		small: sorted.map((c) => !c.fixed && c.sensitive === undefined && isSmallCount(c.value)),
		isTotal,
		fixed: sorted.map((c) => c.fixed === true),
		keep: sorted.map((c) => c.keep === true),
		lines: canonical,
		linesOf
	};
}

const PRIME = 67_108_859; // below 2^26, so a product of two residues is exact in a double
const mulMod = (a: number, b: number) => (a * b) % PRIME;

function invMod(a: number) {
	let [r0, r1, t0, t1] = [PRIME, a, 0, 1];
	while (r1 !== 0) {
		const q = Math.floor(r0 / r1);
		[r0, r1, t0, t1] = [r1, r0 - q * r1, t1, t0 - q * t1];
	}
	return ((t0 % PRIME) + PRIME) % PRIME;
}

/**
 * The lines in reduced row echelon form, pivoting only on unknown cells, with the known cells'
 * columns carried along. A pivot row whose only unknown is its pivot says the onlooker can work
 * that cell out, and its known entries are exactly the shown cells that combination uses.
 */
class Elimination {
	private readonly rows: Map<number, number>[] = [];
	/** The unknown cell a row pivots on, or -1 for a relation among known cells only. */
	private readonly rowPivot: number[] = [];
	/** How many unknown cells other than its pivot a row holds: none means the pivot is pinned. */
	private readonly extra: number[] = [];
	private readonly pivotRow: Int32Array;
	private readonly colRows: Set<number>[];

	constructor(
		cellCount: number,
		private readonly unknown: Uint8Array
	) {
		this.pivotRow = new Int32Array(cellCount).fill(-1);
		this.colRows = Array.from({ length: cellCount }, () => new Set<number>());
	}

	addLine([total, ...parts]: number[]) {
		const row = new Map<number, number>([[total!, 1]]);
		for (const p of parts) row.set(p, PRIME - 1);
		// Pivot rows hold no other pivot, so one pass clears every pivot from the new row.
		for (const [c, coef] of [...row]) {
			const r = this.pivotRow[c]!;
			if (r >= 0) this.subtractInto(row, -1, this.rows[r]!, coef);
		}
		if (row.size === 0) return;
		const pivot = this.fewestRows(row.keys());
		const r = this.push(row);
		if (pivot < 0) return;
		this.makePivot(r, pivot);
		for (const c of row.keys()) if (c !== pivot && this.unknown[c]) this.extra[r]!++;
	}

	/** Whether the onlooker can work out this unknown cell. */
	determined(cell: number) {
		const r = this.pivotRow[cell]!;
		return r >= 0 && this.extra[r] === 0;
	}

	/** The known cells of the combination that works out a determined cell. */
	knownCellsPinning(cell: number) {
		return [...this.rows[this.pivotRow[cell]!]!.keys()].filter((c) => !this.unknown[c]);
	}

	/** Whether withholding this known cell breaks every combination that uses it. */
	breaks(cell: number) {
		for (const r of this.colRows[cell]!) if (this.rowPivot[r]! < 0) return false;
		return true;
	}

	/** A known cell is withheld. */
	withhold(cell: number) {
		let relation = -1;
		for (const r of this.colRows[cell]!)
			if (
				this.rowPivot[r]! < 0 &&
				(relation < 0 ||
					this.rows[r]!.size < this.rows[relation]!.size ||
					(this.rows[r]!.size === this.rows[relation]!.size && r < relation))
			)
				relation = r;
		if (relation >= 0) {
			// Other known cells still give it away, so the rank grows and nothing else changes:
			// it is eliminated while still counted known, so no row's count of unknowns moves.
			this.makePivot(relation, cell);
			this.unknown[cell] = 1;
		} else {
			this.unknown[cell] = 1;
			for (const r of this.colRows[cell]!) this.extra[r]!++;
		}
	}

	/**
	 * A withheld cell is shown again, unless that lets the onlooker work out a cell `sensitive`
	 * picks: then it stays withheld and the answer is false.
	 */
	reveal(cell: number, sensitive: (c: number) => boolean) {
		const affected = new Set(this.colRows[cell]);
		const r = this.pivotRow[cell]!;
		this.unknown[cell] = 0;
		if (r < 0) for (const t of affected) this.extra[t]!--;
		else {
			// Its row pivots on another of its unknowns, or becomes a relation among known cells.
			this.pivotRow[cell] = -1;
			this.rowPivot[r] = -1;
			const pivot = this.fewestRows(this.rows[r]!.keys());
			if (pivot >= 0) {
				for (const t of this.colRows[pivot]!) affected.add(t);
				this.makePivot(r, pivot);
			}
			this.extra[r] = 0;
			for (const c of this.rows[r]!.keys()) if (c !== pivot && this.unknown[c]) this.extra[r]++;
		}
		for (const t of affected)
			if (this.rowPivot[t]! >= 0 && this.extra[t] === 0 && sensitive(this.rowPivot[t]!)) {
				this.withhold(cell);
				return false;
			}
		return true;
	}

	/** The unknown among these cells in fewest rows, so making it a pivot touches least. */
	private fewestRows(cells: Iterable<number>) {
		let pivot = -1;
		for (const c of cells) {
			if (!this.unknown[c]) continue;
			const size = this.colRows[c]!.size;
			const best = pivot < 0 ? Infinity : this.colRows[pivot]!.size;
			if (size < best || (size === best && c < pivot)) pivot = c;
		}
		return pivot;
	}

	private push(row: Map<number, number>) {
		const r = this.rows.length;
		this.rows.push(row);
		this.rowPivot.push(-1);
		this.extra.push(0);
		for (const c of row.keys()) this.colRows[c]!.add(r);
		return r;
	}

	/** Scales row r to 1 at the cell and clears the cell from every other row. */
	private makePivot(r: number, cell: number) {
		const row = this.rows[r]!;
		const scale = invMod(row.get(cell)!);
		for (const [c, v] of row) row.set(c, mulMod(v, scale));
		for (const t of [...this.colRows[cell]!])
			if (t !== r) this.subtractInto(this.rows[t]!, t, row, this.rows[t]!.get(cell)!);
		this.rowPivot[r] = cell;
		this.pivotRow[cell] = r;
	}

	/** target -= factor × source, keeping the column index and unknown counts of row t. */
	private subtractInto(
		target: Map<number, number>,
		t: number,
		source: Map<number, number>,
		factor: number
	) {
		for (const [c, v] of source) {
			const old = target.get(c) ?? 0;
			const next = (old + PRIME - mulMod(factor, v)) % PRIME;
			const counted = t >= 0 && this.unknown[c] === 1 && c !== this.rowPivot[t];
			if (next === 0) {
				target.delete(c);
				if (t >= 0) this.colRows[c]!.delete(t);
				if (counted) this.extra[t]!--;
			} else {
				target.set(c, next);
				if (old === 0 && t >= 0) {
					this.colRows[c]!.add(t);
					if (counted) this.extra[t]!++;
				}
			}
		}
	}
}

/**
 * How much withholding a cell costs, to compare lexicographically: a zero last (a withheld
 * zero beside a small count gives it away to anyone reading `c` as "0 or 5 and over"), a total
 * after a part, a larger value after a smaller, then by id.
 */
const cost = (model: Model, c: number) => [
	model.keep[c] ? 1 : 0,
	model.values[c] === 0 ? 1 : 0,
	model.isTotal[c] ? 1 : 0,
	model.values[c]!,
	c
];

function compareKeys(a: number[], b: number[]) {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
	return 0;
}

/**
 * The cheapest cell to withhold next, putting those `breaksFirst` picks before the others;
 * never a fixed cell, so -1 when only fixed cells are offered.
 */
function best(model: Model, candidates: Iterable<number>, breaksFirst = (_c: number) => true) {
	const key = (c: number) => {
		const [keep, zero, ...rest] = cost(model, c);
		return [keep!, zero!, breaksFirst(c) ? 0 : 1, ...rest];
	};
	let choice = -1;
	let choiceKey: number[] = [];
	for (const c of candidates) {
		if (model.fixed[c]) continue;
		const k = key(c);
		if (choice < 0 || compareKeys(k, choiceKey) < 0) [choice, choiceKey] = [c, k];
	}
	return choice;
}

interface State {
	model: Model;
	/** Hidden or withheld: the onlooker does not see it. */
	unknown: Uint8Array;
	reason: (SuppressionReason | null)[];
	elimination: Elimination;
}

/** Withholds cells until no sensitive cell is determined by the lines. */
function withholdLinear({ model, reason, elimination }: State) {
	for (let cell = 0; cell < model.ids.length; cell++) {
		if (!model.sensitive[cell]) continue;
		while (elimination.determined(cell)) {
			const next = best(model, elimination.knownCellsPinning(cell), (c) => elimination.breaks(c));
			// No shown cell involved: the lines alone force it (to 0), nothing to withhold.
			if (next < 0) break;
			elimination.withhold(next);
			reason[next] = 'secondary';
		}
	}
}

const LOW = 0;
const HIGH = 1;

/**
 * The onlooker's interval for every cell, by propagating bounds through the lines to a fixed
 * point, with a record of which line set each bound so that a pin can be traced back.
 */
class Onlooker {
	readonly lo: Float64Array;
	readonly hi: Float64Array;
	/**
	 * Each tightening of a bound, in order: the cell and side (cell * 2 + side), the line that
	 * did it, the previous event of that cell and side (or -1), and how many events there were
	 * when that visit to the line began (its parts' bounds are read then; the total's after the
	 * visit tightens it).
	 */
	private readonly eventBound: number[] = [];
	private readonly eventLine: number[] = [];
	private readonly eventBefore: number[] = [];
	private readonly eventVisit: number[] = [];
	private visitStart = 0;
	/** Per cell and side, its latest event, or -1. */
	private readonly latest: Int32Array;
	private readonly whole: boolean[];
	/** Withheld cells read as "not 1-4" (see the constructor). */
	private readonly gap: boolean[];
	private readonly queued: Uint8Array;
	/** While trying a cell out, the bounds it changed, to put back. */
	private undo: [number, number, number][] | null = null;

	constructor(
		private readonly model: Model,
		unknown: Uint8Array,
		reason: (SuppressionReason | null)[]
	) {
		const n = model.ids.length;
		const { values } = model;
		this.lo = new Float64Array(n);
		this.hi = new Float64Array(n);
		this.latest = new Int32Array(2 * n).fill(-1);
		this.whole = values.map((v) => Number.isInteger(v));
		// A `c` cell's value is not in (0, 5); that is true of every withheld cell whose value
		// is 0 or at least 5, so assuming the onlooker knows it for all of them errs on the safe
		// side.
		this.gap = values.map(
			(v, c) => model.shown[c]! && unknown[c] === 1 && reason[c] !== 'small' && (v === 0 || v >= 5)
		);
		for (let c = 0; c < n; c++) {
			const known = !unknown[c];
			const small = reason[c] === 'small';
			this.lo[c] = known ? values[c]! : small ? 1 : 0;
			this.hi[c] = known ? values[c]! : small ? SMALL_COUNT_LIMIT - 1 : Infinity;
		}
		this.queued = new Uint8Array(model.lines.length);
		this.settle(model.lines.map((_, l) => l));
	}

	/** Whether the onlooker narrows a sensitive cell to its value. Zeros: see the module comment. */
	pinned(c: number) {
		const v = this.model.values[c]!;
		if (!this.model.sensitive[c] || v === 0) return false;
		const width = this.hi[c]! - this.lo[c]!;
		return this.whole[c] ? width === 0 : width < 1e-6 * Math.max(1, v);
	}

	/**
	 * Shows a withheld cell to the onlooker, unless that pins a sensitive cell: then nothing
	 * changes and the answer is false. Revealing only tightens, so settling from here reaches
	 * the same fixed point as starting afresh.
	 */
	tryReveal(cell: number) {
		const undo: [number, number, number][] = [];
		this.undo = undo;
		const v = this.model.values[cell]!;
		this.set(cell, v, v);
		this.settle(this.model.linesOf[cell]!);
		this.undo = null;
		if (!undo.some(([c]) => this.pinned(c))) return true;
		for (const [c, lo, hi] of undo.reverse()) [this.lo[c], this.hi[c]] = [lo, hi];
		return false;
	}

	private set(c: number, lo: number, hi: number) {
		this.undo?.push([c, this.lo[c]!, this.hi[c]!]);
		this.lo[c] = lo;
		this.hi[c] = hi;
	}

	private settle(start: number[]) {
		const { lines, linesOf } = this.model;
		const { lo, hi, queued } = this;
		const queue: number[] = [];
		const enqueue = (c: number) => {
			for (const l of linesOf[c]!)
				if (!queued[l]) {
					queued[l] = 1;
					queue.push(l);
				}
		};
		for (const l of start)
			if (!queued[l]) {
				queued[l] = 1;
				queue.push(l);
			}
		// Enough for real tables to settle; a cut-off only leaves the onlooker weaker than
		// modelled.
		const budget = 100 * lines.length;
		for (let head = 0; head < queue.length; head++) {
			const l = queue[head]!;
			queued[l] = 0;
			if (head >= budget) continue;
			const line = lines[l]!;
			const total = line[0]!;
			this.visitStart = this.eventBound.length;
			let sumLo = 0;
			let sumHi = 0;
			let unbounded = 0;
			for (let i = 1; i < line.length; i++) {
				const p = line[i]!;
				sumLo += lo[p]!;
				if (hi[p] === Infinity) unbounded++;
				else sumHi += hi[p]!;
			}
			// Each changed cell's lines are queued as it changes, total first, parts in order.
			if (this.tighten(total, sumLo, unbounded ? Infinity : sumHi, l)) enqueue(total);
			for (let i = 1; i < line.length; i++) {
				const p = line[i]!;
				const open = hi[p] === Infinity;
				const othersHi = open ? sumHi : sumHi - hi[p]!;
				const low = unbounded - (open ? 1 : 0) > 0 ? -Infinity : lo[total]! - othersHi;
				if (this.tighten(p, low, hi[total]! - (sumLo - lo[p]!), l)) enqueue(p);
			}
		}
	}

	/** Narrows a cell to what a line allows; whether anything changed. */
	private tighten(c: number, low: number, high: number, line: number) {
		const v = this.model.values[c]!;
		const whole = this.whole[c];
		let l = Math.max(this.lo[c]!, low);
		let h = Math.min(this.hi[c]!, high);
		if (whole) {
			l = Math.ceil(l - 1e-9);
			h = Math.floor(h + 1e-9);
		}
		if (this.gap[c]) {
			if (l > 0 && l < SMALL_COUNT_LIMIT) l = SMALL_COUNT_LIMIT;
			if (h > 0 && h < SMALL_COUNT_LIMIT) h = 0;
		}
		// The true value always satisfies the onlooker's reasoning; this only undoes rounding.
		l = Math.min(l, v);
		h = Math.max(h, v);
		const slack = whole ? 0.5 : 1e-9 * Math.max(1, v);
		const raised = l > this.lo[c]! + slack;
		const lowered = h < this.hi[c]! - slack;
		if (!raised && !lowered) return false;
		this.set(c, raised ? l : this.lo[c]!, lowered ? h : this.hi[c]!);
		// Only the first settling is traced; trying a cell out needs no trace.
		if (!this.undo) {
			if (raised) this.record(c * 2 + LOW, line);
			if (lowered) this.record(c * 2 + HIGH, line);
		}
		return true;
	}

	private record(bound: number, line: number) {
		this.eventBefore.push(this.latest[bound]!);
		this.latest[bound] = this.eventBound.length;
		this.eventBound.push(bound);
		this.eventLine.push(line);
		this.eventVisit.push(this.visitStart);
	}

	/** The line that last set a bound of the cell, or -1. */
	lastLine(cell: number, side: number) {
		const e = this.latest[cell * 2 + side]!;
		return e < 0 ? -1 : this.eventLine[e]!;
	}

	/**
	 * The shown values nearest a pin in the derivation that produced it (walked back through
	 * the events, each bound to the bounds it was computed from), fixed ones apart: none when
	 * the derivation uses no shown value, so that withholding cannot undo it.
	 */
	nearestShown(cell: number, unknown: Uint8Array) {
		const lastBefore = (c: number, side: number, time: number) => {
			let e = this.latest[c * 2 + side]!;
			while (e >= time) e = this.eventBefore[e]!;
			return e;
		};
		const seen = new Set<number>();
		let level: [number, number, number][] = [
			[cell, LOW, Infinity],
			[cell, HIGH, Infinity]
		];
		while (level.length > 0) {
			const known: number[] = [];
			const next: [number, number, number][] = [];
			for (const [c, side, time] of level) {
				const e = lastBefore(c, side, time);
				if (e < 0) {
					if (!unknown[c]) known.push(c);
					continue;
				}
				if (seen.has(e)) continue;
				seen.add(e);
				const [total, ...parts] = this.model.lines[this.eventLine[e]!]!;
				// A total's bound comes from the same bound of its parts; a part's from the same
				// bound of the total and the opposite bound of the other parts.
				const visit = this.eventVisit[e]!;
				if (c === total) for (const p of parts) next.push([p, side, visit]);
				else {
					next.push([total!, side, e]);
					for (const p of parts) if (p !== c) next.push([p, 1 - side, visit]);
				}
			}
			const free = known.filter((c) => !this.model.fixed[c]);
			if (free.length > 0) return free;
			level = next;
		}
		return [];
	}
}

/** Withholds cells until bounds pin no sensitive cell that withholding can protect. */
function withholdBounds({ model, unknown, reason, elimination }: State) {
	// What the markers give away with every shown cell withheld stays given away whatever is:
	// nothing to withhold for it.
	const allUnknown = Uint8Array.from(model.fixed, (fixed) => (fixed ? 0 : 1));
	const allReasons = reason.map(
		(why, c) => why ?? (model.shown[c] && !model.fixed[c] ? 'secondary' : null)
	);
	const unavoidable = new Onlooker(model, allUnknown, allReasons);
	const tried = new Uint8Array(model.ids.length);
	for (;;) {
		const onlooker = new Onlooker(model, unknown, reason);
		// One withholding per line a round: the next round sees whether it was enough.
		const touched = new Set<number>();
		for (let cell = 0; cell < model.ids.length; cell++) {
			if (!onlooker.pinned(cell) || unavoidable.pinned(cell)) continue;
			if ([LOW, HIGH].some((side) => touched.has(onlooker.lastLine(cell, side)))) continue;
			const shown = onlooker.nearestShown(cell, unknown);
			if (shown.length === 0) continue;
			// The cheapest of them; all of them for a cell pinned again, which has more routes
			// to it than one at a time can cut (showNeedless shows again those not needed).
			for (const next of tried[cell] ? shown : [best(model, shown)]) {
				elimination.withhold(next);
				reason[next] = 'secondary';
				for (const l of model.linesOf[next]!) touched.add(l);
			}
			tried[cell] = 1;
		}
		if (touched.size === 0) return onlooker;
	}
}

/**
 * Shows again each secondary cell that is no longer needed, the costliest first: one at a time
 * the choices overshoot (a cell withheld early may be needless once later ones are). Afterwards
 * showing any one of them would expose a sensitive cell.
 */
function showNeedless({ model, reason, elimination }: State, onlooker: Onlooker) {
	const secondary = model.ids.map((_, c) => c).filter((c) => reason[c] === 'secondary');
	secondary.sort((a, b) => compareKeys(cost(model, b), cost(model, a)));
	for (const c of secondary) {
		if (!elimination.reveal(c, (s) => model.sensitive[s]!)) continue;
		if (onlooker.tryReveal(c)) reason[c] = null;
		else elimination.withhold(c);
	}
}

/**
 * The model cut into parts that no chain of lines joins through a cell that could be withheld,
 * each with its own cells in the same relative order and the global index of each. A fixed
 * cell is a constant to both checks (never unknown, never tightened, never chosen), so it joins
 * nothing and goes with every part whose lines hold it. Nothing in one part bears on another,
 * so solving each alone makes the same choices with far smaller eliminations.
 */
function split(model: Model): { model: Model; cells: number[] }[] {
	const n = model.ids.length;
	const parent = Int32Array.from({ length: n }, (_, c) => c);
	const root = (c: number): number => {
		while (parent[c] !== c) c = parent[c] = parent[parent[c]!]!;
		return c;
	};
	for (const line of model.lines) {
		const free = line.filter((c) => !model.fixed[c]);
		for (const c of free.slice(1)) {
			const [a, b] = [root(free[0]!), root(c)];
			if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
		}
	}
	const parts = new Map<number, { cells: Set<number>; lines: number[][] }>();
	for (let c = 0; c < n; c++)
		if (!model.fixed[c]) {
			const r = root(c);
			if (!parts.has(r)) parts.set(r, { cells: new Set(), lines: [] });
			parts.get(r)!.cells.add(c);
		}
	// A line of fixed cells only says what the onlooker knows already.
	for (const line of model.lines) {
		const free = line.find((c) => !model.fixed[c]);
		if (free === undefined) continue;
		const part = parts.get(root(free))!;
		part.lines.push(line);
		for (const c of line) part.cells.add(c);
	}
	const local = new Int32Array(n);
	return [...parts.values()].map((part) => {
		const cells = [...part.cells].sort((a, b) => a - b);
		for (const [i, c] of cells.entries()) local[c] = i;
		const lines = part.lines.map((line) => line.map((c) => local[c]!));
		const linesOf: number[][] = cells.map(() => []);
		for (const [l, line] of lines.entries()) for (const c of line) linesOf[c]!.push(l);
		const pick = <T>(xs: T[]) => cells.map((c) => xs[c]!);
		return {
			cells,
			model: {
				ids: pick(model.ids),
				values: pick(model.values),
				shown: pick(model.shown),
				sensitive: pick(model.sensitive),
				small: pick(model.small),
				isTotal: pick(model.isTotal),
				fixed: pick(model.fixed),
				keep: pick(model.keep),
				lines,
				linesOf
			}
		};
	});
}

/** Why each cell is withheld, or null. */
function withheld(model: Model) {
	const n = model.ids.length;
	const unknown = new Uint8Array(n);
	const reason = Array.from({ length: n }, (): SuppressionReason | null => null);
	for (let c = 0; c < n; c++) {
		if (model.shown[c] && model.sensitive[c]) reason[c] = model.small[c] ? 'small' : 'sensitive';
		if (!model.shown[c] || reason[c]) unknown[c] = 1;
	}
	if (model.lines.length === 0) return reason;
	const elimination = new Elimination(n, unknown);
	for (const line of model.lines) elimination.addLine(line);
	const state: State = { model, unknown, reason, elimination };
	withholdLinear(state);
	showNeedless(state, withholdBounds(state));
	return reason;
}

/**
 * What each shown cell may display (an entry for every shown cell, in id order), withholding
 * sensitive cells and enough others that no sensitive cell, shown or hidden, can be worked out
 * (see the module comment for exactly what is guaranteed). Throws on duplicate cell ids,
 * lines naming unknown cells or repeating one, lines that do not add up, and negative values.
 */
export function suppress(cells: readonly Cell[], lines: readonly Line[]): Map<string, Disclosure> {
	const model = buildModel(cells, lines);
	const reason = Array.from(model.ids, (): SuppressionReason | null => null);
	for (const part of split(model)) {
		const why = withheld(part.model);
		for (const [i, c] of part.cells.entries()) reason[c] = why[i]!;
	}
	const result = new Map<string, Disclosure>();
	for (const [c, id] of model.ids.entries()) {
		if (!model.shown[c]) continue;
		const why = reason[c];
		result.set(
			id,
			why ? { kind: 'suppressed', reason: why } : { kind: 'value', value: model.values[c]! }
		);
	}
	return result;
}
