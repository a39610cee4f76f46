import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE } from './framework';
import { sectionStatus, summariseSection, type RatedCriterion } from './rollup';

const c = (
	code: string,
	rating: number | null,
	extra: Partial<RatedCriterion> = {}
): RatedCriterion => ({
	code,
	rating,
	statutory: false,
	hasNarrative: rating !== null,
	touched: rating !== null,
	...extra
});

describe('summariseSection', () => {
	it('gives nothing until a criterion is rated', () => {
		const s = summariseSection([c('A', null), c('B', null)], DEFAULT_SCALE);
		expect(s).toMatchObject({ level: null, rated: 0, total: 2, counts: [0, 0, 0, 0] });
	});

	it('takes the middle rating, the lower of two middles', () => {
		expect(summariseSection([c('A', 2), c('B', 4), c('C', 3)], DEFAULT_SCALE).level).toBe(3);
		expect(
			summariseSection([c('A', 2), c('B', 4), c('C', 3), c('D', 4)], DEFAULT_SCALE).level
		).toBe(3);
		expect(summariseSection([c('A', 1), c('B', 4)], DEFAULT_SCALE).level).toBe(1);
	});

	it('counts criteria at each level and says how many are rated', () => {
		const s = summariseSection([c('A', 2), c('B', 2), c('C', 4), c('D', null)], DEFAULT_SCALE);
		expect(s.counts).toEqual([0, 2, 0, 1]);
		expect(s).toMatchObject({ rated: 3, total: 4, level: 2 });
		expect(s.reason).toBe('The middle rating of the 3 rated so far is Emerging.');
	});

	it('holds the section at the lowest level when a statutory criterion is rated there', () => {
		const s = summariseSection(
			[c('MCS-1.1', 4), c('MCS-1.2', 1, { statutory: true }), c('MCS-1.3', 4)],
			DEFAULT_SCALE
		);
		expect(s.level).toBe(1);
		expect(s.cappedBy).toEqual(['MCS-1.2']);
		expect(s.reason).toBe(
			'Held at Not yet in place because statutory criterion MCS-1.2 is rated Not yet in place; the ratings alone would give Embedded.'
		);
	});

	it('names every statutory criterion that holds it', () => {
		const s = summariseSection(
			[
				c('X-1', 1, { statutory: true }),
				c('X-2', 1, { statutory: true }),
				c('X-3', 3),
				c('X-4', 3),
				c('X-5', 3)
			],
			DEFAULT_SCALE
		);
		expect(s.cappedBy).toEqual(['X-1', 'X-2']);
		expect(s.reason).toContain('statutory criteria X-1, X-2 are rated');
	});

	it('does not cap for a statutory criterion above the lowest level, or a non-statutory one at it', () => {
		const s = summariseSection(
			[c('A', 2, { statutory: true }), c('B', 1), c('C', 4), c('D', 4), c('E', 4)],
			DEFAULT_SCALE
		);
		expect(s).toMatchObject({ level: 4, cappedBy: [] });
	});

	it('works on a scale of another length', () => {
		const scale = [
			{ value: 1, label: 'No', colour: '#000000' },
			{ value: 2, label: 'Partly', colour: '#000000' },
			{ value: 3, label: 'Yes', colour: '#000000' }
		];
		const s = summariseSection([c('A', 3), c('B', 3), c('C', 1, { statutory: true })], scale);
		expect(s).toMatchObject({ level: 1, counts: [1, 0, 2] });
		expect(s.reason).toContain('Held at No');
	});
});

describe('sectionStatus', () => {
	it('is not started until something is recorded', () => {
		expect(sectionStatus([c('A', null), c('B', null)])).toBe('not_started');
	});
	it('is in progress once anything is recorded, even only next steps', () => {
		expect(sectionStatus([c('A', null, { touched: true }), c('B', null)])).toBe('in_progress');
	});
	it('needs a rating and a narrative on every criterion to be complete', () => {
		expect(sectionStatus([c('A', 3), c('B', 2, { hasNarrative: false })])).toBe('in_progress');
		expect(sectionStatus([c('A', 3), c('B', 2)])).toBe('complete');
	});
});
