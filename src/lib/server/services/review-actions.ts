import { and, asc, count, eq, isNull, lt, ne } from 'drizzle-orm';
import { daysBetween, isOverdue, suggestActions } from '../../domain/action-plan';
import { todayInEngland } from '../../domain/dates';
import { isRecordId } from '../../domain/ids';
import {
	ACTION_TEXT_MAX,
	LA_ACTIONS_PAGE_SIZE,
	type ActionInput,
	type LaActionsFilter
} from '../../schemas/review-report';
import type { Scope } from '../auth/guards';
import { organisation, peerReview, reviewAction, reviewRound } from '../db/schema';
import { rowOf } from '../db/joins';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { invalid } from './frameworks';
import {
	byHost,
	readReview,
	recordReviewEvent,
	reviewSubject,
	writeReview,
	type ReviewAccess,
	type ReviewRow
} from './review-access';
import { criteriaOfReview, linkedCriteria } from './review-framework';
import { DONE, STALE, wrongStage, type StepRefusal } from './review-results';
import { NOT_FOUND, type Invalid } from './structure';

// Stage 6: the host's action plan from the report's areas for development, the follow-up
// visit, and the LA's view of what is overdue across its reviews.

/** The plan is the host's, and it starts once the review is finalised (which it stays). */
const PLANNING = { by: byHost, at: ['finalised'] } as const;

const actionColumns = {
	id: reviewAction.id,
	action: reviewAction.action,
	criterionIds: reviewAction.criterionIds,
	owner: reviewAction.owner,
	dueDate: reviewAction.dueDate,
	status: reviewAction.status,
	impact: reviewAction.impact,
	version: reviewAction.version
};

async function actionsOf(tx: Tx, reviewId: string) {
	return tx
		.select(actionColumns)
		.from(reviewAction)
		.where(eq(reviewAction.reviewId, reviewId))
		.orderBy(asc(reviewAction.dueDate), asc(reviewAction.createdAt), asc(reviewAction.id));
}

async function findAction(tx: Tx, reviewId: string, actionId: string) {
	if (!isRecordId(actionId)) return undefined;
	const [row] = await tx
		.select(actionColumns)
		.from(reviewAction)
		.where(and(eq(reviewAction.reviewId, reviewId), eq(reviewAction.id, actionId)));
	return row;
}
type ActionRow = NonNullable<Awaited<ReturnType<typeof findAction>>>;

/** An action as its form shows it. */
export const actionFormValues = (row: ActionRow): ActionInput => ({
	action: row.action,
	criterionIds: row.criterionIds,
	owner: row.owner,
	dueDate: row.dueDate,
	status: row.status,
	impact: row.impact
});

/** The follow-up visit: planned for a date, then recorded as done on another. */
const followUpOf = (review: ReviewRow, today: string) => ({
	date: review.followUpDate,
	doneOn: review.followUpDoneOn,
	notes: review.followUpNotes,
	overdue:
		review.followUpDate !== null && review.followUpDoneOn === null && review.followUpDate < today
});

/**
 * The action plan of a finalised review: every action with whether it is overdue, the
 * follow-up visit, and, for the host, suggestions from the report's areas for development.
 */
export async function actionPlan(scope: Scope, reviewId: string, today = todayInEngland()) {
	return readReview(scope, reviewId, 'actions', async (tx, access) => {
		const { review } = access;
		const [rows, sections] = await Promise.all([
			actionsOf(tx, review.id),
			criteriaOfReview(tx, access)
		]);
		const criteria = new Map(sections.flatMap((s) => s.criteria).map((c) => [c.id, c]));
		const actions = rows.map((row) => {
			const overdue = isOverdue(row, today);
			return {
				...row,
				criteria: row.criterionIds.flatMap((id) => criteria.get(id) ?? []),
				overdue,
				daysOverdue: overdue ? daysBetween(row.dueDate, today) : 0
			};
		});
		const mayEdit = byHost(access);
		return {
			version: review.version,
			mayEdit,
			actions,
			overdueCount: actions.filter((a) => a.overdue).length,
			followUp: followUpOf(review, today),
			suggestions: mayEdit ? suggestActions(review.areasForDevelopment, ACTION_TEXT_MAX) : []
		};
	});
}

/**
 * What the host's add or edit page needs: the criteria to link and, when editing, the action;
 * undefined when the review or action is not the caller's, forbidden for anyone but the host.
 */
export async function actionEditor(scope: Scope, reviewId: string, actionId: string | null) {
	return readReview(scope, reviewId, 'actions', async (tx, access) => {
		const action = actionId === null ? null : await findAction(tx, access.review.id, actionId);
		if (action === undefined) return undefined;
		return {
			mayEdit: byHost(access),
			action,
			sections: await criteriaOfReview(tx, access),
			suggestions: suggestActions(access.review.areasForDevelopment, ACTION_TEXT_MAX)
		};
	});
}

export type SaveActionResult =
	| { ok: true; id: string }
	| StepRefusal
	| Invalid<keyof ActionInput>
	| { ok: false; reason: 'conflict'; current: ActionInput; version: number };

/** The action of the plan the host changes: not found, or refused before the plan opens. */
async function plannedAction(tx: Tx, access: ReviewAccess, actionId: string) {
	const action = await findAction(tx, access.review.id, actionId);
	if (!action) return NOT_FOUND;
	return access.review.stage === 'finalised' ? action : wrongStage(access.review.stage);
}

/** Linked criteria are optional, but must be of the framework the self-evaluation used. */
async function criteriaRefusal(tx: Tx, access: ReviewAccess, ids: readonly string[]) {
	if (ids.length === 0) return null;
	return (await linkedCriteria(tx, access, ids))
		? null
		: invalid('criterionIds', 'Choose criteria from the framework your self-evaluation used');
}

/** Only the fields of an action, whatever else the caller's object carries. */
const actionColumnsOf = (input: ActionInput): ActionInput => ({
	action: input.action,
	criterionIds: [...new Set(input.criterionIds)],
	owner: input.owner,
	dueDate: input.dueDate,
	status: input.status,
	impact: input.impact
});

const actionAudit = (input: ActionInput) => ({
	action: input.action,
	owner: input.owner,
	dueDate: input.dueDate,
	status: input.status,
	impact: input.impact,
	criteria: input.criterionIds.length
});

/** The host adds an action to the plan. */
export async function addAction(
	scope: Scope,
	reviewId: string,
	input: ActionInput
): Promise<SaveActionResult> {
	return writeReview(scope, reviewId, PLANNING, async (tx, access) => {
		const refusal = await criteriaRefusal(tx, access, input.criterionIds);
		if (refusal) return refusal;
		const [row] = await tx
			.insert(reviewAction)
			.values({ tenantId: scope.tenantId, reviewId: access.review.id, ...actionColumnsOf(input) })
			.returning({ id: reviewAction.id });
		await writeAudit(tx, scope, {
			action: 'peer-review.action-added',
			subject: reviewSubject(access),
			detail: { after: actionAudit(input) }
		});
		return { ok: true, id: row!.id };
	});
}

/** The host changes an action read at `version`; a stale save gets what is saved now. */
export async function updateAction(
	scope: Scope,
	reviewId: string,
	actionId: string,
	version: number,
	input: ActionInput
): Promise<SaveActionResult> {
	return writeReview(scope, reviewId, { by: byHost }, async (tx, access) => {
		const before = await plannedAction(tx, access, actionId);
		if ('ok' in before) return before;
		if (before.version !== version)
			return {
				ok: false,
				reason: 'conflict',
				current: actionFormValues(before),
				version: before.version
			};
		const invalidCriteria = await criteriaRefusal(tx, access, input.criterionIds);
		if (invalidCriteria) return invalidCriteria;
		const after = actionColumnsOf(input);
		const updated = await tx
			.update(reviewAction)
			.set({ ...after, version: before.version + 1, updatedAt: new Date() })
			.where(and(eq(reviewAction.id, before.id), eq(reviewAction.version, version)))
			.returning({ id: reviewAction.id });
		if (!updated.length) return NOT_FOUND;
		await writeAudit(tx, scope, {
			action: 'peer-review.action-changed',
			subject: reviewSubject(access),
			detail: { before: actionAudit(actionFormValues(before)), after: actionAudit(after) }
		});
		return { ok: true, id: before.id };
	});
}

/** The host removes an action from the plan. */
export async function removeAction(
	scope: Scope,
	reviewId: string,
	actionId: string
): Promise<typeof DONE | StepRefusal> {
	return writeReview(scope, reviewId, { by: byHost }, async (tx, access) => {
		const before = await plannedAction(tx, access, actionId);
		if ('ok' in before) return before;
		await tx.delete(reviewAction).where(eq(reviewAction.id, before.id));
		await writeAudit(tx, scope, {
			action: 'peer-review.action-removed',
			subject: reviewSubject(access),
			detail: { before: actionAudit(actionFormValues(before)) }
		});
		return DONE;
	});
}

export type FollowUpResult =
	| typeof DONE
	| StepRefusal
	| { ok: false; reason: 'already-recorded' | 'not-scheduled' | 'in-future' };

/** What stops any change to the follow-up visit: a version read before a change, a visit done. */
function followUpRefusal(review: ReviewRow, version: number): FollowUpResult | null {
	if (review.version !== version) return STALE;
	if (review.followUpDoneOn !== null) return { ok: false, reason: 'already-recorded' };
	return null;
}

/** The host plans (or moves) the follow-up visit, until it is recorded as done. */
export async function scheduleFollowUp(
	scope: Scope,
	reviewId: string,
	version: number,
	date: string
): Promise<FollowUpResult> {
	return writeReview(scope, reviewId, PLANNING, async (tx, access) => {
		const { review } = access;
		const refusal = followUpRefusal(review, version);
		if (refusal) return refusal;
		if (review.followUpDate === date) return DONE;
		await tx
			.update(peerReview)
			.set({ followUpDate: date, version: review.version + 1, updatedAt: new Date() })
			.where(eq(peerReview.id, review.id));
		await writeAudit(tx, scope, {
			action: 'peer-review.follow-up-scheduled',
			subject: reviewSubject(access),
			detail: { before: review.followUpDate, after: date }
		});
		return DONE;
	});
}

/** The host records that the follow-up visit took place (on a day not after today). */
export async function recordFollowUp(
	scope: Scope,
	reviewId: string,
	version: number,
	visit: { doneOn: string; notes: string },
	today = todayInEngland()
): Promise<FollowUpResult> {
	return writeReview(scope, reviewId, PLANNING, async (tx, access) => {
		const { review } = access;
		const refusal = followUpRefusal(review, version);
		if (refusal) return refusal;
		if (review.followUpDate === null) return { ok: false, reason: 'not-scheduled' } as const;
		if (visit.doneOn > today) return { ok: false, reason: 'in-future' } as const;
		await tx
			.update(peerReview)
			.set({
				followUpDoneOn: visit.doneOn,
				followUpNotes: visit.notes.trim(),
				version: review.version + 1,
				updatedAt: new Date()
			})
			.where(eq(peerReview.id, review.id));
		await recordReviewEvent(tx, scope, access, 'follow_up_recorded', `Visited on ${visit.doneOn}`);
		return DONE;
	});
}

/**
 * For the LA: overdue actions of every finalised review in the tenant (a page of them,
 * longest overdue first), follow-up visits past their date and not recorded, and the rounds
 * to filter by.
 */
export async function overdueAcrossTenant(
	scope: Scope,
	filter: LaActionsFilter,
	today = todayInEngland()
) {
	if (scope.membership.organisationKind !== 'la') return undefined;
	return inTenant(scope, async (tx) => {
		const ofRound = filter.roundId ? eq(peerReview.roundId, filter.roundId) : undefined;
		const finalised = eq(peerReview.stage, 'finalised');
		const overdue = and(
			finalised,
			lt(reviewAction.dueDate, today),
			ne(reviewAction.status, 'done'),
			ofRound
		);
		const [rows, [total], followUps, rounds] = await Promise.all([
			tx
				.select({
					id: reviewAction.id,
					reviewId: peerReview.id,
					hostName: organisation.name,
					roundName: reviewRound.name,
					action: reviewAction.action,
					owner: reviewAction.owner,
					dueDate: reviewAction.dueDate,
					status: reviewAction.status
				})
				.from(reviewAction)
				.innerJoin(peerReview, rowOf(peerReview, reviewAction.tenantId, reviewAction.reviewId))
				.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
				.innerJoin(organisation, rowOf(organisation, peerReview.tenantId, peerReview.hostSettingId))
				.where(overdue)
				.orderBy(asc(reviewAction.dueDate), asc(organisation.name), asc(reviewAction.id))
				.limit(LA_ACTIONS_PAGE_SIZE)
				.offset((filter.page - 1) * LA_ACTIONS_PAGE_SIZE),
			tx
				.select({ n: count() })
				.from(reviewAction)
				.innerJoin(peerReview, rowOf(peerReview, reviewAction.tenantId, reviewAction.reviewId))
				.where(overdue),
			tx
				.select({
					reviewId: peerReview.id,
					hostName: organisation.name,
					roundName: reviewRound.name,
					date: peerReview.followUpDate
				})
				.from(peerReview)
				.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
				.innerJoin(organisation, rowOf(organisation, peerReview.tenantId, peerReview.hostSettingId))
				.where(
					and(
						finalised,
						lt(peerReview.followUpDate, today),
						isNull(peerReview.followUpDoneOn),
						ofRound
					)
				)
				.orderBy(asc(peerReview.followUpDate), asc(organisation.name)),
			tx
				.select({ id: reviewRound.id, name: reviewRound.name })
				.from(reviewRound)
				.orderBy(asc(reviewRound.name))
		]);
		return {
			rows: rows.map((r) => ({ ...r, daysOverdue: daysBetween(r.dueDate, today) })),
			total: total?.n ?? 0,
			followUps: followUps.map((f) => ({
				...f,
				date: f.date!,
				daysOverdue: daysBetween(f.date!, today)
			})),
			rounds
		};
	});
}
