import { describe, expect, it } from 'vitest';
import {
	compareWithNational,
	ehcpInMainstreamShare,
	entryRefusal,
	formatOutcomeValue,
	indicatorKeysIn,
	isOutcomeIndicatorKey,
	OUTCOME_INDICATOR_KEYS,
	OUTCOME_INDICATORS,
	outcomeIndicatorList,
	outcomePeriod,
	outcomePeriods,
	outcomeRows,
	parseOutcomeValue,
	type OutcomeEntry,
	type OutcomeIndicator
} from './outcomes';

const percentage = OUTCOME_INDICATORS.ehcp_within_20_weeks;
const count = OUTCOME_INDICATORS.forum_participation;
const computed = OUTCOME_INDICATORS.ehcp_in_mainstream;

describe('the indicator catalogue', () => {
	it('lists every key once, each entry under its own key, with a sentence on what it measures', () => {
		expect(new Set(OUTCOME_INDICATOR_KEYS).size).toBe(OUTCOME_INDICATOR_KEYS.length);
		expect(outcomeIndicatorList().map((i) => i.key)).toEqual([...OUTCOME_INDICATOR_KEYS]);
		for (const indicator of outcomeIndicatorList()) {
			expect(indicator.label.length, indicator.key).toBeGreaterThan(0);
			expect(indicator.measures, indicator.key).toMatch(/^[A-Z].*\.$/);
		}
	});

	it('carries the national figures the strategy quotes, with their dates', () => {
		expect(OUTCOME_INDICATORS.ehcp_in_mainstream.national).toEqual({ value: 48, asOf: '2024' });
		expect(OUTCOME_INDICATORS.ehcp_within_20_weeks.national).toEqual({
			value: 50.3,
			asOf: 'August 2024'
		});
	});

	it('computes only the share of EHC plans in mainstream; the LA enters the rest', () => {
		expect(outcomeIndicatorList().filter((i) => i.source === 'computed')).toEqual([computed]);
	});

	it('splits the keys by unit for the database checks', () => {
		const byUnit = [...indicatorKeysIn('percentage'), ...indicatorKeysIn('count')];
		expect(byUnit.sort()).toEqual([...OUTCOME_INDICATOR_KEYS].sort());
		expect(indicatorKeysIn('count')).toEqual(['forum_participation']);
	});

	it('knows its own keys only', () => {
		expect(isOutcomeIndicatorKey('family_satisfaction')).toBe(true);
		expect(isOutcomeIndicatorKey('constructor')).toBe(false);
		expect(isOutcomeIndicatorKey('')).toBe(false);
	});
});

describe('parseOutcomeValue', () => {
	it('reads percentages with at most one decimal place, with or without a sign', () => {
		expect(parseOutcomeValue('percentage', '48')).toEqual({ ok: true, value: 48 });
		expect(parseOutcomeValue('percentage', ' 51.6 ')).toEqual({ ok: true, value: 51.6 });
		expect(parseOutcomeValue('percentage', '51.6%')).toEqual({ ok: true, value: 51.6 });
		expect(parseOutcomeValue('percentage', '0')).toEqual({ ok: true, value: 0 });
		expect(parseOutcomeValue('percentage', '100.0')).toEqual({ ok: true, value: 100 });
		expect(parseOutcomeValue('percentage', '0.1')).toEqual({ ok: true, value: 0.1 });
	});

	it('refuses percentages out of range, too precise or not numbers, saying why', () => {
		const message = (text: string) => {
			const result = parseOutcomeValue('percentage', text);
			return result.ok ? null : result.message;
		};
		expect(message('100.1')).toBe('Enter a percentage from 0 to 100');
		expect(message('250')).toBe('Enter a percentage from 0 to 100');
		expect(message('-3')).toBe('Enter a percentage from 0 to 100');
		expect(message('51.65')).toBe('Enter the percentage to one decimal place at most');
		expect(message('')).toBe('Enter the percentage');
		for (const text of ['half', '51,6', '.5', '5.', '1e2', '5 0', '%50'])
			expect(message(text), text).toBe('Enter the percentage as a number, like 48 or 51.6');
	});

	it('reads counts as whole numbers, with commas grouping thousands', () => {
		expect(parseOutcomeValue('count', '120')).toEqual({ ok: true, value: 120 });
		expect(parseOutcomeValue('count', '1,250')).toEqual({ ok: true, value: 1250 });
		expect(parseOutcomeValue('count', '0')).toEqual({ ok: true, value: 0 });
		expect(parseOutcomeValue('count', '1,000,000')).toEqual({ ok: true, value: 1_000_000 });
	});

	it('refuses counts that are not whole, negative or beyond reason', () => {
		for (const text of ['12.5', '1,25', 'ten', '12%'])
			expect(parseOutcomeValue('count', text), text).toEqual({
				ok: false,
				message: 'Enter a whole number, like 120'
			});
		expect(parseOutcomeValue('count', '-1')).toEqual({
			ok: false,
			message: 'Enter a number, 0 or more'
		});
		expect(parseOutcomeValue('count', '1000001')).toEqual({
			ok: false,
			message: 'Enter a number no bigger than 1,000,000'
		});
	});
});

describe('formatOutcomeValue', () => {
	it('shows percentages with their sign and counts grouped', () => {
		expect(formatOutcomeValue('percentage', 51.6)).toBe('51.6%');
		expect(formatOutcomeValue('percentage', 48)).toBe('48%');
		expect(formatOutcomeValue('count', 1250)).toBe('1,250');
	});
});

describe('compareWithNational', () => {
	it('says in words whether a figure is better or worse than England, and by how much', () => {
		expect(compareWithNational(percentage, 51.6)).toEqual({
			verdict: 'better',
			gap: 1.3,
			text: 'Better than England (50.3%, August 2024) by 1.3 points'
		});
		expect(compareWithNational(computed, 35)).toEqual({
			verdict: 'worse',
			gap: 13,
			text: 'Worse than England (48%, 2024) by 13 points'
		});
		expect(compareWithNational(computed, 47)?.text).toBe(
			'Worse than England (48%, 2024) by 1 point'
		);
		expect(compareWithNational(percentage, 50.3)).toEqual({
			verdict: 'same',
			gap: 0,
			text: 'The same as England (50.3%, August 2024)'
		});
	});

	it('reads the gap in tenths, so decimals do not drift', () => {
		expect(compareWithNational(percentage, 50.6)?.gap).toBe(0.3);
		expect(compareWithNational(percentage, 50.4)?.verdict).toBe('better');
	});

	it('turns round where lower is better', () => {
		const lower: OutcomeIndicator = { ...percentage, better: 'lower' };
		expect(compareWithNational(lower, 40)?.verdict).toBe('better');
		expect(compareWithNational(lower, 60)?.verdict).toBe('worse');
	});

	it('has nothing to say without a comparator', () => {
		expect(compareWithNational(count, 300)).toBeNull();
	});
});

describe('school years', () => {
	it('shows this school year and the two before it, newest first', () => {
		expect(outcomePeriods('2026-11-27').map((p) => p.label)).toEqual([
			'2026/27',
			'2025/26',
			'2024/25'
		]);
		expect(outcomePeriods('2026-08-31')[0]!.label).toBe('2025/26');
	});

	it('reads a period only as the app writes it', () => {
		expect(outcomePeriod('2025/26')?.start).toBe('2025-09-01');
		expect(outcomePeriod('2025')).toBeNull();
		expect(outcomePeriod('2025/27')).toBeNull();
		expect(outcomePeriod(' 2025/26')).toBeNull();
	});

	it('takes figures for the years shown, and not for the year a computed figure covers', () => {
		const today = '2026-11-27';
		expect(entryRefusal(percentage, '2026/27', today)).toBeNull();
		expect(entryRefusal(percentage, '2024/25', today)).toBeNull();
		expect(entryRefusal(computed, '2025/26', today)).toBeNull();
		expect(entryRefusal(computed, '2026/27', today)).toBe(
			'The figure for 2026/27 is worked out from settings’ SEN registers. You can enter figures for earlier years'
		);
		expect(entryRefusal(percentage, '2027/28', today)).toBe(
			'2027/28 has not started yet. Enter figures for 2026/27 or earlier'
		);
		expect(entryRefusal(percentage, '2023/24', today)).toBe(
			'Figures can be entered for the last three school years: 2026/27, 2025/26 and 2024/25'
		);
		expect(entryRefusal(percentage, 'last year', today)).toBe('Enter the school year like 2025/26');
	});
});

describe('ehcpInMainstreamShare', () => {
	const shown = (value: number) => ({ kind: 'value', value }) as const;

	it('is the mainstream share of pupils with a plan, to one decimal place', () => {
		expect(ehcpInMainstreamShare(shown(73), shown(287))).toEqual({
			kind: 'value',
			value: 25.4,
			part: 73,
			whole: 287
		});
		expect(ehcpInMainstreamShare(shown(1), shown(3))).toMatchObject({ value: 33.3 });
		expect(ehcpInMainstreamShare(shown(2), shown(3))).toMatchObject({ value: 66.7 });
	});

	it('is 0% when no mainstream school has a setting-type row', () => {
		expect(ehcpInMainstreamShare(undefined, shown(40))).toMatchObject({ kind: 'value', value: 0 });
	});

	it('is withheld when either cell is, and says so', () => {
		const small = { kind: 'suppressed', reason: 'small' } as const;
		const secondary = { kind: 'suppressed', reason: 'secondary' } as const;
		for (const [part, whole] of [
			[small, small],
			[shown(10), secondary],
			[secondary, shown(30)]
		] as const) {
			const figure = ehcpInMainstreamShare(part, whole);
			expect(figure.kind).toBe('withheld');
			expect(figure.kind !== 'value' && figure.reason).toMatch(/^Withheld: /);
		}
	});

	it('has no data when no pupil with a plan is recorded, or no setting at all', () => {
		for (const figure of [
			ehcpInMainstreamShare(shown(0), shown(0)),
			ehcpInMainstreamShare(undefined, undefined)
		]) {
			expect(figure.kind).toBe('no-data');
			expect(figure.kind !== 'value' && figure.reason).toMatch(/^No data: /);
		}
	});
});

describe('outcomeRows', () => {
	const today = '2026-11-27';
	const entry = (indicator: OutcomeEntry['indicator'], period: string, value: number) => ({
		id: `${indicator}-${period}`,
		indicator,
		period,
		value,
		source: 'Survey',
		version: 1,
		enteredBy: 'Alex Morgan',
		updatedAt: new Date('2026-10-01T09:00:00Z')
	});
	const worked = { kind: 'value', value: 25.4, part: 73, whole: 287 } as const;
	const rows = outcomeRows(
		[
			entry('ehcp_within_20_weeks', '2025/26', 51.6),
			entry('ehcp_in_mainstream', '2024/25', 35),
			entry('family_satisfaction', '2023/24', 80)
		],
		worked,
		today
	);
	const row = (key: string) => rows.find((r) => r.indicator.key === key)!;

	it('has every indicator with this year and the two before it, newest first', () => {
		expect(rows.map((r) => r.indicator.key)).toEqual([...OUTCOME_INDICATOR_KEYS]);
		for (const r of rows)
			expect(r.cells.map((c) => c.period)).toEqual(['2026/27', '2025/26', '2024/25']);
	});

	it('puts each entered figure in its cell with its comparison, and offers the empty cells', () => {
		const [now, last, before] = row('ehcp_within_20_weeks').cells;
		expect(last).toMatchObject({ figure: 51.6, canEnter: false, computed: null });
		expect(last!.entry?.id).toBe('ehcp_within_20_weeks-2025/26');
		expect(last!.comparison?.verdict).toBe('better');
		expect(now).toMatchObject({ figure: null, entry: null, comparison: null, canEnter: true });
		expect(before!.canEnter).toBe(true);
		expect(row('ehcp_within_20_weeks').latest).toBe(last);
	});

	it('works out the computed indicator for this year only, and takes entries for earlier ones', () => {
		const [now, last, before] = row('ehcp_in_mainstream').cells;
		expect(now).toMatchObject({ figure: 25.4, computed: worked, canEnter: false });
		expect(now!.comparison?.verdict).toBe('worse');
		expect(last).toMatchObject({ figure: null, computed: null, canEnter: true });
		expect(before).toMatchObject({ figure: 35, canEnter: false });
		expect(row('ehcp_in_mainstream').latest).toBe(now);
	});

	it('shows no figure where the computed one is withheld, and no comparison without a comparator', () => {
		const withheld = outcomeRows([], { kind: 'withheld', reason: 'Withheld: few' }, today);
		const [now] = withheld.find((r) => r.indicator.key === 'ehcp_in_mainstream')!.cells;
		expect(now).toMatchObject({ figure: null, comparison: null, canEnter: false });
		expect(now!.computed?.kind).toBe('withheld');
		expect(withheld.every((r) => r.latest === null)).toBe(true);
	});

	it('leaves out figures for years no longer shown', () => {
		expect(row('family_satisfaction').cells.every((c) => c.entry === null)).toBe(true);
		expect(row('family_satisfaction').latest).toBeNull();
	});
});
