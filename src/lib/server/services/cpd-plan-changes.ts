import { and, eq } from 'drizzle-orm';
import type { CpdItemStatus } from '../../domain/cpd';
import { isRecordId } from '../../domain/ids';
import { parsePounds } from '../../domain/provision-cost';
import {
	parseHours,
	type BudgetInput,
	type PlanItemInput,
	type PlanItemValues
} from '../../schemas/cpd-plan';
import type { Scope } from '../auth/guards';
import { cpdOffer, cpdPlan, cpdPlanItem, frameworkCriterion, judgement } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { changes } from './audit-changes';
import { mayPlan } from './cpd-access';
import {
	budgetValues,
	evaluationIn,
	findItem,
	latestRating,
	planItemValues,
	planOf,
	type ItemRow
} from './cpd-plans';
import { DONE, FORBIDDEN, STALE, staleWith, type StaleWith } from './review-results';
import { NOT_FOUND, type Invalid } from './structure';

// Changes to a setting's CPD plan: the head's budgets, and the SENCO's or head's activities
// and their impact reviews. What the plan holds, and the helpers that read it, are in
// cpd-plans.ts.

const subjectOf = (scope: Scope, cycleName: string) =>
	`CPD plan of ${scope.membership.organisationName}, ${cycleName}`;

export type SetBudgetResult =
	typeof DONE | StaleWith<BudgetInput> | typeof NOT_FOUND | typeof FORBIDDEN;

/**
 * The head sets (or clears) the plan's budgets of money and staff time, as read at
 * `version` (0 when the setting had no plan for the cycle yet); if someone set them since,
 * returns what they set.
 */
export async function setBudget(
	scope: Scope,
	cycleId: string,
	input: BudgetInput & { version: number }
): Promise<SetBudgetResult> {
	if (!mayPlan(scope, 'budget')) return FORBIDDEN;
	const settingId = scope.membership.organisationId;
	return inTenant(scope, async (tx): Promise<SetBudgetResult> => {
		const evaluation = await evaluationIn(tx, settingId, cycleId);
		if (!evaluation) return NOT_FOUND;
		const after = {
			budgetPence: input.budget === '' ? null : parsePounds(input.budget),
			budgetMinutes: input.hours === '' ? null : parseHours(input.hours)
		};
		const none = after.budgetPence === null && after.budgetMinutes === null;
		// Clearing the budgets of a plan not made yet leaves it unmade.
		if (none && input.version === 0 && !(await planOf(tx, settingId, cycleId))) return DONE;
		const planId = await planFor(tx, scope, settingId, cycleId);
		const plan = (await planOf(tx, settingId, cycleId, true))!;
		if (plan.version !== input.version) return staleWith(budgetValues(plan), plan.version);
		const before = { budgetPence: plan.budgetPence, budgetMinutes: plan.budgetMinutes };
		if (before.budgetPence === after.budgetPence && before.budgetMinutes === after.budgetMinutes)
			return DONE;
		await tx
			.update(cpdPlan)
			.set({ ...after, version: plan.version + 1, updatedAt: new Date() })
			.where(eq(cpdPlan.id, planId));
		await writeAudit(tx, scope, {
			action: 'cpd.budget-set',
			subject: subjectOf(scope, evaluation.cycleName),
			detail: { planId, before, after }
		});
		return DONE;
	});
}

/**
 * The plan of the cycle, made now if the setting had none: with no budget, at version 0, as
 * the plan's version counts the head's budget saves. A budget form read before the plan was
 * made, by an item, is then not stale.
 */
async function planFor(tx: Tx, scope: Scope, settingId: string, cycleId: string) {
	const [made] = await tx
		.insert(cpdPlan)
		.values({ tenantId: scope.tenantId, settingId, cycleId, version: 0 })
		.onConflictDoNothing()
		.returning({ id: cpdPlan.id });
	return made?.id ?? (await planOf(tx, settingId, cycleId))!.id;
}

/**
 * An offer of the catalogue by id, withdrawn or not, share-locked until the item is saved: a
 * deletion or withdrawal under way is waited for, so the item is checked against its outcome
 * rather than failing on the foreign key or keeping an offer just withdrawn.
 */
async function offerOf(tx: Tx, id: string) {
	if (!isRecordId(id)) return undefined;
	const [row] = await tx
		.select({
			id: cpdOffer.id,
			active: cpdOffer.active,
			costPence: cpdOffer.costPence,
			minutes: cpdOffer.minutes
		})
		.from(cpdOffer)
		.where(eq(cpdOffer.id, id))
		.for('share');
	return row;
}

const notOffered: Invalid<'offerId'> = {
	ok: false,
	reason: 'invalid',
	field: 'offerId',
	message: 'That offer is no longer in the catalogue: choose another, or an in-house activity'
};

/** The columns an item's input sets, its blanks filled from the offer. */
function itemColumnsOf(
	input: PlanItemInput,
	offer: { costPence: number; minutes: number } | undefined
) {
	return {
		offerId: input.kind === 'offer' ? input.offerId : null,
		activity: input.kind === 'in_house' ? input.activity : null,
		attendees: input.attendees,
		places: input.places,
		plannedOn: input.plannedOn,
		costPence: input.costPence ?? offer!.costPence * input.places,
		minutesEach: input.minutesEach ?? offer!.minutes,
		status: input.status
	};
}
type ItemColumns = ReturnType<typeof itemColumnsOf>;

/** The offer an input names, if it may be used: active, or the one the item already has. */
async function usableOffer(tx: Tx, input: PlanItemInput, keep: string | null = null) {
	if (input.kind !== 'offer') return { ok: true, offer: undefined } as const;
	const offer = await offerOf(tx, input.offerId);
	if (!offer || (!offer.active && offer.id !== keep)) return notOffered;
	return { ok: true, offer } as const;
}

export type AddItemResult =
	| { ok: true; id: string }
	| Invalid<'offerId' | 'criterionId'>
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

/**
 * The SENCO or head adds an activity for a gap: a criterion of the cycle's self-evaluation.
 * A blank cost is the offer's cost per place times the places, a blank staff time the
 * offer's length. The criterion's self-rating now is kept, to judge the impact by later.
 */
export async function addItem(
	scope: Scope,
	cycleId: string,
	criterionId: string,
	input: PlanItemInput
): Promise<AddItemResult> {
	if (!mayPlan(scope, 'plan')) return FORBIDDEN;
	const settingId = scope.membership.organisationId;
	return inTenant(scope, async (tx): Promise<AddItemResult> => {
		const evaluation = await evaluationIn(tx, settingId, cycleId);
		if (!evaluation) return NOT_FOUND;
		const [criterion] = isRecordId(criterionId)
			? await tx
					.select({ code: frameworkCriterion.code, rating: judgement.rating })
					.from(frameworkCriterion)
					.leftJoin(
						judgement,
						and(
							eq(judgement.tenantId, frameworkCriterion.tenantId),
							eq(judgement.criterionId, frameworkCriterion.id),
							eq(judgement.evaluationId, evaluation.id)
						)
					)
					.where(
						and(
							eq(frameworkCriterion.id, criterionId),
							eq(frameworkCriterion.versionId, evaluation.versionId)
						)
					)
			: [];
		if (!criterion)
			return {
				ok: false,
				reason: 'invalid',
				field: 'criterionId',
				message: `That criterion is not in the framework of your ${evaluation.cycleName} self-evaluation. Choose a gap from the gap report for ${evaluation.cycleName}`
			};
		const usable = await usableOffer(tx, input);
		if (!usable.ok) return usable;
		const planId = await planFor(tx, scope, settingId, cycleId);
		const values = itemColumnsOf(input, usable.offer);
		const [row] = await tx
			.insert(cpdPlanItem)
			.values({
				tenantId: scope.tenantId,
				planId,
				criterionId,
				...values,
				ratingBefore: criterion.rating ?? null,
				createdBy: scope.userId
			})
			.returning({ id: cpdPlanItem.id });
		await writeAudit(tx, scope, {
			action: 'cpd.item-added',
			subject: subjectOf(scope, evaluation.cycleName),
			detail: { itemId: row!.id, criterion: criterion.code, after: values }
		});
		return { ok: true, id: row!.id };
	});
}

const columnsOfRow = (row: ItemRow): ItemColumns => ({
	offerId: row.offerId,
	activity: row.activity,
	attendees: row.attendees,
	places: row.places,
	plannedOn: row.plannedOn,
	costPence: row.costPence,
	minutesEach: row.minutesEach,
	status: row.status
});

export type ChangeItemResult =
	| { ok: true; id: string; cycleId: string }
	| Invalid<'offerId'>
	| StaleWith<PlanItemValues>
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

/**
 * Changes an item read at `version` (its activity, who, when, cost, staff time or status);
 * if someone saved it since, returns what they saved. An offer withdrawn since it was
 * chosen may be kept, not newly chosen.
 */
export async function changeItem(
	scope: Scope,
	itemId: string,
	version: number,
	input: PlanItemInput
): Promise<ChangeItemResult> {
	if (!mayPlan(scope, 'plan')) return FORBIDDEN;
	const settingId = scope.membership.organisationId;
	return inTenant(scope, async (tx): Promise<ChangeItemResult> => {
		const before = await findItem(tx, settingId, itemId, { lock: true });
		if (!before) return NOT_FOUND;
		if (before.version !== version) return staleWith(planItemValues(before), before.version);
		const usable = await usableOffer(tx, input, before.offerId);
		if (!usable.ok) return usable;
		const diff = changes(columnsOfRow(before), itemColumnsOf(input, usable.offer));
		if (!diff) return { ok: true, id: before.id, cycleId: before.cycleId };
		await tx
			.update(cpdPlanItem)
			.set({ ...diff.after, version: before.version + 1, updatedAt: new Date() })
			.where(eq(cpdPlanItem.id, before.id));
		await writeAudit(tx, scope, {
			action: 'cpd.item-changed',
			subject: subjectOf(scope, before.cycleName),
			detail: { itemId: before.id, criterion: before.criterionCode, ...diff }
		});
		return { ok: true, id: before.id, cycleId: before.cycleId };
	});
}

export type RemoveItemResult =
	{ ok: true; cycleId: string } | typeof STALE | typeof NOT_FOUND | typeof FORBIDDEN;

/** Removes an item as it was read at `version`; an item changed since is left alone. */
export async function removeItem(
	scope: Scope,
	itemId: string,
	version: number
): Promise<RemoveItemResult> {
	if (!mayPlan(scope, 'plan')) return FORBIDDEN;
	const settingId = scope.membership.organisationId;
	return inTenant(scope, async (tx): Promise<RemoveItemResult> => {
		const before = await findItem(tx, settingId, itemId, { lock: true });
		if (!before) return NOT_FOUND;
		if (before.version !== version) return STALE;
		await tx.delete(cpdPlanItem).where(eq(cpdPlanItem.id, before.id));
		await writeAudit(tx, scope, {
			action: 'cpd.item-removed',
			subject: subjectOf(scope, before.cycleName),
			detail: { itemId: before.id, criterion: before.criterionCode, before: columnsOfRow(before) }
		});
		return { ok: true, cycleId: before.cycleId };
	});
}

export type ReviewImpactResult =
	| { ok: true; id: string; cycleId: string }
	| { ok: false; reason: 'not-done'; status: CpdItemStatus }
	| StaleWith<{ impact: string }>
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

/**
 * Records what a done activity changed, read at `version`, with the criterion's self-rating
 * now, so the move from the rating before is kept as it was then. Reviewing again replaces
 * the review.
 */
export async function reviewImpact(
	scope: Scope,
	itemId: string,
	input: { impact: string; version: number }
): Promise<ReviewImpactResult> {
	if (!mayPlan(scope, 'plan')) return FORBIDDEN;
	const settingId = scope.membership.organisationId;
	return inTenant(scope, async (tx): Promise<ReviewImpactResult> => {
		const before = await findItem(tx, settingId, itemId, { lock: true });
		if (!before) return NOT_FOUND;
		if (before.version !== input.version)
			return staleWith({ impact: before.impact }, before.version);
		if (before.status !== 'done') return { ok: false, reason: 'not-done', status: before.status };
		const after = {
			impact: input.impact,
			ratingAtReview: await latestRating(tx, settingId, before.frameworkId, before.criterionCode),
			reviewedAt: new Date()
		};
		await tx
			.update(cpdPlanItem)
			.set({ ...after, version: before.version + 1, updatedAt: after.reviewedAt })
			.where(eq(cpdPlanItem.id, before.id));
		await writeAudit(tx, scope, {
			action: 'cpd.impact-reviewed',
			subject: subjectOf(scope, before.cycleName),
			detail: {
				itemId: before.id,
				criterion: before.criterionCode,
				before: { impact: before.impact, ratingAtReview: before.ratingAtReview },
				after: { impact: after.impact, ratingAtReview: after.ratingAtReview },
				ratingBefore: before.ratingBefore
			}
		});
		return { ok: true, id: before.id, cycleId: before.cycleId };
	});
}
