import { describe, expect, it } from 'vitest';
import { calibrationCounts, compareRatings } from './calibration';

describe('compareRatings', () => {
	it('says whether the self-rating is above, at or below the agreed rating', () => {
		expect(compareRatings(3, 2)).toBe('higher');
		expect(compareRatings(2, 2)).toBe('equal');
		expect(compareRatings(1, 4)).toBe('lower');
	});
});

describe('calibrationCounts', () => {
	it('counts each comparison per group, skipping pairs without both ratings', () => {
		const pair = (groupKey: string, self: number | null, agreed: number | null) => ({
			groupKey,
			groupLabel: `Section ${groupKey}`,
			self,
			agreed
		});
		expect(
			calibrationCounts([
				pair('b', 4, 2),
				pair('a', 2, 2),
				pair('b', 1, 3),
				pair('b', 3, 1),
				pair('a', null, 2),
				pair('a', 3, null)
			])
		).toEqual([
			{ key: 'b', label: 'Section b', higher: 2, equal: 0, lower: 1 },
			{ key: 'a', label: 'Section a', higher: 0, equal: 1, lower: 0 }
		]);
	});

	it('gives no groups for no pairs', () => {
		expect(calibrationCounts([])).toEqual([]);
	});
});
