/**
 * The tables of the LA's and boards' provision views, as text: the page prints them and the
 * CSV export writes them, so a download is suppressed and formatted exactly as the screen is.
 * Pure.
 */

import { boardFilterQuery, type BoardFilter, type FilterChoices } from './board-filters';
import { formatHours, formatShare } from './format';
import {
	AREA_OF_NEED_LABELS,
	AREAS_OF_NEED,
	formatPounds,
	NEED_CODES,
	OUTCOME_LABELS,
	OUTCOMES,
	TIER_LABELS,
	TIERS
} from './provision';
import {
	GROUPING_LABELS,
	needColumn,
	outcomeColumn,
	provisionColumn,
	registerColumn,
	type AggregateRow,
	type AggregateView,
	type AreaKey,
	type Grouping,
	type ProvisionMeasure,
	type TierKey
} from './provision-aggregates';
import { disclosureText, type Disclosure } from './suppression';
import type { TextTable } from './text-table';

/** A provision view as the page and the download show it. */
export interface ProvisionReport {
	/** Null when the filter leaves no setting. */
	view: AggregateView | null;
	grouping: Grouping;
	/** The school year of provision, "2026/27". */
	year: string;
	/** The school years offered, newest first. */
	years: readonly string[];
	filter: BoardFilter;
	choices: FilterChoices;
	/** Parts of the filter asked for that could not be applied. */
	problems: readonly string[];
}

/** Whole hours: a board reads totals, not fractions. */
const wholeHours = (hours: number) => formatHours(hours, 0);
/** Whole pounds: a board reads totals, not pence. */
const wholePounds = (pence: number) => formatPounds(Math.round(pence / 100) * 100);

/** A figure's value when it is shown. */
export const valueOf = (d: Disclosure) => (d.kind === 'value' ? d.value : null);

/** A share of two shown figures, or null when either is hidden or the whole is zero. */
function shareOf(part: Disclosure, whole: Disclosure | number | null): number | null {
	const of = typeof whole === 'number' || whole === null ? whole : valueOf(whole);
	const value = valueOf(part);
	return value === null || !of ? null : value / of;
}

/** What a figure worked out from hidden or zero figures prints as. */
const NOT_WORKED_OUT = '–';

const count = (n: number) => n.toLocaleString('en-GB');
const shareText = (share: number | null) =>
	share === null ? NOT_WORKED_OUT : formatShare(share, 1);
const cell = (row: AggregateRow, column: string, format?: (value: number) => string) =>
	disclosureText(row.cells[column]!, format);
/** The groups, then the total: every table of a view ends with its total. */
const rowsOf = (view: AggregateView) => [...view.rows, view.total];

/** The register by group: its two statuses as counts and as shares of the roll. */
export function registerTable(view: AggregateView, groupLabel: string): TextTable {
	return {
		title: 'Pupils on the SEN register, as a share of roll',
		header: [
			groupLabel,
			'Settings',
			'Roll',
			'SEN support (K)',
			'K, share of roll',
			'EHC plan (E)',
			'E, share of roll',
			'On the register'
		],
		rows: rowsOf(view).map((row) => {
			const k = row.cells[registerColumn('K')]!;
			const e = row.cells[registerColumn('E')]!;
			return [
				row.label,
				count(row.settings),
				row.roll === null ? 'Not known' : count(row.roll),
				disclosureText(k),
				shareText(shareOf(k, row.roll)),
				disclosureText(e),
				shareText(shareOf(e, row.roll)),
				cell(row, registerColumn('*'))
			];
		})
	};
}

/** The register by group and primary need, headed by the census codes. */
export function needTable(view: AggregateView, groupLabel: string): TextTable {
	return {
		title: 'Primary need of pupils on the SEN register',
		header: [groupLabel, ...NEED_CODES, 'All'],
		rows: rowsOf(view).map((row) => [
			row.label,
			...NEED_CODES.map((code) => cell(row, needColumn(code))),
			cell(row, registerColumn('*'))
		])
	};
}

const MEASURE_TITLES: Record<ProvisionMeasure, string> = {
	pupils: 'Pupils with provision',
	hours: 'Hours of provision',
	cost: 'Cost of provision'
};
const MEASURE_FORMATS: Record<ProvisionMeasure, ((value: number) => string) | undefined> = {
	pupils: undefined,
	hours: wholeHours,
	cost: wholePounds
};

/** One measure of a row's provision, by area of need down and tier across, with totals. */
export function areaTierTable(
	row: AggregateRow,
	measure: ProvisionMeasure,
	year: string
): TextTable {
	const areas: { key: AreaKey; label: string }[] = [
		...AREAS_OF_NEED.map((a) => ({ key: a, label: AREA_OF_NEED_LABELS[a] })),
		{ key: '*', label: 'All areas of need' }
	];
	const tiers: TierKey[] = [...TIERS, '*'];
	return {
		title: `${MEASURE_TITLES[measure]} started in ${year}, by area of need and tier`,
		header: ['Area of need', ...TIERS.map((t) => TIER_LABELS[t]), 'All tiers'],
		rows: areas.map((area) => [
			area.label,
			...tiers.map((tier) =>
				cell(row, provisionColumn(measure, area.key, tier), MEASURE_FORMATS[measure])
			)
		])
	};
}

/** Provision by group: pupils, hours, cost and what that is per pupil. */
export function provisionByGroupTable(
	view: AggregateView,
	groupLabel: string,
	year: string
): TextTable {
	return {
		title: `Provision started in ${year}`,
		header: [groupLabel, 'Pupils with provision', 'Hours', 'Cost', 'Cost per pupil'],
		rows: rowsOf(view).map((row) => {
			const pupils = row.cells[provisionColumn('pupils', '*', '*')]!;
			const cost = row.cells[provisionColumn('cost', '*', '*')]!;
			const perPupil = shareOf(cost, pupils);
			return [
				row.label,
				disclosureText(pupils),
				cell(row, provisionColumn('hours', '*', '*'), wholeHours),
				disclosureText(cost, wholePounds),
				perPupil === null ? NOT_WORKED_OUT : wholePounds(perPupil)
			];
		})
	};
}

/** Outcomes by group, and the share of completed provision that met its target. */
export function outcomesTable(view: AggregateView, groupLabel: string, year: string): TextTable {
	return {
		title: `Outcomes of provision started in ${year}`,
		header: [
			groupLabel,
			...OUTCOMES.map((o) => OUTCOME_LABELS[o]),
			'Completed',
			'Share of completed with target met'
		],
		rows: rowsOf(view).map((row) => [
			row.label,
			...OUTCOMES.map((o) => cell(row, outcomeColumn(o))),
			cell(row, outcomeColumn('completed')),
			shareText(shareOf(row.cells[outcomeColumn('met')]!, row.cells[outcomeColumn('completed')]!))
		])
	};
}

export type ProvisionSectionKey = 'register' | 'provision' | 'outcomes';

/** The view's tables under the page's headings, in page order. */
export function provisionSections(
	view: AggregateView,
	grouping: Grouping,
	year: string
): { key: ProvisionSectionKey; heading: string; tables: TextTable[] }[] {
	const groupLabel = GROUPING_LABELS[grouping];
	return [
		{
			key: 'register',
			heading: 'SEN register',
			tables: [registerTable(view, groupLabel), needTable(view, groupLabel)]
		},
		{
			key: 'provision',
			heading: 'Provision',
			tables: [
				...(['pupils', 'hours', 'cost'] as const).map((m) => areaTierTable(view.total, m, year)),
				provisionByGroupTable(view, groupLabel, year)
			]
		},
		{
			key: 'outcomes',
			heading: 'Outcomes',
			tables: [outcomesTable(view, groupLabel, year)]
		}
	];
}

/** Every table of the view, in page order. */
export const provisionTables = (view: AggregateView, grouping: Grouping, year: string) =>
	provisionSections(view, grouping, year).flatMap((s) => s.tables);

/** The query string of a view: its grouping, school year and filter. */
export function provisionQuery(report: Pick<ProvisionReport, 'grouping' | 'year' | 'filter'>) {
	const query = new URLSearchParams({ by: report.grouping, year: report.year });
	for (const [name, value] of boardFilterQuery(report.filter)) query.set(name, value);
	return query.toString();
}

/** No setting is left once the filter is applied. */
export const NO_MATCH = 'No setting matches these filters.';

/**
 * The download of a view: lines saying whose figures these are, for which school year and
 * grouping, what the filter covers (in words, "Dover; Primary"), and the page's tables.
 */
export function provisionExport(
	report: ProvisionReport,
	about: { whose: string; covering: string; today: string }
) {
	const lines = [
		`${about.whose}, provision in school year ${report.year}, by ${GROUPING_LABELS[report.grouping].toLowerCase()}: ${about.covering}`,
		`Downloaded from Inclusio on ${about.today}`
	];
	return report.view
		? { about: lines, tables: provisionTables(report.view, report.grouping, report.year) }
		: { about: [...lines, NO_MATCH], tables: [] };
}
