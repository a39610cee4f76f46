import type { ChartData, ChartOptions } from 'chart.js';
import {
	formatOutcomeValue,
	type NationalComparison,
	type OutcomeCell,
	type OutcomeIndicator,
	type OutcomeRow,
	type OutcomeUnit,
	type RegisterCoverage
} from '$lib/domain/outcomes';

/** What a cell reads as: its figure, or why it has none. */
export function cellText(indicator: OutcomeIndicator, cell: OutcomeCell): string {
	if (cell.figure !== null) return formatOutcomeValue(indicator.unit, cell.figure);
	if (cell.computed?.kind === 'withheld') return 'Withheld';
	if (cell.computed?.kind === 'no-data') return 'No data';
	return 'Not entered';
}

/** England's figure with its date: "48% (2024)". */
export const nationalText = (indicator: OutcomeIndicator) =>
	indicator.national
		? `${formatOutcomeValue(indicator.unit, indicator.national.value)} (${indicator.national.asOf})`
		: 'None published';

/** A comparison in a few words for a table cell: "1.3 points better than England". */
export function comparisonShort(unit: OutcomeUnit, comparison: NationalComparison): string {
	if (comparison.verdict === 'same') return 'The same as England';
	const gap = comparison.gap.toLocaleString('en-GB');
	const by = unit === 'percentage' ? `${gap} ${comparison.gap === 1 ? 'point' : 'points'}` : gap;
	return `${by} ${comparison.verdict} than England`;
}

/** Where a worked-out figure comes from, in a sentence. */
export function coverageText(coverage: RegisterCoverage): string {
	const of = (n: number, total: number) =>
		`${n.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}`;
	return `Worked out from the SEN registers of the ${of(coverage.keeping, coverage.settings)} settings that keep them in Inclusio (${of(coverage.mainstreamKeeping, coverage.mainstream)} mainstream schools), counted as they stand today.`;
}

/** What to type in a figure's box. */
export const FIGURE_HINTS: Record<OutcomeUnit, string> = {
	percentage: 'A percentage from 0 to 100, to one decimal place at most, like 51.6.',
	count: 'A whole number of people, like 120.'
};

// The tenant's bars and England's differ in colour and are named on the axis, in the
// tooltips and in the table, so colour is never the only clue. Both are at least 3:1 on white.
const OWN = '#0b5563';
const ENGLAND = '#b54708';

/** Years oldest first, as a chart reads left to right. */
const oldestFirst = (row: OutcomeRow) => [...row.cells].reverse();

/** Whether an indicator has any figure to draw. */
export const hasFigures = (row: OutcomeRow) => row.cells.some((c) => c.figure !== null);

/** The bars of one indicator: a school year each, then England's figure if there is one. */
export function indicatorChartData(row: OutcomeRow): ChartData<'bar'> {
	const { indicator } = row;
	const cells = oldestFirst(row);
	const labels = cells.map((c) => c.period);
	const data: (number | null)[] = cells.map((c) => c.figure);
	const colours = cells.map(() => OWN);
	if (indicator.national) {
		labels.push(`England (${indicator.national.asOf})`);
		data.push(indicator.national.value);
		colours.push(ENGLAND);
	}
	return {
		labels,
		datasets: [{ label: indicator.label, data, backgroundColor: colours, borderWidth: 0 }]
	};
}

/** Axes for the unit: percentages on a 0-100 scale. */
export function indicatorChartOptions(unit: OutcomeUnit): ChartOptions<'bar'> {
	const format = (value: unknown) => formatOutcomeValue(unit, Number(value));
	return {
		responsive: true,
		maintainAspectRatio: false,
		scales: {
			y: {
				beginAtZero: true,
				...(unit === 'percentage' ? { max: 100 } : {}),
				ticks: { callback: format }
			},
			x: { grid: { display: false } }
		},
		plugins: {
			legend: { display: false },
			tooltip: { callbacks: { label: (item) => format(item.raw) } }
		}
	};
}

/** The chart in a sentence, for screen readers; the table beside it has the detail. */
export function indicatorChartLabel(row: OutcomeRow): string {
	const { indicator } = row;
	const years = oldestFirst(row)
		.map((c) => `${c.period}: ${cellText(indicator, c).toLowerCase()}`)
		.join('; ');
	const england = indicator.national ? ` England: ${nationalText(indicator)}.` : '';
	return `Bar chart: ${indicator.label}, by school year. ${years}.${england}`;
}
