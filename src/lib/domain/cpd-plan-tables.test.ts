import { describe, expect, it } from 'vitest';
import { planTotals } from './cpd';
import {
	budgetWarnings,
	impactTable,
	planItemsTable,
	planSummaryTable,
	rankText,
	type PlanTableItem
} from './cpd-plan-tables';
import { DEFAULT_SCALE } from './framework';

const item = (more: Partial<PlanTableItem>): PlanTableItem => ({
	criterion: {
		code: 'MCS-1.2',
		title: 'Families are partners',
		sectionCode: 'MCS-1',
		statutory: false
	},
	rank: 1,
	tied: false,
	kind: 'offer',
	offer: { title: 'Working with families', provider: 'SEND training team', active: true },
	title: 'Working with families',
	attendees: 'SENCO and two teachers',
	places: 3,
	plannedOn: '2027-01-14',
	costPence: 13_500,
	minutesEach: 150,
	status: 'planned',
	ratingBefore: 2,
	ratingAtReview: null,
	impact: '',
	ratingMove: 'unknown',
	...more
});

const items = [
	item({}),
	item({
		rank: 2,
		tied: true,
		kind: 'in_house',
		offer: null,
		title: 'Staff meeting on adaptive teaching',
		attendees: 'All teachers',
		places: 12,
		plannedOn: null,
		costPence: 0,
		minutesEach: 60,
		status: 'done',
		ratingAtReview: 3,
		impact: 'Every class now uses visual timetables.',
		ratingMove: 'up',
		criterion: {
			code: 'MCS-3.1',
			title: 'Adaptive teaching',
			sectionCode: 'MCS-3',
			statutory: true
		}
	}),
	item({
		rank: null,
		offer: { title: 'Old course', provider: 'STLS', active: false },
		title: 'Old course'
	})
];

describe('the plan as tables', () => {
	it('prints each activity as the page says it', () => {
		const table = planItemsTable(items, DEFAULT_SCALE);
		expect(table.rows).toEqual([
			[
				'1',
				'MCS-1.2 Families are partners',
				'Working with families',
				'SEND training team',
				'SENCO and two teachers',
				'3',
				'14 January 2027',
				'£135',
				'7 hrs 30 min',
				'Planned',
				'Emerging (2)'
			],
			[
				'2=',
				'MCS-3.1 Adaptive teaching (statutory)',
				'Staff meeting on adaptive teaching (in-house)',
				'In-house',
				'All teachers',
				'12',
				'Not set',
				'£0',
				'12 hrs',
				'Done',
				'Emerging (2)'
			],
			[
				'Not a gap now',
				'MCS-1.2 Families are partners',
				'Old course (withdrawn from the catalogue)',
				'STLS',
				'SENCO and two teachers',
				'3',
				'14 January 2027',
				'£135',
				'7 hrs 30 min',
				'Planned',
				'Emerging (2)'
			]
		]);
		expect(table.rows.every((row) => row.length === table.header.length)).toBe(true);
	});

	it('lists only reviewed, done activities under impact, with the move in words', () => {
		expect(impactTable(items, DEFAULT_SCALE).rows).toEqual([
			[
				'MCS-3.1',
				'Staff meeting on adaptive teaching',
				'Emerging (2)',
				'Established (3)',
				'Rating moved up',
				'Every class now uses visual timetables.'
			]
		]);
	});

	it('sums cost and time against the budget and warns when over', () => {
		const totals = planTotals(items, { pence: 25_000, minutes: 600 });
		expect(planSummaryTable(totals).rows).toEqual([
			['Total cost', '£270'],
			['Budget', '£250'],
			['Over budget by', '£20'],
			['Cost of activities not yet done', '£270'],
			['Staff time', '27 hrs'],
			['Staff time budget', '10 hrs'],
			['Staff time over budget by', '17 hrs'],
			['Activities planned', '2'],
			['Activities booked', '0'],
			['Activities done', '1']
		]);
		expect(budgetWarnings(totals)).toEqual([
			'This plan is £20 over its budget of £250.',
			'This plan needs 17 hrs more staff time than the 10 hrs set aside.'
		]);
	});

	it('says what is left, and warns of nothing, within the budget or with none set', () => {
		const within = planTotals(items, { pence: 30_000, minutes: null });
		expect(planSummaryTable(within).rows.slice(0, 3)).toEqual([
			['Total cost', '£270'],
			['Budget', '£300'],
			['Left in the budget', '£30']
		]);
		expect(budgetWarnings(within)).toEqual([]);
		const none = planTotals(items, { pence: null, minutes: null });
		expect(planSummaryTable(none).rows[1]).toEqual(['Budget', 'No budget set']);
		expect(budgetWarnings(none)).toEqual([]);
	});

	it('marks shared ranks', () => {
		expect([rankText({ rank: 3, tied: true }), rankText({ rank: 3, tied: false })]).toEqual([
			'3=',
			'3'
		]);
	});
});
