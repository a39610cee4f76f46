import type { AreaOfNeed } from './framework';

/** How a CPD offer is delivered. */
export const CPD_FORMATS = [
	'face_to_face',
	'live_online',
	'self_paced',
	'in_setting',
	'blended'
] as const;
export type CpdFormat = (typeof CPD_FORMATS)[number];
export const CPD_FORMAT_LABELS: Record<CpdFormat, string> = {
	face_to_face: 'Face to face',
	live_online: 'Live online',
	self_paced: 'Self-paced online',
	in_setting: 'In your setting',
	blended: 'Blended'
};

/** Who an offer is for. */
export const CPD_AUDIENCES = [
	'senco',
	'leader',
	'teacher',
	'teaching_assistant',
	'early_years_practitioner',
	'governor',
	'whole_staff'
] as const;
export type CpdAudience = (typeof CPD_AUDIENCES)[number];
export const CPD_AUDIENCE_LABELS: Record<CpdAudience, string> = {
	senco: 'SENCOs',
	leader: 'Senior leaders',
	teacher: 'Teachers',
	teaching_assistant: 'Teaching assistants',
	early_years_practitioner: 'Early years practitioners',
	governor: 'Governors',
	whole_staff: 'Whole staff'
};

/** Where one item of a CPD plan stands. */
export const CPD_ITEM_STATUSES = ['planned', 'booked', 'done'] as const;
export type CpdItemStatus = (typeof CPD_ITEM_STATUSES)[number];
export const CPD_ITEM_STATUS_LABELS: Record<CpdItemStatus, string> = {
	planned: 'Planned',
	booked: 'Booked',
	done: 'Done'
};

/** A criterion as offers are mapped to it: by framework and code, so across versions. */
export interface CriterionRef {
	frameworkId: string;
	code: string;
}

export interface MatchableOffer {
	id: string;
	title: string;
	costPence: number;
	active: boolean;
	criteria: readonly CriterionRef[];
	areasOfNeed: readonly AreaOfNeed[];
}

export interface OfferMatch<O> {
	offer: O;
	/** The offer names this criterion. */
	criterion: boolean;
	/**
	 * Areas of need the offer shares with the criterion. None for an offer that only names the
	 * criterion, or one about SEND in general (it names no area of need), which fits any gap.
	 */
	areas: AreaOfNeed[];
}

/** A criterion's key across the versions of its framework: codes match whatever their case. */
export const criterionKey = (frameworkId: string, code: string) =>
	`${frameworkId}|${code.toLowerCase()}`;

const sameCriterion = (a: CriterionRef, b: CriterionRef) =>
	criterionKey(a.frameworkId, a.code) === criterionKey(b.frameworkId, b.code);

/**
 * Active offers suggested for a gap: those mapped to its criterion first, then those sharing
 * more of its areas of need, then those about SEND in general (no area of need: the
 * catalogue's "All areas of need"), which fit any gap; equal matches cheapest first, then by
 * title.
 */
export function matchOffers<O extends MatchableOffer>(
	gap: CriterionRef & { areasOfNeed: readonly AreaOfNeed[] },
	offers: readonly O[]
): OfferMatch<O>[] {
	return offers
		.filter((o) => o.active)
		.map((offer) => ({
			offer,
			criterion: offer.criteria.some((c) => sameCriterion(c, gap)),
			areas: gap.areasOfNeed.filter((a) => offer.areasOfNeed.includes(a))
		}))
		.filter((m) => m.criterion || m.areas.length > 0 || m.offer.areasOfNeed.length === 0)
		.sort(
			(a, b) =>
				Number(b.criterion) - Number(a.criterion) ||
				b.areas.length - a.areas.length ||
				a.offer.costPence - b.offer.costPence ||
				a.offer.title.localeCompare(b.offer.title)
		);
}

/** What a plan item adds to the totals. */
export interface CostedItem {
	costPence: number;
	/** Staff time per person attending. */
	minutesEach: number;
	places: number;
	status: CpdItemStatus;
}

export interface PlanTotals {
	costPence: number;
	/** Staff time in all: each item's minutes times its places. */
	staffMinutes: number;
	/** Cost of the items not yet done (planned or booked). */
	committedPence: number;
	byStatus: Record<CpdItemStatus, number>;
	/** Null when no budget is set. */
	budgetPence: number | null;
	overBudget: boolean;
	/** Budget less cost; negative when over. Null when no budget is set. */
	remainingPence: number | null;
	budgetMinutes: number | null;
	overTime: boolean;
}

/** A plan's cost and staff time in all, against the budgets the head set (if any). */
export function planTotals(
	items: readonly CostedItem[],
	budget: { pence: number | null; minutes: number | null }
): PlanTotals {
	const costPence = items.reduce((sum, i) => sum + i.costPence, 0);
	const staffMinutes = items.reduce((sum, i) => sum + i.minutesEach * i.places, 0);
	const byStatus = { planned: 0, booked: 0, done: 0 };
	for (const item of items) byStatus[item.status] += 1;
	return {
		costPence,
		staffMinutes,
		committedPence: items
			.filter((i) => i.status !== 'done')
			.reduce((sum, i) => sum + i.costPence, 0),
		byStatus,
		budgetPence: budget.pence,
		overBudget: budget.pence !== null && costPence > budget.pence,
		remainingPence: budget.pence === null ? null : budget.pence - costPence,
		budgetMinutes: budget.minutes,
		overTime: budget.minutes !== null && staffMinutes > budget.minutes
	};
}

/** "1 hr 30 min", "45 min", "3 hrs": staff time for people, not spreadsheets. */
export function formatMinutes(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	const hours = h ? `${h} hr${h === 1 ? '' : 's'}` : '';
	if (!m) return hours || '0 min';
	return hours ? `${hours} ${m} min` : `${m} min`;
}

/** An impact review's answer to "did the rating move?". */
export type RatingMove = 'up' | 'same' | 'down' | 'unknown';

export function ratingMove(before: number | null, after: number | null): RatingMove {
	if (before === null || after === null) return 'unknown';
	return after > before ? 'up' : after < before ? 'down' : 'same';
}
