/**
 * The outcome indicators the LA monitors against its inclusion strategy: what each one
 * measures, how its figures are read and compared, and which school years take figures.
 * Pure.
 */

import { offeredYears } from './provision-aggregates';
import { parseAcademicYear, type AcademicYear } from './provision';
import type { Disclosure } from './suppression';

/** How an indicator's figure is counted. */
export const OUTCOME_UNITS = ['percentage', 'count'] as const;
export type OutcomeUnit = (typeof OUTCOME_UNITS)[number];

/** Which way an indicator should move. */
export type Better = 'higher' | 'lower';

/** Whether Inclusio works the figure out, or the LA enters it from its own records. */
export type IndicatorSource = 'computed' | 'entered';

/** A published figure for England to set the tenant's figure beside. */
export interface NationalComparator {
	value: number;
	/** When the figure describes, as published: "2024", "August 2024". */
	asOf: string;
}

export const OUTCOME_INDICATOR_KEYS = [
	'ehcp_in_mainstream',
	'ehcp_within_20_weeks',
	'family_satisfaction',
	'pupil_satisfaction',
	'forum_participation',
	'transition_success',
	'post16_engagement'
] as const;
export type OutcomeIndicatorKey = (typeof OUTCOME_INDICATOR_KEYS)[number];

export interface OutcomeIndicator {
	key: OutcomeIndicatorKey;
	label: string;
	/** One sentence on what the figure measures. */
	measures: string;
	unit: OutcomeUnit;
	better: Better;
	source: IndicatorSource;
	national: NationalComparator | null;
}

// The national comparators are the ones the strategy quotes (DOMAIN.md, "Outcomes").
export const OUTCOME_INDICATORS: Record<OutcomeIndicatorKey, OutcomeIndicator> = {
	ehcp_in_mainstream: {
		key: 'ehcp_in_mainstream',
		label: 'Pupils with an EHC plan in mainstream schools',
		measures:
			'The share of pupils with an education, health and care plan who are taught in mainstream schools rather than special schools, pupil referral units or early years settings.',
		unit: 'percentage',
		better: 'higher',
		source: 'computed',
		national: { value: 48, asOf: '2024' }
	},
	ehcp_within_20_weeks: {
		key: 'ehcp_within_20_weeks',
		label: 'EHC plans issued within 20 weeks',
		measures:
			'The share of new education, health and care plans issued within the statutory 20 weeks of the request for an assessment.',
		unit: 'percentage',
		better: 'higher',
		source: 'entered',
		national: { value: 50.3, asOf: 'August 2024' }
	},
	family_satisfaction: {
		key: 'family_satisfaction',
		label: 'Family satisfaction',
		measures:
			'The share of parents and carers answering the LA’s survey who are satisfied with the support their child receives.',
		unit: 'percentage',
		better: 'higher',
		source: 'entered',
		national: null
	},
	pupil_satisfaction: {
		key: 'pupil_satisfaction',
		label: 'Pupil satisfaction',
		measures:
			'The share of children and young people with SEND answering the LA’s survey who feel well supported in their setting.',
		unit: 'percentage',
		better: 'higher',
		source: 'entered',
		national: null
	},
	forum_participation: {
		key: 'forum_participation',
		label: 'Participation in decision-making forums',
		measures:
			'The number of children, young people, parents and carers who took part in the LA’s SEND decision-making forums during the school year.',
		unit: 'count',
		better: 'higher',
		source: 'entered',
		national: null
	},
	transition_success: {
		key: 'transition_success',
		label: 'Successful transitions',
		measures:
			'The share of pupils with SEND moving between phases (into school, to secondary, to post-16) whose new placement is still in place a term later.',
		unit: 'percentage',
		better: 'higher',
		source: 'entered',
		national: null
	},
	post16_engagement: {
		key: 'post16_engagement',
		label: 'Post-16 engagement',
		measures:
			'The share of young people with SEND aged 16 and 17 who are in education, employment or training.',
		unit: 'percentage',
		better: 'higher',
		source: 'entered',
		national: null
	}
};

/** The indicators in the order pages list them. */
export const outcomeIndicatorList = () => OUTCOME_INDICATOR_KEYS.map((k) => OUTCOME_INDICATORS[k]);

export const isOutcomeIndicatorKey = (value: string): value is OutcomeIndicatorKey =>
	(OUTCOME_INDICATOR_KEYS as readonly string[]).includes(value);

/** The keys of the indicators counted in one unit, for the database's checks. */
export const indicatorKeysIn = (unit: OutcomeUnit) =>
	OUTCOME_INDICATOR_KEYS.filter((k) => OUTCOME_INDICATORS[k].unit === unit);

/** Beyond any county's forums: a count above this is a typing slip. */
export const MAX_OUTCOME_COUNT = 1_000_000;

export type ParsedValue = { ok: true; value: number } | { ok: false; message: string };

/**
 * A figure as people type it, read for its unit: a percentage from 0 to 100 with at most
 * one decimal place ("35", "51.6", "51.6%"), or a whole number ("1,250"). Worked out from
 * the digits, so 51.6 stays 51.6.
 */
export function parseOutcomeValue(unit: OutcomeUnit, text: string): ParsedValue {
	const trimmed = text.trim();
	if (trimmed === '')
		return {
			ok: false,
			message: unit === 'percentage' ? 'Enter the percentage' : 'Enter the number'
		};
	if (/^-\s*\d/.test(trimmed))
		return {
			ok: false,
			message:
				unit === 'percentage' ? 'Enter a percentage from 0 to 100' : 'Enter a number, 0 or more'
		};
	if (unit === 'percentage') {
		const match = /^(\d+)(?:\.(\d+))?\s*%?$/.exec(trimmed);
		if (!match) return { ok: false, message: 'Enter the percentage as a number, like 48 or 51.6' };
		if ((match[2] ?? '').length > 1)
			return { ok: false, message: 'Enter the percentage to one decimal place at most' };
		const tenths = Number(match[1]) * 10 + Number(match[2] ?? 0);
		if (tenths > 1000) return { ok: false, message: 'Enter a percentage from 0 to 100' };
		return { ok: true, value: tenths / 10 };
	}
	const match = /^(\d{1,3}(?:,\d{3})+|\d+)$/.exec(trimmed);
	if (!match) return { ok: false, message: 'Enter a whole number, like 120' };
	const value = Number(match[1]!.replaceAll(',', ''));
	if (value > MAX_OUTCOME_COUNT)
		return {
			ok: false,
			message: `Enter a number no bigger than ${MAX_OUTCOME_COUNT.toLocaleString('en-GB')}`
		};
	return { ok: true, value };
}

/** A saved figure as its form shows it for changing: "51.6", "1250". */
export const outcomeValueInput = (value: number) => String(value);

/** A figure for reading: "51.6%", "48%", "1,250". */
export const formatOutcomeValue = (unit: OutcomeUnit, value: number) =>
	unit === 'percentage'
		? `${value.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`
		: value.toLocaleString('en-GB');

export interface NationalComparison {
	verdict: 'better' | 'worse' | 'same';
	/** The gap, in the indicator's unit (percentage points for percentages), never negative. */
	gap: number;
	/** The comparison in words, never colour alone: "Better than England (48%, 2024) by 2.5 points". */
	text: string;
}

/** How a figure stands against England's, or null when the indicator has no comparator. */
export function compareWithNational(
	indicator: OutcomeIndicator,
	value: number
): NationalComparison | null {
	const national = indicator.national;
	if (!national) return null;
	// Figures hold at most one decimal place; comparing tenths keeps 0.1 + 0.2 out of it.
	const tenths = Math.round(value * 10) - Math.round(national.value * 10);
	const england = `England (${formatOutcomeValue(indicator.unit, national.value)}, ${national.asOf})`;
	if (tenths === 0) return { verdict: 'same', gap: 0, text: `The same as ${england}` };
	const gap = Math.abs(tenths) / 10;
	const ahead = indicator.better === 'higher' ? tenths > 0 : tenths < 0;
	const by =
		indicator.unit === 'percentage'
			? `${gap.toLocaleString('en-GB')} ${gap === 1 ? 'point' : 'points'}`
			: gap.toLocaleString('en-GB');
	return ahead
		? { verdict: 'better', gap, text: `Better than ${england} by ${by}` }
		: { verdict: 'worse', gap, text: `Worse than ${england} by ${by}` };
}

/** The school years the indicators are shown and entered for: this one and two before, newest first. */
export const outcomePeriods = (today: string): AcademicYear[] => offeredYears(today);

/** A period exactly as the app writes it ("2025/26"), or null: "2025" alone is not one. */
export function outcomePeriod(label: string): AcademicYear | null {
	const year = parseAcademicYear(label);
	return year && year.label === label ? year : null;
}

/**
 * Why a figure for this indicator and school year cannot be entered today, or null when it
 * can: only the years shown take figures, and a computed indicator's current year is worked
 * out, not entered.
 */
export function entryRefusal(
	indicator: OutcomeIndicator,
	periodLabel: string,
	today: string
): string | null {
	const period = outcomePeriod(periodLabel);
	if (!period) return 'Enter the school year like 2025/26';
	const periods = outcomePeriods(today);
	const [current] = periods;
	if (period.start > current!.start)
		return `${period.label} has not started yet. Enter figures for ${current!.label} or earlier`;
	if (!periods.some((p) => p.label === period.label))
		return `Figures can be entered for the last three school years: ${listOf(periods.map((p) => p.label))}`;
	if (indicator.source === 'computed' && period.label === current!.label)
		return `The figure for ${period.label} is worked out from settings’ SEN registers. You can enter figures for earlier years`;
	return null;
}

const listOf = (items: string[]) =>
	items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** How many settings, in all and mainstream schools, have pupils on their SEN register. */
export interface RegisterCoverage {
	settings: number;
	keeping: number;
	mainstream: number;
	mainstreamKeeping: number;
}

/** A computed figure: its value with what it rests on, or why there is none. */
export type ComputedFigure =
	| { kind: 'value'; value: number; part: number; whole: number }
	| { kind: 'withheld' | 'no-data'; reason: string };

/**
 * The share of pupils with an EHC plan who are in mainstream schools, as a percentage to one
 * decimal place, from the register's suppressed aggregates by setting type: the mainstream
 * row's and the total's EHC plan cells (none when the tenant has no settings). A hidden cell
 * hides the share too, since the share and the other cell would give the hidden one away.
 */
export function ehcpInMainstreamShare(
	mainstream: Disclosure | undefined,
	total: Disclosure | undefined
): ComputedFigure {
	if (total?.kind === 'suppressed' || mainstream?.kind === 'suppressed')
		return {
			kind: 'withheld',
			reason:
				'Withheld: too few pupils with an EHC plan are recorded for the share to be shown without revealing a number below 5.'
		};
	if (!total || total.value === 0)
		return {
			kind: 'no-data',
			reason: 'No data: no setting has recorded a pupil with an EHC plan on its SEN register.'
		};
	const part = mainstream?.value ?? 0;
	return {
		kind: 'value',
		value: Math.round((part / total.value) * 1000) / 10,
		part,
		whole: total.value
	};
}

/** A figure the LA entered, as the pages show it. */
export interface OutcomeEntry {
	id: string;
	indicator: OutcomeIndicatorKey;
	period: string;
	value: number;
	source: string;
	version: number;
	/** Who last entered or changed it, when their name is known. */
	enteredBy: string | null;
	updatedAt: Date;
}

/** One indicator in one school year: what was entered, what was worked out, and how it reads. */
export interface OutcomeCell {
	period: string;
	entry: OutcomeEntry | null;
	/** The worked-out figure, for a computed indicator's current year only. */
	computed: ComputedFigure | null;
	/** The figure shown, entered or worked out, or null when there is none. */
	figure: number | null;
	comparison: NationalComparison | null;
	/** Whether a figure can be entered here now. */
	canEnter: boolean;
}

export interface OutcomeRow {
	indicator: OutcomeIndicator;
	/** Newest school year first. */
	cells: OutcomeCell[];
	/** The newest cell with a figure, for a summary. */
	latest: OutcomeCell | null;
}

/**
 * Every indicator across the school years shown: the entered figures, and the computed
 * indicator's current year from `computed`. An entered figure is shown in preference to a
 * worked-out one, though entryRefusal keeps the two from meeting.
 */
export function outcomeRows(
	entries: readonly OutcomeEntry[],
	computed: ComputedFigure,
	today: string
): OutcomeRow[] {
	const periods = outcomePeriods(today).map((p) => p.label);
	const byKey = new Map(entries.map((e) => [`${e.indicator}|${e.period}`, e]));
	return outcomeIndicatorList().map((indicator) => {
		const cells = periods.map((period, i): OutcomeCell => {
			const entry = byKey.get(`${indicator.key}|${period}`) ?? null;
			const worked = indicator.source === 'computed' && i === 0 ? computed : null;
			const figure = entry?.value ?? (worked?.kind === 'value' ? worked.value : null);
			return {
				period,
				entry,
				computed: worked,
				figure,
				comparison: figure === null ? null : compareWithNational(indicator, figure),
				canEnter: entry === null && entryRefusal(indicator, period, today) === null
			};
		});
		return { indicator, cells, latest: cells.find((c) => c.figure !== null) ?? null };
	});
}
