import { describe, expect, it } from 'vitest';
import { costInWords, hoursText, parsePounds, poundsInput, weeksSourceOf } from './provision-cost';

describe('parsePounds', () => {
	it('reads pounds as people type them, in pence', () => {
		expect(parsePounds('18.50')).toBe(1850);
		expect(parsePounds('18.5')).toBe(1850);
		expect(parsePounds('18')).toBe(1800);
		expect(parsePounds(' 0 ')).toBe(0);
		expect(parsePounds('18.10')).toBe(1810);
		expect(parsePounds('0.07')).toBe(7);
	});

	it('takes a leading pound sign and commas that group thousands', () => {
		expect(parsePounds('£18.50')).toBe(1850);
		expect(parsePounds('£ 18')).toBe(1800);
		expect(parsePounds('1,000')).toBe(100_000);
		expect(parsePounds('£1,000.00')).toBe(100_000);
	});

	it('refuses anything else', () => {
		for (const text of [
			'',
			'£',
			'eighteen',
			'-5',
			'18.505',
			'18.',
			'.50',
			'18p',
			'18.50p',
			'$18',
			'18,50',
			'1,00',
			'10,0000',
			'1e3',
			'18 50',
			'£18.50 an hour'
		])
			expect(parsePounds(text), text).toBeNull();
	});
});

describe('poundsInput', () => {
	it('shows pence as pounds to two places, for a form', () => {
		expect(poundsInput(1850)).toBe('18.50');
		expect(poundsInput(2000)).toBe('20.00');
		expect(poundsInput(7)).toBe('0.07');
		expect(parsePounds(poundsInput(123456))).toBe(123456);
	});
});

describe('hoursText', () => {
	it('says hour or hours, to two places at most', () => {
		expect(hoursText(1)).toBe('1 hour');
		expect(hoursText(12)).toBe('12 hours');
		expect(hoursText(5.25)).toBe('5.25 hours');
		expect(hoursText(10 / 6)).toBe('1.67 hours');
		expect(hoursText(0)).toBe('0 hours');
	});
});

describe('costInWords', () => {
	it('spells out the arithmetic of one pupil’s place', () => {
		expect(
			costInWords(
				{ groupSize: 4, sessionsPerWeek: 2, minutesPerSession: 30, hourlyCostPence: 1800 },
				12
			)
		).toBe(
			'2 sessions × 30 minutes a week × 12 weeks = 12 hours; at £18 an hour shared by a group of 4: £54'
		);
		expect(
			costInWords(
				{ groupSize: 3, sessionsPerWeek: 3, minutesPerSession: 20, hourlyCostPence: 2400 },
				10
			)
		).toBe(
			'3 sessions × 20 minutes a week × 10 weeks = 10 hours; at £24 an hour shared by a group of 3: £80'
		);
	});

	it('says one to one, and a single session or week', () => {
		expect(
			costInWords(
				{ groupSize: 1, sessionsPerWeek: 1, minutesPerSession: 45, hourlyCostPence: 6500 },
				1
			)
		).toBe(
			'1 session × 45 minutes a week × 1 week = 0.75 hours; at £65 an hour one to one: £48.75'
		);
	});
});

describe('weeksSourceOf', () => {
	it('says whether the weeks were given, come from the dates, or run to today', () => {
		expect(weeksSourceOf({ endDate: '2025-12-19', weeks: 10 })).toBe('given');
		expect(weeksSourceOf({ endDate: null, weeks: 0 })).toBe('given');
		expect(weeksSourceOf({ endDate: '2025-12-19', weeks: null })).toBe('dates');
		expect(weeksSourceOf({ endDate: null, weeks: null })).toBe('to-today');
	});
});
