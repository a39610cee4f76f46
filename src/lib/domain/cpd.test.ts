import { describe, expect, it } from 'vitest';
import {
	formatMinutes,
	matchOffers,
	planTotals,
	ratingMove,
	type CostedItem,
	type MatchableOffer
} from './cpd';

const MCS = 'framework-mcs';
const CATIE = 'framework-catie';

const offer = (
	title: string,
	fields: Partial<Omit<MatchableOffer, 'title'>> = {}
): MatchableOffer => ({
	id: title.toLowerCase().replaceAll(' ', '-'),
	title,
	costPence: 10_000,
	active: true,
	criteria: [],
	areasOfNeed: [],
	...fields
});

// A gap in the MCS about SEMH and communication and interaction.
const gap = {
	frameworkId: MCS,
	code: 'MCS-2.6',
	areasOfNeed: ['semh', 'communication_interaction'] as const
};

const titles = (offers: readonly MatchableOffer[]) =>
	matchOffers(gap, offers).map((m) => m.offer.title);

describe('matchOffers', () => {
	it('puts offers for the criterion first, then those sharing more areas of need', () => {
		const matches = matchOffers(gap, [
			offer('One area', { areasOfNeed: ['semh'], costPence: 100 }),
			offer('Two areas', {
				areasOfNeed: ['semh', 'communication_interaction', 'sensory_physical']
			}),
			offer('For the criterion', {
				criteria: [{ frameworkId: MCS, code: 'MCS-2.6' }],
				costPence: 90_000
			})
		]);
		expect(matches.map((m) => [m.offer.title, m.criterion, m.areas])).toEqual([
			['For the criterion', true, []],
			// The shared areas in the gap's order, only those the gap has.
			['Two areas', false, ['semh', 'communication_interaction']],
			['One area', false, ['semh']]
		]);
	});

	it('ranks an offer for the criterion that also shares areas above one that does not', () => {
		expect(
			titles([
				offer('Criterion only', { criteria: [{ frameworkId: MCS, code: 'MCS-2.6' }] }),
				offer('Criterion and area', {
					criteria: [{ frameworkId: MCS, code: 'MCS-2.6' }],
					areasOfNeed: ['semh']
				})
			])
		).toEqual(['Criterion and area', 'Criterion only']);
	});

	it('matches criterion codes whatever their case, within the same framework only', () => {
		// All about an area the gap is not, so that only the criterion can match them.
		const reading = { areasOfNeed: ['cognition_learning'] as const };
		const matches = matchOffers(gap, [
			offer('Lower case', { ...reading, criteria: [{ frameworkId: MCS, code: 'mcs-2.6' }] }),
			offer('Same code, other framework', {
				...reading,
				criteria: [{ frameworkId: CATIE, code: 'MCS-2.6' }]
			}),
			offer('Other criterion', { ...reading, criteria: [{ frameworkId: MCS, code: 'MCS-2.5' }] })
		]);
		expect(matches.map((m) => [m.offer.title, m.criterion])).toEqual([['Lower case', true]]);
	});

	it('breaks ties cheapest first, then by title', () => {
		expect(
			titles([
				offer('Zones of regulation', { areasOfNeed: ['semh'], costPence: 5000 }),
				offer('Dearer', { areasOfNeed: ['semh'], costPence: 5001 }),
				offer('Attention autism', { areasOfNeed: ['communication_interaction'], costPence: 5000 }),
				offer('Free', { areasOfNeed: ['semh'], costPence: 0 })
			])
		).toEqual(['Free', 'Attention autism', 'Zones of regulation', 'Dearer']);
	});

	it('leaves out withdrawn offers and offers only for other areas of need', () => {
		expect(
			titles([
				offer('Withdrawn', {
					active: false,
					criteria: [{ frameworkId: MCS, code: 'MCS-2.6' }],
					areasOfNeed: ['semh']
				}),
				offer('Withdrawn, about SEND in general', { active: false }),
				offer('Unrelated', { areasOfNeed: ['cognition_learning', 'sensory_physical'] })
			])
		).toEqual([]);
	});

	it('suggests offers about SEND in general for any gap, after those for the criterion or its areas', () => {
		const matches = matchOffers(gap, [
			offer('General, free', { costPence: 0 }),
			offer('General, dearer', { costPence: 2500 }),
			offer('Another general, dearer', { costPence: 2500 }),
			offer('One area, dearest', { areasOfNeed: ['semh'], costPence: 90_000 }),
			offer('For the criterion', {
				criteria: [{ frameworkId: MCS, code: 'MCS-2.6' }],
				costPence: 50_000
			})
		]);
		expect(matches.map((m) => [m.offer.title, m.criterion, m.areas])).toEqual([
			['For the criterion', true, []],
			['One area, dearest', false, ['semh']],
			// Then cheapest first, then by title.
			['General, free', false, []],
			['Another general, dearer', false, []],
			['General, dearer', false, []]
		]);
	});

	it('suggests only offers about SEND in general, by area, for a whole-setting criterion', () => {
		const whole = { frameworkId: MCS, code: 'MCS-1.1', areasOfNeed: [] };
		expect(
			matchOffers(whole, [offer('For SEMH', { areasOfNeed: ['semh'] }), offer('General')]).map(
				(m) => [m.offer.title, m.criterion, m.areas]
			)
		).toEqual([['General', false, []]]);
	});
});

const item = (fields: Partial<CostedItem>): CostedItem => ({
	costPence: 0,
	minutesEach: 0,
	places: 1,
	status: 'planned',
	...fields
});

// Two offers and an in-house activity, worked out by hand.
const items = [
	item({ costPence: 13_650, minutesEach: 180, places: 3 }), // 3 × £45.50, 9 hours
	item({ costPence: 20_000, minutesEach: 90, places: 2, status: 'booked' }), // 3 hours
	item({ costPence: 0, minutesEach: 90, places: 4, status: 'done' }) // 6 hours
];

describe('planTotals', () => {
	it('adds cost and staff time, and counts by status, with no budget set', () => {
		expect(planTotals(items, { pence: null, minutes: null })).toEqual({
			costPence: 33_650,
			staffMinutes: 1080,
			committedPence: 33_650,
			byStatus: { planned: 1, booked: 1, done: 1 },
			budgetPence: null,
			overBudget: false,
			remainingPence: null,
			budgetMinutes: null,
			overTime: false
		});
	});

	it('is not over a budget it meets exactly', () => {
		expect(planTotals(items, { pence: 33_650, minutes: 1080 })).toMatchObject({
			overBudget: false,
			remainingPence: 0,
			overTime: false
		});
	});

	it('is over by a penny and a minute', () => {
		expect(planTotals(items, { pence: 33_649, minutes: 1079 })).toMatchObject({
			overBudget: true,
			remainingPence: -1,
			overTime: true
		});
	});

	it('counts only what is not done as still to spend', () => {
		const spent = [item({ costPence: 5000, status: 'done' }), item({ costPence: 2500 })];
		expect(planTotals(spent, { pence: 10_000, minutes: null })).toMatchObject({
			costPence: 7500,
			committedPence: 2500,
			remainingPence: 2500,
			byStatus: { planned: 1, booked: 0, done: 1 }
		});
	});

	it('is all zeros for an empty plan, within a zero budget', () => {
		expect(planTotals([], { pence: 0, minutes: 0 })).toMatchObject({
			costPence: 0,
			staffMinutes: 0,
			committedPence: 0,
			overBudget: false,
			remainingPence: 0,
			overTime: false
		});
	});
});

describe('formatMinutes', () => {
	it('says hours and minutes as people do', () => {
		expect(formatMinutes(0)).toBe('0 min');
		expect(formatMinutes(45)).toBe('45 min');
		expect(formatMinutes(60)).toBe('1 hr');
		expect(formatMinutes(90)).toBe('1 hr 30 min');
		expect(formatMinutes(180)).toBe('3 hrs');
		expect(formatMinutes(1085)).toBe('18 hrs 5 min');
	});
});

describe('ratingMove', () => {
	it('compares the rating at review with the rating before', () => {
		expect(ratingMove(1, 2)).toBe('up');
		expect(ratingMove(3, 3)).toBe('same');
		expect(ratingMove(3, 2)).toBe('down');
	});

	it('cannot say without both ratings', () => {
		expect(ratingMove(null, 2)).toBe('unknown');
		expect(ratingMove(2, null)).toBe('unknown');
		expect(ratingMove(null, null)).toBe('unknown');
	});
});
