import { describe, expect, it } from 'vitest';
import { daysBetween, isOverdue, suggestActions } from './action-plan';

describe('daysBetween', () => {
	it('counts whole calendar days, across month ends and the clock change', () => {
		expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
		expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
		expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
		expect(daysBetween('2026-11-27', '2026-11-20')).toBe(-7);
	});
});

describe('isOverdue', () => {
	it('is overdue after the due date unless done', () => {
		expect(isOverdue({ dueDate: '2026-11-26', status: 'in_progress' }, '2026-11-27')).toBe(true);
		expect(isOverdue({ dueDate: '2026-11-26', status: 'not_started' }, '2026-11-27')).toBe(true);
		expect(isOverdue({ dueDate: '2026-11-26', status: 'done' }, '2026-11-27')).toBe(false);
		expect(isOverdue({ dueDate: '2026-11-27', status: 'not_started' }, '2026-11-27')).toBe(false);
	});
});

describe('suggestActions', () => {
	it('takes each bullet or numbered item, joining lines that wrap, and skips a lead-in', () => {
		expect(
			suggestActions('We suggest:\n- Train staff\n  in precision teaching\n* Audit the offer', 100)
		).toEqual(['Train staff in precision teaching', 'Audit the offer']);
		expect(suggestActions('1. One\n2) Two\n\n\nThree\nlines', 100)).toEqual([
			'One',
			'Two',
			'Three lines'
		]);
	});

	it('takes each paragraph when there is no list, cut to the longest action allowed', () => {
		expect(suggestActions('First area.\r\n\r\nSecond area that runs long.', 11)).toEqual([
			'First area.',
			'Second area'
		]);
		expect(suggestActions('', 100)).toEqual([]);
		expect(suggestActions('  \n\n ', 100)).toEqual([]);
	});
});
