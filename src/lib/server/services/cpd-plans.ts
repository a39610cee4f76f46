import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { ScaleLevel } from '../../domain/framework';
import {
	matchOffers,
	planTotals,
	ratingMove,
	type CpdFormat,
	type CpdItemStatus,
	type RatingMove
} from '../../domain/cpd';
import { levelName, rankGaps } from '../../domain/gaps';
import { isRecordId } from '../../domain/ids';
import { poundsInput } from '../../domain/provision-cost';
import {
	hoursInput,
	IN_HOUSE,
	type BudgetInput,
	type PlanItemValues
} from '../../schemas/cpd-plan';
import type { Scope } from '../auth/guards';
import {
	cpdOffer,
	cpdPlan,
	cpdPlanItem,
	evaluationCycle,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	judgement,
	selfEvaluation
} from '../db/schema';
import { rowOf } from '../db/joins';
import { inTenant, type Tx } from '../db/tenant';
import { mayPlan } from './cpd-access';
import { catalogueOffers, type CatalogueOffer } from './cpd-catalogue';
import { gapInputs } from './gap-criteria';
import { evaluatedCycles } from './gap-report';
import { FORBIDDEN } from './review-results';

// A setting's CPD plan for a cycle: activities chosen for the gaps of that cycle's
// self-evaluation, their cost and staff time against the head's budgets, and once done,
// what they changed. The plan itself is made on its first activity or budget. This module
// reads the plan for its pages and exports; cpd-plan-changes.ts changes it.

/** One activity of the plan, as the plan page, its exports and the item pages show it. */
export interface PlanItemView {
	id: string;
	version: number;
	criterion: {
		id: string;
		code: string;
		title: string;
		sectionCode: string;
		sectionTitle: string;
		statutory: boolean;
	};
	/** The gap's rank in the cycle's gap report; null when the criterion is no longer a gap. */
	rank: number | null;
	/** Whether another gap shares the rank. */
	tied: boolean;
	score: number | null;
	kind: 'offer' | 'in_house';
	/** The catalogue offer, as it is now (it may have been withdrawn since it was chosen). */
	offer: {
		id: string;
		title: string;
		provider: string;
		format: CpdFormat;
		active: boolean;
	} | null;
	/** The in-house activity; null for an offer. */
	activity: string | null;
	/** The offer's title or the in-house activity: what the item is called. */
	title: string;
	attendees: string;
	places: number;
	plannedOn: string | null;
	/** The item's whole cost. */
	costPence: number;
	/** Staff time for each person attending. */
	minutesEach: number;
	status: CpdItemStatus;
	/** The criterion's self-rating when the item was planned. */
	ratingBefore: number | null;
	/** The self-rating recorded with the impact review. */
	ratingAtReview: number | null;
	/** '' until the impact is reviewed. */
	impact: string;
	reviewedAt: Date | null;
	/** From the rating before to the rating at review. */
	ratingMove: RatingMove;
}

/** The plan's items for one gap, in the plan's order. */
export interface PlanGroup {
	criterion: PlanItemView['criterion'];
	rank: number | null;
	tied: boolean;
	score: number | null;
	items: PlanItemView[];
}

const itemColumns = {
	id: cpdPlanItem.id,
	version: cpdPlanItem.version,
	createdAt: cpdPlanItem.createdAt,
	planId: cpdPlanItem.planId,
	cycleId: cpdPlan.cycleId,
	cycleName: evaluationCycle.name,
	frameworkId: frameworkVersion.frameworkId,
	criterionId: cpdPlanItem.criterionId,
	criterionCode: frameworkCriterion.code,
	criterionTitle: frameworkCriterion.title,
	statutory: frameworkCriterion.statutory,
	sectionCode: frameworkSection.code,
	sectionTitle: frameworkSection.title,
	offerId: cpdPlanItem.offerId,
	offerTitle: cpdOffer.title,
	offerProvider: cpdOffer.provider,
	offerFormat: cpdOffer.format,
	offerActive: cpdOffer.active,
	offerCostPence: cpdOffer.costPence,
	offerMinutes: cpdOffer.minutes,
	activity: cpdPlanItem.activity,
	attendees: cpdPlanItem.attendees,
	places: cpdPlanItem.places,
	plannedOn: cpdPlanItem.plannedOn,
	costPence: cpdPlanItem.costPence,
	minutesEach: cpdPlanItem.minutesEach,
	status: cpdPlanItem.status,
	ratingBefore: cpdPlanItem.ratingBefore,
	impact: cpdPlanItem.impact,
	ratingAtReview: cpdPlanItem.ratingAtReview,
	reviewedAt: cpdPlanItem.reviewedAt
};

/** Plan items with their plan, cycle, criterion and offer; the caller says whose. */
function selectItems(tx: Tx) {
	return tx
		.select(itemColumns)
		.from(cpdPlanItem)
		.innerJoin(cpdPlan, rowOf(cpdPlan, cpdPlanItem.tenantId, cpdPlanItem.planId))
		.innerJoin(evaluationCycle, rowOf(evaluationCycle, cpdPlan.tenantId, cpdPlan.cycleId))
		.innerJoin(
			frameworkCriterion,
			rowOf(frameworkCriterion, cpdPlanItem.tenantId, cpdPlanItem.criterionId)
		)
		.innerJoin(
			frameworkSection,
			rowOf(frameworkSection, frameworkCriterion.tenantId, frameworkCriterion.sectionId)
		)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, frameworkCriterion.tenantId, frameworkCriterion.versionId)
		)
		.leftJoin(cpdOffer, rowOf(cpdOffer, cpdPlanItem.tenantId, cpdPlanItem.offerId));
}
export type ItemRow = Awaited<ReturnType<typeof selectItems>>[number];

/**
 * One of the setting's plan items, or undefined when the id is not one of them (another
 * setting's or tenant's, or not an id). Locked when asked, for a change.
 */
export async function findItem(
	tx: Tx,
	settingId: string,
	id: string,
	options: { lock?: boolean } = {}
) {
	if (!isRecordId(id)) return undefined;
	const query = selectItems(tx).where(
		and(eq(cpdPlan.settingId, settingId), eq(cpdPlanItem.id, id))
	);
	const [row] = options.lock ? await query.for('update', { of: cpdPlanItem }) : await query;
	return row;
}

/** The setting's plan for a cycle, if it has one yet. */
export async function planOf(tx: Tx, settingId: string, cycleId: string, lock = false) {
	const query = tx
		.select({
			id: cpdPlan.id,
			budgetPence: cpdPlan.budgetPence,
			budgetMinutes: cpdPlan.budgetMinutes,
			version: cpdPlan.version
		})
		.from(cpdPlan)
		.where(and(eq(cpdPlan.settingId, settingId), eq(cpdPlan.cycleId, cycleId)));
	const [row] = lock ? await query.for('update') : await query;
	return row;
}

/** The setting's self-evaluation in a cycle, with the version it is made against. */
export async function evaluationIn(tx: Tx, settingId: string, cycleId: string) {
	if (!isRecordId(cycleId)) return undefined;
	const [row] = await tx
		.select({
			id: selfEvaluation.id,
			versionId: selfEvaluation.versionId,
			cycleName: evaluationCycle.name
		})
		.from(selfEvaluation)
		.innerJoin(
			evaluationCycle,
			rowOf(evaluationCycle, selfEvaluation.tenantId, selfEvaluation.cycleId)
		)
		.where(and(eq(selfEvaluation.settingId, settingId), eq(selfEvaluation.cycleId, cycleId)));
	return row;
}

/** The cycle's gap analysis for the setting: its criteria in framework order, ranked. */
async function gapsIn(tx: Tx, settingId: string, cycleId: string) {
	const [input] = await gapInputs(tx, cycleId, [settingId]);
	if (!input) return undefined;
	return { input, analysis: rankGaps(input.criteria, input.scale) };
}
type Gaps = NonNullable<Awaited<ReturnType<typeof gapsIn>>>;

function itemView(row: ItemRow, gaps: Gaps | undefined): PlanItemView {
	const gap = gaps?.analysis.gaps.find((g) => g.criterion.id === row.criterionId);
	const offer =
		row.offerId === null
			? null
			: {
					id: row.offerId,
					title: row.offerTitle!,
					provider: row.offerProvider!,
					format: row.offerFormat!,
					active: row.offerActive!
				};
	return {
		id: row.id,
		version: row.version,
		criterion: {
			id: row.criterionId,
			code: row.criterionCode,
			title: row.criterionTitle,
			sectionCode: row.sectionCode,
			sectionTitle: row.sectionTitle,
			statutory: row.statutory
		},
		rank: gap?.rank ?? null,
		tied: gap?.tied ?? false,
		score: gap?.score ?? null,
		kind: offer ? 'offer' : 'in_house',
		offer,
		activity: row.activity,
		title: offer?.title ?? row.activity ?? '',
		attendees: row.attendees,
		places: row.places,
		plannedOn: row.plannedOn,
		costPence: row.costPence,
		minutesEach: row.minutesEach,
		status: row.status,
		ratingBefore: row.ratingBefore,
		ratingAtReview: row.ratingAtReview,
		impact: row.impact,
		reviewedAt: row.reviewedAt,
		ratingMove: ratingMove(row.ratingBefore, row.ratingAtReview)
	};
}

/**
 * Items in the plan's order: by gap rank (criteria no longer gaps last), the framework's
 * order within a rank so a gap's items stay together, then by date (undated last).
 */
function inPlanOrder(items: PlanItemView[], gaps: Gaps | undefined, rows: ItemRow[]) {
	const position = new Map(gaps?.input.criteria.map((c, i) => [c.id, i]));
	const created = new Map(rows.map((r) => [r.id, r.createdAt.getTime()]));
	const last = Number.MAX_SAFE_INTEGER;
	return items.sort(
		(a, b) =>
			(a.rank ?? last) - (b.rank ?? last) ||
			(position.get(a.criterion.id) ?? last) - (position.get(b.criterion.id) ?? last) ||
			(a.plannedOn ?? '9999').localeCompare(b.plannedOn ?? '9999') ||
			created.get(a.id)! - created.get(b.id)!
	);
}

/** Items in plan order gathered under their gap. */
function groupsOf(items: PlanItemView[]): PlanGroup[] {
	const groups: PlanGroup[] = [];
	for (const item of items) {
		const group = groups.at(-1);
		if (group?.criterion.id === item.criterion.id) group.items.push(item);
		else
			groups.push({
				criterion: item.criterion,
				rank: item.rank,
				tied: item.tied,
				score: item.score,
				items: [item]
			});
	}
	return groups;
}

/** Everything the plan of a cycle holds, worked out against the cycle's gaps. */
async function planContents(tx: Tx, settingId: string, cycleId: string | undefined) {
	const [plan, gaps, rows] = cycleId
		? await Promise.all([
				planOf(tx, settingId, cycleId),
				gapsIn(tx, settingId, cycleId),
				selectItems(tx).where(and(eq(cpdPlan.settingId, settingId), eq(cpdPlan.cycleId, cycleId)))
			])
		: [undefined, undefined, []];
	const items = inPlanOrder(
		rows.map((r) => itemView(r, gaps)),
		gaps,
		rows
	);
	const budget = { pence: plan?.budgetPence ?? null, minutes: plan?.budgetMinutes ?? null };
	return {
		framework: gaps?.input.framework ?? null,
		scale: gaps?.input.scale ?? ([] as ScaleLevel[]),
		budgetPence: budget.pence,
		budgetMinutes: budget.minutes,
		/** 0 while the setting has no plan for the cycle: the budget form's version. */
		version: plan?.version ?? 0,
		items,
		groups: groupsOf(items),
		totals: planTotals(items, budget)
	};
}

/**
 * The setting's CPD plan for a cycle (by default the newest it has a self-evaluation in):
 * the cycles to choose from, the budgets, the items by gap with their cost, staff time,
 * status and impact, and the totals against the budgets. `cycle` is null when the setting
 * has no self-evaluation yet; undefined for a caller without the right or a cycle the
 * setting has none in.
 */
export async function cpdPlanFor(scope: Scope, cycleId: string | null) {
	if (!mayPlan(scope, 'read')) return undefined;
	if (cycleId !== null && !isRecordId(cycleId)) return undefined;
	const settingId = scope.membership.organisationId;
	return inTenant(scope, async (tx) => {
		const cycles = await evaluatedCycles(tx, settingId);
		const cycle = cycleId ? cycles.find((c) => c.id === cycleId) : cycles[0];
		if (cycleId && !cycle) return undefined;
		return {
			settingName: scope.membership.organisationName,
			cycles,
			cycle: cycle ?? null,
			...(await planContents(tx, settingId, cycle?.id)),
			canPlan: mayPlan(scope, 'plan'),
			canBudget: mayPlan(scope, 'budget')
		};
	});
}
export type CpdPlan = NonNullable<Awaited<ReturnType<typeof cpdPlanFor>>>;

/** A plan's budgets as the budget form shows them: blank for none. */
export const budgetValues = (
	plan: { budgetPence: number | null; budgetMinutes: number | null } | undefined
): BudgetInput => ({
	budget: plan?.budgetPence == null ? '' : poundsInput(plan.budgetPence),
	hours: plan?.budgetMinutes == null ? '' : hoursInput(plan.budgetMinutes)
});

/** A saved item as its form shows it. */
export const planItemValues = (row: ItemRow): PlanItemValues => ({
	choice: row.offerId ?? IN_HOUSE,
	otherOfferId: '',
	activity: row.activity ?? '',
	attendees: row.attendees,
	places: String(row.places),
	plannedOn: row.plannedOn ?? '',
	cost: poundsInput(row.costPence),
	staffTime: hoursInput(row.minutesEach),
	status: row.status
});

/**
 * The criterion's self-rating now: in the setting's newest self-evaluation of the framework
 * that rates it (matched by code, so across versions). A new evaluation not yet rated there
 * leaves the rating given before in force.
 */
export async function latestRating(tx: Tx, settingId: string, frameworkId: string, code: string) {
	const [row] = await tx
		.select({ rating: judgement.rating })
		.from(judgement)
		.innerJoin(selfEvaluation, rowOf(selfEvaluation, judgement.tenantId, judgement.evaluationId))
		.innerJoin(
			evaluationCycle,
			rowOf(evaluationCycle, selfEvaluation.tenantId, selfEvaluation.cycleId)
		)
		.innerJoin(
			frameworkCriterion,
			rowOf(frameworkCriterion, judgement.tenantId, judgement.criterionId)
		)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, frameworkCriterion.tenantId, frameworkCriterion.versionId)
		)
		.where(
			and(
				eq(selfEvaluation.settingId, settingId),
				eq(frameworkVersion.frameworkId, frameworkId),
				eq(sql`lower(${frameworkCriterion.code})`, code.toLowerCase()),
				isNotNull(judgement.rating)
			)
		)
		.orderBy(desc(evaluationCycle.deadline), desc(evaluationCycle.createdAt))
		.limit(1);
	return row?.rating ?? null;
}

/** An offer as the item forms list it. */
const offerChoice = (o: CatalogueOffer) => ({
	id: o.id,
	title: o.title,
	provider: o.provider,
	format: o.format,
	summary: o.summary,
	costPence: o.costPence,
	minutes: o.minutes,
	url: o.url,
	active: o.active
});
export type OfferChoice = ReturnType<typeof offerChoice>;

/** Why a criterion that is not a gap has no score, in words. */
function notAGap(rating: number | null, scale: readonly ScaleLevel[]) {
	return rating === null
		? 'This criterion is not rated in the self-evaluation yet, so it is not ranked as a gap.'
		: `This criterion is not a gap: it stands at ${levelName(scale, rating)}, at or above its target. You can still plan an activity for it.`;
}

/**
 * What the form for a new item needs: the gap (its ratings and why it ranks where it does,
 * or why it is not a gap), the catalogue offers suggested for it, best first, each with why
 * (it names the criterion, shares areas of need, or else is about SEND in general), and
 * every other offer still offered. Undefined when the cycle or criterion is not the
 * setting's to plan for.
 */
export async function newItemForm(scope: Scope, cycleId: string, criterionId: string) {
	if (!mayPlan(scope, 'read')) return undefined;
	if (!mayPlan(scope, 'plan')) return FORBIDDEN;
	if (!isRecordId(cycleId) || !isRecordId(criterionId)) return undefined;
	const settingId = scope.membership.organisationId;
	return inTenant(scope, async (tx) => {
		const cycles = await evaluatedCycles(tx, settingId);
		const cycle = cycles.find((c) => c.id === cycleId);
		if (!cycle) return undefined;
		const [gaps, offers] = await Promise.all([
			gapsIn(tx, settingId, cycleId),
			catalogueOffers(tx, { activeOnly: true })
		]);
		const criterion = gaps?.input.criteria.find((c) => c.id === criterionId);
		if (!gaps || !criterion) return undefined;
		const gap = gaps.analysis.gaps.find((g) => g.criterion.id === criterionId);
		const matches = matchOffers({ frameworkId: gaps.input.framework.id, ...criterion }, offers);
		const suggested = new Set(matches.map((m) => m.offer.id));
		return {
			settingName: scope.membership.organisationName,
			cycle,
			framework: gaps.input.framework,
			scale: gaps.input.scale,
			criterion,
			gap: gap ? { rank: gap.rank, tied: gap.tied, score: gap.score, reasons: gap.reasons } : null,
			note: gap ? null : notAGap(criterion.rating, gaps.input.scale),
			suggestions: matches.map((m) => ({
				...offerChoice(m.offer),
				criterion: m.criterion,
				areas: m.areas
			})),
			others: offers.filter((o) => !suggested.has(o.id)).map(offerChoice)
		};
	});
}
export type NewItemForm = Exclude<
	Awaited<ReturnType<typeof newItemForm>>,
	undefined | typeof FORBIDDEN
>;

/**
 * One of the setting's plan items for its pages (change, remove, review impact): the item
 * as the plan shows it, its form values, its offer and the others still offered, and the criterion's
 * self-rating now as an impact review would record it. Undefined when it is not the
 * setting's.
 */
export async function planItemFor(scope: Scope, itemId: string) {
	if (!mayPlan(scope, 'read')) return undefined;
	const settingId = scope.membership.organisationId;
	return inTenant(scope, async (tx) => {
		const row = await findItem(tx, settingId, itemId);
		if (!row) return undefined;
		const [gaps, catalogue, ratingLatest] = await Promise.all([
			gapsIn(tx, settingId, row.cycleId),
			catalogueOffers(tx),
			latestRating(tx, settingId, row.frameworkId, row.criterionCode)
		]);
		const chosen = catalogue.find((o) => o.id === row.offerId);
		return {
			settingName: scope.membership.organisationName,
			cycle: { id: row.cycleId, name: row.cycleName },
			scale: gaps?.input.scale ?? ([] as ScaleLevel[]),
			item: itemView(row, gaps),
			values: planItemValues(row),
			/** The offer the item has, even if withdrawn since: it may be kept. */
			chosenOffer: chosen ? offerChoice(chosen) : null,
			/** The other offers still offered. */
			offers: catalogue.filter((o) => o.active && o !== chosen).map(offerChoice),
			ratingLatest,
			canPlan: mayPlan(scope, 'plan')
		};
	});
}
export type PlanItemPage = NonNullable<Awaited<ReturnType<typeof planItemFor>>>;
