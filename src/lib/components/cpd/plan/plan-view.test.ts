import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { planTotals, type CostedItem } from '$lib/domain/cpd';
import { DEFAULT_SCALE } from '$lib/domain/framework';
import type { PlanGroup, PlanItemView } from '$lib/server/services/cpd-plans';
import { displayBudget, displayItem, ratingMoveText, staffTimeText } from './display';
import PlanGroups from './PlanGroups.svelte';
import PlanTotals from './PlanTotals.svelte';

const items: CostedItem[] = [
	{ costPence: 13_650, minutesEach: 180, places: 3, status: 'planned' },
	{ costPence: 20_000, minutesEach: 90, places: 2, status: 'booked' },
	{ costPence: 0, minutesEach: 90, places: 4, status: 'done' }
];

/** The panel's markup with its white space collapsed, as a reader meets the words. */
const totalsHtml = (pence: number | null, minutes: number | null) =>
	render(PlanTotals, {
		props: { totals: planTotals(items, { pence, minutes }) }
	}).body.replace(/\s+/g, ' ');

describe('the totals panel', () => {
	it('warns in words, in a live region, when the plan is over its budget and staff time', () => {
		const body = totalsHtml(30_000, 1050);
		expect(body).toContain('role="alert"');
		expect(body).toContain('<p>This plan is £36.50 over its budget of £300.</p>');
		expect(body).toContain(
			'<p>This plan needs 30 min more staff time than the 17 hrs 30 min set aside.</p>'
		);
		expect(body).toContain('£336.50');
		expect(body).toContain('18 hrs');
		expect(body).toContain('1 planned, 1 booked, 1 done');
	});

	it('says what is left, and gives no warning, within the budget', () => {
		const body = totalsHtml(40_000, 1200);
		expect(body).not.toContain('Over budget');
		expect(body).not.toContain('more staff time than');
		expect(body).toContain('of a £400 budget: £63.50 left');
		expect(body).toContain('of 20 hrs set aside: 2 hrs left');
		// Spent on what is done (nothing: the done activity was free) and still to spend.
		expect(body).toContain('<dt>Spent</dt> <dd>£0 ');
		expect(body).toContain('<dt>Still to spend</dt> <dd>£336.50 ');
	});

	it('says when no budget is set', () => {
		const body = totalsHtml(null, null);
		expect(body).toContain('No budget set');
		expect(body).toContain('No staff time set aside');
	});
});

const item = (fields: Partial<PlanItemView>): PlanItemView => ({
	id: 'item-1',
	version: 1,
	criterion: {
		id: 'c-1',
		code: 'MCS-2.6',
		title: 'Emotional well-being',
		sectionCode: 'MCS-2',
		sectionTitle: 'Pastoral',
		statutory: false
	},
	rank: 7,
	tied: true,
	score: 1.25,
	kind: 'in_house',
	offer: null,
	activity: 'Staff meeting',
	title: 'Staff meeting',
	attendees: 'All teachers',
	places: 4,
	plannedOn: '2027-01-15',
	costPence: 0,
	minutesEach: 90,
	status: 'done',
	ratingBefore: 2,
	ratingAtReview: 3,
	impact: 'Calmer starts to the day',
	reviewedAt: new Date('2027-03-01T10:00:00Z'),
	ratingMove: 'up',
	...fields
});

describe('the activities by gap', () => {
	const group = (items: PlanItemView[]): PlanGroup => ({
		criterion: items[0]!.criterion,
		rank: items[0]!.rank,
		tied: items[0]!.tied,
		score: items[0]!.score,
		items
	});

	it('shows each gap with its rank, its activities and the links to work on them', () => {
		const withdrawn = item({
			id: 'item-2',
			kind: 'offer',
			activity: null,
			title: 'Old course',
			offer: {
				id: 'o',
				title: 'Old course',
				provider: 'EPS',
				format: 'live_online',
				active: false
			},
			status: 'booked',
			reviewedAt: null,
			impact: '',
			ratingAtReview: null,
			ratingMove: 'unknown'
		});
		const { body } = render(PlanGroups, {
			props: {
				cycleId: 'cycle-1',
				groups: [group([item({}), withdrawn])],
				scale: DEFAULT_SCALE,
				canPlan: true
			}
		});
		expect(body).toContain('Gap ranked 7= (shared with another gap).');
		expect(body).toContain('<caption>2 activities for MCS-2.6</caption>');
		expect(body).toContain('15 January 2027');
		expect(body).toContain('1 hr 30 min each, 6 hrs in all');
		expect(body).toContain('Rating went up, from Emerging (2) to Established (3)');
		expect(body).toContain('No longer offered');
		expect(body).toContain('href="/cpd/plan/items/item-1/impact"');
		// Only a done activity has its impact recorded.
		expect(body).not.toContain('href="/cpd/plan/items/item-2/impact"');
		expect(body).toContain('href="/cpd/plan/items/item-2/delete"');
		expect(body).toContain('href="/cpd/plan/items/new?cycle=cycle-1&amp;criterion=c-1"');
	});

	it('gives read-only members no links to change the plan', () => {
		const { body } = render(PlanGroups, {
			props: {
				cycleId: 'cycle-1',
				groups: [group([item({ rank: null, tied: false, score: null })])],
				scale: DEFAULT_SCALE,
				canPlan: false
			}
		});
		expect(body).toContain('No longer a gap in this cycle’s self-evaluation.');
		expect(body).not.toContain('/cpd/plan/items/');
		expect(body).not.toContain('Actions');
	});
});

describe('words for the plan', () => {
	it('says how the rating moved, or why it cannot', () => {
		const say = (ratingBefore: number | null, ratingAtReview: number | null) =>
			ratingMoveText(
				item({
					ratingBefore,
					ratingAtReview,
					ratingMove:
						ratingBefore === null || ratingAtReview === null
							? 'unknown'
							: ratingAtReview > ratingBefore
								? 'up'
								: ratingAtReview < ratingBefore
									? 'down'
									: 'same'
				}),
				DEFAULT_SCALE
			);
		expect(say(3, 2)).toBe('Rating went down, from Established (3) to Emerging (2)');
		expect(say(3, 3)).toBe('Rating stayed at Established (3)');
		expect(say(null, 3)).toBe(
			'No rating when it was planned, so no move to show (Established (3) at review)'
		);
		expect(say(2, null)).toBe(
			'Not rated at review, so no move to show (Emerging (2) when planned)'
		);
	});

	it('gives staff time for one place without a total', () => {
		expect(staffTimeText({ minutesEach: 45, places: 1 })).toBe('45 min');
	});

	it('compares form values as amounts, not as typed', () => {
		expect(displayBudget({ budget: '1,250', hours: '' })).toEqual({
			budget: '£1,250',
			hours: 'None set aside'
		});
		const values = {
			choice: 'other',
			otherOfferId: 'o-2',
			activity: '',
			attendees: 'TAs',
			places: '',
			plannedOn: '',
			cost: '',
			staffTime: '1.5',
			status: 'booked'
		};
		expect(displayItem(values, [{ id: 'o-2', title: 'Talk for all' }])).toEqual({
			choice: 'Another offer',
			otherOfferId: 'Talk for all',
			activity: '',
			attendees: 'TAs',
			places: '1',
			plannedOn: 'No date yet',
			cost: "The offer's cost",
			staffTime: '1 hr 30 min',
			status: 'Booked'
		});
	});
});
