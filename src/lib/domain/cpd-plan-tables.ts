import {
	CPD_ITEM_STATUS_LABELS,
	formatMinutes,
	type CpdItemStatus,
	type PlanTotals,
	type RatingMove
} from './cpd';
import { formatDate } from './dates';
import type { ScaleLevel } from './framework';
import { levelName } from './gaps';
import { formatPounds } from './provision';
import type { TextTable } from './text-table';

// A CPD plan as tables of text: the CSV writes them cell for cell and the PDF prints them,
// so the file a head takes to governors says what the plan page says.

/** What the tables need of a plan item (the plan service's item view has all of it). */
export interface PlanTableItem {
	criterion: { code: string; title: string; sectionCode: string; statutory: boolean };
	rank: number | null;
	tied: boolean;
	kind: 'offer' | 'in_house';
	offer: { title: string; provider: string; active: boolean } | null;
	title: string;
	attendees: string;
	places: number;
	plannedOn: string | null;
	costPence: number;
	minutesEach: number;
	status: CpdItemStatus;
	ratingBefore: number | null;
	ratingAtReview: number | null;
	impact: string;
	ratingMove: RatingMove;
}

/** "2", "2=" for a shared rank, "Not a gap now" when the criterion no longer is one. */
export const rankText = (item: Pick<PlanTableItem, 'rank' | 'tied'>) =>
	item.rank === null ? 'Not a gap now' : `${item.rank}${item.tied ? '=' : ''}`;

export const MOVE_WORDS: Record<RatingMove, string> = {
	up: 'Rating moved up',
	same: 'Rating unchanged',
	down: 'Rating moved down',
	unknown: 'Not known'
};

const rating = (scale: readonly ScaleLevel[], value: number | null) =>
	value === null ? 'Not rated' : levelName(scale, value);

/** The plan's budget warnings in words, empty when it keeps within them. */
export function budgetWarnings(totals: PlanTotals): string[] {
	const warnings: string[] = [];
	if (totals.overBudget && totals.budgetPence !== null)
		warnings.push(
			`This plan is ${formatPounds(totals.costPence - totals.budgetPence)} over its budget of ${formatPounds(totals.budgetPence)}.`
		);
	if (totals.overTime && totals.budgetMinutes !== null)
		warnings.push(
			`This plan needs ${formatMinutes(totals.staffMinutes - totals.budgetMinutes)} more staff time than the ${formatMinutes(totals.budgetMinutes)} set aside.`
		);
	return warnings;
}

/** The plan's money and time against its budgets, as label and value rows. */
export function planSummaryTable(totals: PlanTotals): TextTable {
	const rows: string[][] = [
		['Total cost', formatPounds(totals.costPence)],
		['Budget', totals.budgetPence === null ? 'No budget set' : formatPounds(totals.budgetPence)]
	];
	if (totals.remainingPence !== null)
		rows.push(
			totals.remainingPence < 0
				? ['Over budget by', formatPounds(-totals.remainingPence)]
				: ['Left in the budget', formatPounds(totals.remainingPence)]
		);
	rows.push(
		['Cost of activities not yet done', formatPounds(totals.committedPence)],
		['Staff time', formatMinutes(totals.staffMinutes)],
		[
			'Staff time budget',
			totals.budgetMinutes === null ? 'No budget set' : formatMinutes(totals.budgetMinutes)
		]
	);
	if (totals.overTime && totals.budgetMinutes !== null)
		rows.push([
			'Staff time over budget by',
			formatMinutes(totals.staffMinutes - totals.budgetMinutes)
		]);
	rows.push(
		...(Object.keys(CPD_ITEM_STATUS_LABELS) as CpdItemStatus[]).map((s) => [
			`Activities ${CPD_ITEM_STATUS_LABELS[s].toLowerCase()}`,
			String(totals.byStatus[s])
		])
	);
	return { title: 'Cost and staff time', header: ['Measure', 'Value'], rows };
}

/** Every activity of the plan in the plan's order, one row each. */
export function planItemsTable(
	items: readonly PlanTableItem[],
	scale: readonly ScaleLevel[]
): TextTable {
	return {
		title: 'Activities',
		header: [
			'Gap rank',
			'Criterion',
			'Activity',
			'Provider',
			'Who attends',
			'Places',
			'When',
			'Cost',
			'Staff time',
			'Status',
			'Rating when planned'
		],
		rows: items.map((item) => [
			rankText(item),
			`${item.criterion.code} ${item.criterion.title}${item.criterion.statutory ? ' (statutory)' : ''}`,
			item.offer
				? `${item.title}${item.offer.active ? '' : ' (withdrawn from the catalogue)'}`
				: `${item.title} (in-house)`,
			item.offer?.provider ?? 'In-house',
			item.attendees,
			String(item.places),
			item.plannedOn ? formatDate(item.plannedOn) : 'Not set',
			formatPounds(item.costPence),
			formatMinutes(item.minutesEach * item.places),
			CPD_ITEM_STATUS_LABELS[item.status],
			rating(scale, item.ratingBefore)
		])
	};
}

/** The done activities whose impact has been reviewed: what changed, in words and ratings. */
export function impactTable(
	items: readonly PlanTableItem[],
	scale: readonly ScaleLevel[]
): TextTable {
	return {
		title: 'Impact of completed activities',
		header: ['Criterion', 'Activity', 'Rating when planned', 'Rating at review', 'Move', 'Impact'],
		rows: items
			.filter((item) => item.status === 'done' && item.impact !== '')
			.map((item) => [
				item.criterion.code,
				item.title,
				rating(scale, item.ratingBefore),
				rating(scale, item.ratingAtReview),
				MOVE_WORDS[item.ratingMove],
				item.impact
			])
	};
}
