import { describe, expect, it } from 'vitest';
import {
	costPerPupilPence,
	effectiveness,
	formatPounds,
	hoursPerWeek,
	isCompleted,
	pupilHours,
	weeksOf,
	type InterventionShape
} from './provision';

// Figures worked out by hand, as a SENCO would on paper.
const phonics: InterventionShape = {
	groupSize: 3,
	sessionsPerWeek: 3,
	minutesPerSession: 20,
	hourlyCostPence: 2400
};
const talkGroup: InterventionShape = {
	groupSize: 4,
	sessionsPerWeek: 2,
	minutesPerSession: 30,
	hourlyCostPence: 1800
};

describe('hoursPerWeek', () => {
	it('is the sessions times their minutes, in hours', () => {
		expect(hoursPerWeek(phonics)).toBe(1); // 3 × 20 minutes
		expect(hoursPerWeek(talkGroup)).toBe(1); // 2 × 30 minutes
		expect(hoursPerWeek({ sessionsPerWeek: 5, minutesPerSession: 10 })).toBeCloseTo(50 / 60);
		expect(hoursPerWeek({ sessionsPerWeek: 1, minutesPerSession: 45 })).toBe(0.75);
	});
});

describe('pupilHours', () => {
	it('is the hours a week over the weeks', () => {
		expect(pupilHours(phonics, 10)).toBe(10);
		expect(pupilHours({ sessionsPerWeek: 2, minutesPerSession: 30 }, 12)).toBe(12);
		expect(pupilHours({ sessionsPerWeek: 1, minutesPerSession: 45 }, 7)).toBe(5.25);
		expect(pupilHours(phonics, 0)).toBe(0);
	});
});

describe('costPerPupilPence', () => {
	it('shares the staff time’s cost between the group', () => {
		// 10 hours at £24 = £240, shared by 3 = £80.
		expect(costPerPupilPence(phonics, 10)).toBe(8000);
		// 5 hours at £24 = £120, shared by 3 = £40.
		expect(costPerPupilPence(phonics, 5)).toBe(4000);
		// 12 hours at £18 = £216, shared by 4 = £54.
		expect(costPerPupilPence(talkGroup, 12)).toBe(5400);
	});

	it('gives one pupil on their own the whole cost, to the nearest penny', () => {
		const precision = {
			groupSize: 1,
			sessionsPerWeek: 1,
			minutesPerSession: 10,
			hourlyCostPence: 1850
		};
		// A sixth of an hour at £18.50 is 308⅓p.
		expect(costPerPupilPence(precision, 1)).toBe(308);
		// 5 × 10 minutes for 12 weeks = 10 hours at £18.50.
		expect(costPerPupilPence({ ...precision, sessionsPerWeek: 5 }, 12)).toBe(18500);
	});

	it('costs nothing over no weeks, or at no cost an hour', () => {
		expect(costPerPupilPence(phonics, 0)).toBe(0);
		expect(costPerPupilPence({ ...phonics, hourlyCostPence: 0 }, 10)).toBe(0);
	});
});

describe('weeksOf', () => {
	const today = '2025-10-12';

	it('takes the weeks the record says it ran over its dates', () => {
		expect(weeksOf({ startDate: '2025-09-01', endDate: '2025-12-31', weeks: 8 }, today)).toBe(8);
		expect(weeksOf({ startDate: '2025-09-01', endDate: null, weeks: 0 }, today)).toBe(0);
	});

	it('counts whole weeks from the start to the end, both days included', () => {
		// 1 September to 23 November is 84 days.
		expect(weeksOf({ startDate: '2025-09-01', endDate: '2025-11-23', weeks: null }, today)).toBe(
			12
		);
		// 10 days is nearer one week than two; 11 days nearer two.
		expect(weeksOf({ startDate: '2025-09-01', endDate: '2025-09-10', weeks: null }, today)).toBe(1);
		expect(weeksOf({ startDate: '2025-09-01', endDate: '2025-09-11', weeks: null }, today)).toBe(2);
	});

	it('counts a record ongoing to today, and none before it starts', () => {
		// 1 September to 12 October is 42 days.
		expect(weeksOf({ startDate: '2025-09-01', endDate: null, weeks: null }, today)).toBe(6);
		expect(weeksOf({ startDate: '2025-11-01', endDate: null, weeks: null }, today)).toBe(0);
	});

	it('gives at least a week once started, and at most a year', () => {
		expect(weeksOf({ startDate: '2025-09-01', endDate: '2025-09-01', weeks: null }, today)).toBe(1);
		expect(weeksOf({ startDate: '2024-01-01', endDate: '2025-12-31', weeks: null }, today)).toBe(
			52
		);
	});
});

describe('effectiveness', () => {
	it('is the share of completed provision with its target met', () => {
		expect(effectiveness(['met', 'partly_met', 'not_met', 'met'])).toBe(0.5);
		expect(effectiveness(['met', 'too_early', null])).toBe(1);
		expect(effectiveness(['not_met', 'partly_met'])).toBe(0);
	});

	it('is null when nothing is completed', () => {
		expect(effectiveness([])).toBeNull();
		expect(effectiveness(['too_early', null])).toBeNull();
	});

	it('counts met, partly met and not met as completed, not too early or none', () => {
		expect(
			['met', 'partly_met', 'not_met', 'too_early', null].map((o) => isCompleted(o as never))
		).toEqual([true, true, true, false, false]);
	});
});

describe('formatPounds', () => {
	it('shows whole pounds without pence, and pence to two places', () => {
		expect(formatPounds(5400)).toBe('£54');
		expect(formatPounds(1850)).toBe('£18.50');
		expect(formatPounds(123456)).toBe('£1,234.56');
		expect(formatPounds(0)).toBe('£0');
	});
});
