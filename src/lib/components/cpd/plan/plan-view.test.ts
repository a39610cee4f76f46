import { render } from 'svelte/server';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { describe, expect, it } from 'vitest';
import CycleChooser from '$lib/components/cpd/gaps/CycleChooser.svelte';
import { planTotals, type CostedItem } from '$lib/domain/cpd';
import { DEFAULT_SCALE } from '$lib/domain/framework';
import {
	NEW_PLAN_ITEM,
	planItemSchema,
	type PlanItemForm,
	type PlanItemValues
} from '$lib/schemas/cpd-plan';
import type { OfferChoice, PlanGroup, PlanItemView } from '$lib/server/services/cpd-plans';
import { displayBudget, displayItem, ratingMoveText, staffTimeText, statusHint } from './display';
import ItemFormHarness from './ItemFormHarness.svelte';
import PlanGroups from './PlanGroups.svelte';
import PlanTotals from './PlanTotals.svelte';
import { renderForm } from './render-form';

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

	it('shows an impact review only while the activity is done, as the PDF and CSV do', () => {
		// Reviewed when done, then moved back to booked: the review is kept, not shown.
		const movedBack = item({ id: 'item-3', status: 'booked' });
		const { body } = render(PlanGroups, {
			props: {
				cycleId: 'cycle-1',
				groups: [group([movedBack])],
				scale: DEFAULT_SCALE,
				canPlan: true
			}
		});
		expect(body).not.toContain('Calmer starts to the day');
		expect(body).not.toContain('Rating went up');
		expect(body).toContain('Review kept until it is done again');
		expect(body).not.toContain('href="/cpd/plan/items/item-3/impact"');
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

const offerChoice = (id: string, title: string): OfferChoice => ({
	id,
	title,
	provider: 'EPS',
	format: 'live_online',
	summary: '',
	costPence: 3000,
	minutes: 90,
	url: null,
	active: true
});

/** The item form's fields for a new item with nothing chosen yet, the choice's error shown. */
async function itemForm(
	choices: readonly (OfferChoice & { why: string })[],
	others: readonly OfferChoice[],
	statusHint?: string
) {
	const data = await superValidate<PlanItemForm, { conflict?: PlanItemValues }>(
		NEW_PLAN_ITEM,
		zod4(planItemSchema)
	);
	return renderForm(ItemFormHarness, { data, choices, others, statusHint });
}

/** The radios of the choice, as id and value, in the order shown. */
const radios = (body: string) =>
	[...body.matchAll(/<input type="radio" id="([^"]+)" name="choice" value="([^"]+)"([^>]*)>/g)].map(
		(m) => [m[1], m[2], m[3]!.includes('disabled')]
	);

describe('the item form', () => {
	it('gives the first radio that can be chosen the field’s id, for the error summary’s link', async () => {
		// An empty catalogue: only an in-house activity can be chosen.
		const empty = await itemForm([], []);
		expect(empty).toContain('Choose an offer from the catalogue, or an in-house activity');
		expect(radios(empty)).toEqual([['choice', 'in_house', false]]);
		expect(empty).toContain('<label for="choice">An in-house activity</label>');
		expect(empty).toContain('The catalogue has no offers to choose from.');

		const suggested = [{ ...offerChoice('o-1', 'Talk for all'), why: 'Addresses this criterion' }];
		expect(radios(await itemForm(suggested, []))).toEqual([
			['choice', 'o-1', false],
			['choice-1', 'in_house', false]
		]);
		expect(radios(await itemForm(suggested, [offerChoice('o-2', 'Zones')]))).toEqual([
			['choice', 'o-1', false],
			['choice-1', 'other', false],
			['choice-2', 'in_house', false]
		]);
		expect(radios(await itemForm([], [offerChoice('o-2', 'Zones')]))).toEqual([
			['choice', 'other', false],
			['choice-1', 'in_house', false]
		]);
	});

	it('says beside the status what moving a reviewed activity back does to its review', async () => {
		const hint = statusHint(item({ status: 'done' }))!;
		expect(hint).toBe(
			'Moving it back to planned or booked keeps its impact review, but the plan and its PDF and CSV leave the review out until it is done again.'
		);
		expect(statusHint(item({ status: 'planned' }))).toBe(
			'Its impact review, recorded when it was done, is kept: the plan shows it again once it is done.'
		);
		expect(statusHint(item({ status: 'done', reviewedAt: null, impact: '' }))).toBeUndefined();
		const body = await itemForm([], [], hint);
		expect(body).toContain(`<p class="hint" id="status-hint">${hint}</p>`);
		expect(body).toContain('<select id="status" name="status" aria-describedby="status-hint">');
	});
});

describe('the cycle chooser', () => {
	const cycles = [{ id: 'c-1', name: '2026/27', status: 'in_progress' as const }];

	it('keeps the gap report’s view when given one, and sends none for the plan', () => {
		const plan = render(CycleChooser, { props: { cycles, cycleId: 'c-1' } }).body;
		expect(plan).not.toContain('name="view"');
		expect(plan).toContain('<option value="c-1" selected="">');
		const report = render(CycleChooser, { props: { cycles, cycleId: 'c-1', view: 'area' } }).body;
		expect(report).toContain('<input type="hidden" name="view" value="area"/>');
	});
});
