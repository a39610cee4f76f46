import type { Option } from '$lib/components/ui/options';
import {
	CPD_ITEM_STATUS_LABELS,
	CPD_ITEM_STATUSES,
	formatMinutes,
	type CpdItemStatus
} from '$lib/domain/cpd';
import { formatDate } from '$lib/domain/dates';
import type { ScaleLevel } from '$lib/domain/framework';
import { levelName } from '$lib/domain/gaps';
import { formatPounds } from '$lib/domain/provision';
import { parsePounds } from '$lib/domain/provision-cost';
import {
	IN_HOUSE,
	OTHER_OFFER,
	parseHours,
	type BudgetInput,
	type PlanItemValues
} from '$lib/schemas/cpd-plan';
import type { PlanItemView } from '$lib/server/services/cpd-plans';

export const STATUS_OPTIONS: Option[] = CPD_ITEM_STATUSES.map((s) => ({
	value: s,
	label: CPD_ITEM_STATUS_LABELS[s]
}));

/** A status as a tag: done is green, the rest plain. */
export const statusTag = (status: CpdItemStatus) =>
	status === 'done' ? 'tag tag--green' : status === 'booked' ? 'tag' : 'tag tag--grey';

/** What one place on an offer costs: "£30 a place", or "free". */
export const placeCost = (pence: number) => (pence ? `${formatPounds(pence)} a place` : 'free');

export const itemHref = (id: string) => `/cpd/plan/items/${id}`;

/** The plan's downloads for a cycle. */
export const exportHref = (cycleId: string, kind: 'pdf' | 'csv') =>
	`/cpd/plan/export.${kind}?${new URLSearchParams({ cycle: cycleId })}`;

/** A rating by the scale's name, or why there is none. */
export const ratingText = (scale: readonly ScaleLevel[], rating: number | null) =>
	rating === null ? 'Not rated' : levelName(scale, rating);

/** Whether the self-rating moved between planning an item and reviewing its impact, in words. */
export function ratingMoveText(
	item: Pick<PlanItemView, 'ratingBefore' | 'ratingAtReview' | 'ratingMove'>,
	scale: readonly ScaleLevel[]
): string {
	const before = ratingText(scale, item.ratingBefore);
	const after = ratingText(scale, item.ratingAtReview);
	switch (item.ratingMove) {
		case 'up':
			return `Rating went up, from ${before} to ${after}`;
		case 'down':
			return `Rating went down, from ${before} to ${after}`;
		case 'same':
			return `Rating stayed at ${before}`;
		default:
			return item.ratingBefore === null
				? `No rating when it was planned, so no move to show (${after} at review)`
				: `Not rated at review, so no move to show (${before} when planned)`;
	}
}

/**
 * What the status does to an item's impact review, for the change form: a review is shown
 * (on the plan and in its PDF and CSV) only while the item is done, and kept meanwhile.
 */
export function statusHint(item: Pick<PlanItemView, 'status' | 'reviewedAt'>): string | undefined {
	if (!item.reviewedAt) return undefined;
	return item.status === 'done'
		? 'Moving it back to planned or booked keeps its impact review, but the plan and its PDF and CSV leave the review out until it is done again.'
		: 'Its impact review, recorded when it was done, is kept: the plan shows it again once it is done.';
}

/** Staff time in all: each person's time times the places. */
export const staffTimeText = (item: Pick<PlanItemView, 'minutesEach' | 'places'>) =>
	item.places === 1
		? formatMinutes(item.minutesEach)
		: `${formatMinutes(item.minutesEach)} each, ${formatMinutes(item.minutesEach * item.places)} in all`;

/** An item's form values in words, field by field, for the conflict notice. */
export function displayItem(
	values: PlanItemValues,
	offers: readonly { id: string; title: string }[]
): Record<keyof PlanItemValues, string> {
	const titleOf = (id: string) => offers.find((o) => o.id === id)?.title ?? '';
	const pence = parsePounds(values.cost);
	const minutes = parseHours(values.staffTime);
	return {
		choice:
			values.choice === IN_HOUSE
				? 'An in-house activity'
				: values.choice === OTHER_OFFER
					? 'Another offer'
					: titleOf(values.choice),
		otherOfferId: values.choice === OTHER_OFFER ? titleOf(values.otherOfferId) : '',
		activity: values.activity,
		attendees: values.attendees,
		places: values.places || '1',
		plannedOn: values.plannedOn ? formatDate(values.plannedOn) : 'No date yet',
		// Compared as amounts, so that 90 and 90.00 do not show as a difference.
		cost: pence === null ? "The offer's cost" : formatPounds(pence),
		staffTime: minutes === null ? "The offer's length" : formatMinutes(minutes),
		status: CPD_ITEM_STATUS_LABELS[values.status as CpdItemStatus] ?? values.status
	};
}

/** The budget form's values in words, for the conflict notice. */
export function displayBudget(values: BudgetInput): Record<keyof BudgetInput, string> {
	const pence = parsePounds(values.budget);
	const minutes = parseHours(values.hours);
	return {
		budget: pence === null ? 'No budget' : formatPounds(pence),
		hours: minutes === null ? 'None set aside' : formatMinutes(minutes)
	};
}
