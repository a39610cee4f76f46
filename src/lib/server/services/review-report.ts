import {
	and,
	asc,
	count,
	desc,
	eq,
	exists,
	inArray,
	isNull,
	lt,
	ne,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { daysBetween, isOverdue, suggestActions } from '../../domain/action-plan';
import { todayInEngland } from '../../domain/dates';
import { DEFAULT_SCALE, type ScaleLevel } from '../../domain/framework';
import { isRecordId } from '../../domain/ids';
import { reviewPageOpen, type ReviewStage } from '../../domain/peer-review';
import { summariseSection, type SectionSummary } from '../../domain/rollup';
import {
	ACTION_TEXT_MAX,
	LA_ACTIONS_PAGE_SIZE,
	REPORT_TEXT_LABELS,
	type ActionInput,
	type LaActionsFilter,
	type ReportText
} from '../../schemas/review-report';
import type { Scope } from '../auth/guards';
import {
	agreedRating,
	areaBoard,
	areaBoardDistrict,
	evaluationCycle,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	organisation,
	peerReview,
	reviewAction,
	reviewRound,
	selfEvaluation,
	setting
} from '../db/schema';
import { rowOf } from '../db/joins';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { reviewersOf } from './peer-reviews';
import {
	moveStage,
	recordReviewEvent,
	reviewFor,
	type ReviewAccess,
	type ReviewRow,
	type StageMoveResult
} from './review-access';
import { NOT_FOUND } from './structure';

export const FORBIDDEN = { ok: false, reason: 'forbidden' } as const;
const STALE = { ok: false, reason: 'stale' } as const;
const DONE = { ok: true } as const;
type WrongStage = { ok: false; reason: 'wrong-stage'; stage: ReviewStage };
const wrongStage = (stage: ReviewStage): WrongStage => ({
	ok: false,
	reason: 'wrong-stage',
	stage
});

/** Why any step on a review may be refused. */
export type StepRefusal = typeof NOT_FOUND | typeof FORBIDDEN | typeof STALE | WrongStage;

const moved = (result: StageMoveResult) =>
	result.ok ? DONE : result.reason === 'stale' ? STALE : wrongStage(result.stage);

const isLead = (access: ReviewAccess) => access.role === 'lead';
const isHost = (access: ReviewAccess) => access.role === 'host';
/** Board sharing is the headteacher's decision, as it is for the self-evaluation. */
const isHostHead = (scope: Scope, access: ReviewAccess) =>
	isHost(access) && scope.membership.role === 'headteacher';

/**
 * Runs a write on a review held locked for the rest of the transaction, when the caller has
 * standing in it (else not found) and `allowed` accepts them (else forbidden).
 */
function withLockedReview<T>(
	scope: Scope,
	reviewId: string,
	allowed: (access: ReviewAccess) => boolean,
	work: (tx: Tx, access: ReviewAccess) => Promise<T>
): Promise<T | typeof NOT_FOUND | typeof FORBIDDEN> {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId, { lock: 'update' });
		if (!access) return NOT_FOUND;
		if (!allowed(access)) return FORBIDDEN;
		return work(tx, access);
	});
}

const subjectOf = (access: Pick<ReviewAccess, 'hostName' | 'roundName'>) =>
	`${access.hostName}, ${access.roundName}`;

const reportTextOf = (review: ReviewRow): ReportText => ({
	reportContext: review.reportContext,
	strengths: review.strengths,
	areasForDevelopment: review.areasForDevelopment
});

const levelName = (scale: readonly ScaleLevel[], value: number | null) =>
	value === null ? null : (scale.find((l) => l.value === value)?.label ?? `Level ${value}`);

// ---------------------------------------------------------------------------------------------
// The report as a document: what the report page, the PDF and the area board all show.

/** The agreed ratings grouped by section, in framework order, with each section's level. */
async function agreedBySection(tx: Tx, reviewId: string) {
	const rows = await tx
		.select({
			criterionId: agreedRating.criterionId,
			rating: agreedRating.rating,
			rationale: agreedRating.rationale,
			code: frameworkCriterion.code,
			title: frameworkCriterion.title,
			position: frameworkCriterion.position,
			sectionId: frameworkSection.id,
			sectionCode: frameworkSection.code,
			sectionTitle: frameworkSection.title,
			sectionPosition: frameworkSection.position,
			scale: frameworkVersion.scale
		})
		.from(agreedRating)
		.innerJoin(
			frameworkCriterion,
			rowOf(frameworkCriterion, agreedRating.tenantId, agreedRating.criterionId)
		)
		.innerJoin(
			frameworkSection,
			rowOf(frameworkSection, frameworkCriterion.tenantId, frameworkCriterion.sectionId)
		)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, frameworkCriterion.tenantId, frameworkCriterion.versionId)
		)
		.where(eq(agreedRating.reviewId, reviewId))
		.orderBy(asc(frameworkSection.position), asc(frameworkCriterion.position));
	const scale = rows[0]?.scale ?? DEFAULT_SCALE;
	const sectionIds = [...new Set(rows.map((r) => r.sectionId))];
	// A section's level counts its criteria not agreed as unrated, so "2 of 5 rated" shows.
	const criteria = sectionIds.length
		? await tx
				.select({
					sectionId: frameworkCriterion.sectionId,
					id: frameworkCriterion.id,
					code: frameworkCriterion.code,
					statutory: frameworkCriterion.statutory
				})
				.from(frameworkCriterion)
				.where(inArray(frameworkCriterion.sectionId, sectionIds))
		: [];
	const sections = sectionIds.map((sectionId) => {
		const own = rows.filter((r) => r.sectionId === sectionId);
		const agreed = new Map(own.map((r) => [r.criterionId, r.rating]));
		const summary: SectionSummary = summariseSection(
			criteria
				.filter((c) => c.sectionId === sectionId)
				.map((c) => ({
					code: c.code,
					statutory: c.statutory,
					rating: agreed.get(c.id) ?? null,
					hasNarrative: agreed.has(c.id),
					touched: agreed.has(c.id)
				})),
			scale
		);
		return {
			id: sectionId,
			code: own[0]!.sectionCode,
			title: own[0]!.sectionTitle,
			summary,
			levelName: levelName(scale, summary.level),
			ratings: own.map((r) => ({
				criterionId: r.criterionId,
				code: r.code,
				title: r.title,
				rating: r.rating,
				levelName: levelName(scale, r.rating)!,
				rationale: r.rationale
			}))
		};
	});
	return { scale, sections };
}

/** The report of a review as everyone who may read it sees it; nothing pupil-level. */
async function reportDocument(
	tx: Tx,
	found: { review: ReviewRow; hostName: string; roundName: string }
) {
	const { review } = found;
	const [[cycle], reviewers, agreed] = await Promise.all([
		tx
			.select({ name: evaluationCycle.name })
			.from(reviewRound)
			.innerJoin(evaluationCycle, rowOf(evaluationCycle, reviewRound.tenantId, reviewRound.cycleId))
			.where(eq(reviewRound.id, review.roundId)),
		reviewersOf(tx, review.id),
		agreedBySection(tx, review.id)
	]);
	return {
		reviewId: review.id,
		hostName: found.hostName,
		roundName: found.roundName,
		cycleName: cycle?.name ?? '',
		reviewers: reviewers.map((r) => ({
			name: r.name,
			settingName: r.settingName,
			isLead: r.isLead
		})),
		...reportTextOf(review),
		hostComment: review.hostComment,
		hostCheckedAt: review.hostCheckedAt,
		finalisedAt: review.finalisedAt,
		scale: agreed.scale,
		sections: agreed.sections
	};
}
export type ReportDocument = Awaited<ReturnType<typeof reportDocument>>;

/** The report page: the document, and what the caller may do with it at this stage. */
export async function reportPage(scope: Scope, reviewId: string) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || !reviewPageOpen('report', access.role, access.review.stage)) return undefined;
		const { review } = access;
		const drafting = isLead(access) && review.stage === 'report';
		return {
			role: access.role,
			version: review.version,
			stage: review.stage,
			boardSharing: review.boardSharing,
			document: await reportDocument(tx, access),
			may: {
				draft: drafting,
				send: drafting,
				finalise: drafting && review.hostCheckedAt !== null,
				check: isHost(access) && review.stage === 'factual_check',
				share: isHostHead(scope, access) && review.stage === 'finalised'
			}
		};
	});
}

/** The final report for the PDF, to anyone who may open the report; undefined before then. */
export async function finalReport(scope: Scope, reviewId: string) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || access.review.stage !== 'finalised') return undefined;
		if (!reviewPageOpen('report', access.role, access.review.stage)) return undefined;
		return reportDocument(tx, access);
	});
}

// ---------------------------------------------------------------------------------------------
// Stage 5: drafting, the host's factual accuracy check, finalising.

export type SaveReportResult =
	| { ok: true; version: number }
	| typeof NOT_FOUND
	| typeof FORBIDDEN
	| WrongStage
	| { ok: false; reason: 'stale'; current: ReportText; version: number };

/** The lead saves the draft read at `version`; a stale save gets what is saved now instead. */
export async function saveReport(
	scope: Scope,
	reviewId: string,
	version: number,
	input: ReportText
): Promise<SaveReportResult> {
	return withLockedReview(scope, reviewId, isLead, async (tx, access) => {
		const { review } = access;
		if (review.stage !== 'report') return wrongStage(review.stage);
		const before = reportTextOf(review);
		if (review.version !== version)
			return { ok: false, reason: 'stale', current: before, version: review.version };
		const changed = (Object.keys(REPORT_TEXT_LABELS) as (keyof ReportText)[]).filter(
			(field) => before[field] !== input[field]
		);
		if (changed.length === 0) return { ok: true, version: review.version };
		await tx
			.update(peerReview)
			.set({ ...input, version: review.version + 1, updatedAt: new Date() })
			.where(eq(peerReview.id, review.id));
		const pick = (text: ReportText) => Object.fromEntries(changed.map((f) => [f, text[f]]));
		await writeAudit(tx, scope, {
			action: 'peer-review.report-saved',
			subject: subjectOf(access),
			detail: { before: pick(before), after: pick(input) }
		});
		return { ok: true, version: review.version + 1 };
	});
}

/** The parts a report needs before the host checks it or it is finalised. */
const missingParts = (review: ReviewRow) =>
	(['strengths', 'areasForDevelopment'] as const).filter((f) => review[f].trim() === '');

export type ReportStepResult =
	| typeof DONE
	| StepRefusal
	| { ok: false; reason: 'incomplete'; missing: (keyof ReportText)[] }
	| { ok: false; reason: 'not-checked' }
	| { ok: false; reason: 'no-comment' };

/** Checks shared by the lead's steps: the report stage, the version seen, a complete report. */
function leadStepRefusal(access: ReviewAccess, version: number): ReportStepResult | null {
	const { review } = access;
	if (review.stage !== 'report') return wrongStage(review.stage);
	if (review.version !== version) return STALE;
	const missing = missingParts(review);
	return missing.length ? { ok: false, reason: 'incomplete', missing } : null;
}

/** The lead sends the draft to the host for a factual accuracy check (report → factual_check). */
export async function sendForCheck(
	scope: Scope,
	reviewId: string,
	version: number
): Promise<ReportStepResult> {
	return withLockedReview(scope, reviewId, isLead, async (tx, access) => {
		const refusal = leadStepRefusal(access, version);
		if (refusal) return refusal;
		return moved(
			await moveStage(tx, scope, access, {
				from: 'report',
				to: 'factual_check',
				event: 'sent_for_check',
				expectedVersion: version
			})
		);
	});
}

/** The host returns the draft with its factual accuracy comments (factual_check → report). */
export async function returnCheck(
	scope: Scope,
	reviewId: string,
	version: number,
	comment: string
): Promise<ReportStepResult> {
	return withLockedReview(scope, reviewId, isHost, async (tx, access) => {
		const text = comment.trim();
		if (!text) return { ok: false, reason: 'no-comment' };
		return moved(
			await moveStage(tx, scope, access, {
				from: 'factual_check',
				to: 'report',
				event: 'host_checked',
				expectedVersion: version,
				comment: text,
				set: { hostComment: text, hostCheckedAt: new Date() }
			})
		);
	});
}

/**
 * The lead finalises the report (report → finalised), once the host has returned the check
 * at least once. Nothing of the report or the ratings can change afterwards.
 */
export async function finaliseReport(
	scope: Scope,
	reviewId: string,
	version: number
): Promise<ReportStepResult> {
	return withLockedReview(scope, reviewId, isLead, async (tx, access) => {
		const refusal = leadStepRefusal(access, version);
		if (refusal) return refusal;
		if (access.review.hostCheckedAt === null) return { ok: false, reason: 'not-checked' };
		return moved(
			await moveStage(tx, scope, access, {
				from: 'report',
				to: 'finalised',
				event: 'finalised',
				expectedVersion: version,
				set: { finalisedAt: new Date() }
			})
		);
	});
}

/** The host's headteacher lets the area board read the final report, or stops it. */
export async function setBoardSharing(
	scope: Scope,
	reviewId: string,
	version: number,
	share: boolean
): Promise<typeof DONE | StepRefusal> {
	return withLockedReview(
		scope,
		reviewId,
		(access) => isHostHead(scope, access),
		async (tx, access) => {
			const { review } = access;
			if (review.stage !== 'finalised') return wrongStage(review.stage);
			if (review.version !== version) return STALE;
			if (review.boardSharing === share) return DONE;
			await tx
				.update(peerReview)
				.set({ boardSharing: share, version: review.version + 1, updatedAt: new Date() })
				.where(eq(peerReview.id, review.id));
			await recordReviewEvent(
				tx,
				scope,
				access,
				'board_sharing_changed',
				share ? 'Shared with the area board' : 'Not shared with the area board'
			);
			return DONE;
		}
	);
}

// ---------------------------------------------------------------------------------------------
// Stage 6: the action plan and the follow-up visit.

/** The criteria of the host's framework version (its shared self-evaluation's), by section. */
async function criteriaOfReview(tx: Tx, review: ReviewRow) {
	if (!review.evaluationId) return [];
	const [evaluation] = await tx
		.select({ versionId: selfEvaluation.versionId })
		.from(selfEvaluation)
		.where(eq(selfEvaluation.id, review.evaluationId));
	if (!evaluation) return [];
	const [sections, criteria] = await Promise.all([
		tx
			.select({
				id: frameworkSection.id,
				code: frameworkSection.code,
				title: frameworkSection.title
			})
			.from(frameworkSection)
			.where(eq(frameworkSection.versionId, evaluation.versionId))
			.orderBy(asc(frameworkSection.position)),
		tx
			.select({
				id: frameworkCriterion.id,
				sectionId: frameworkCriterion.sectionId,
				code: frameworkCriterion.code,
				title: frameworkCriterion.title
			})
			.from(frameworkCriterion)
			.where(eq(frameworkCriterion.versionId, evaluation.versionId))
			.orderBy(asc(frameworkCriterion.position))
	]);
	return sections.map((s) => ({
		...s,
		criteria: criteria
			.filter((c) => c.sectionId === s.id)
			.map((c) => ({ id: c.id, code: c.code, title: c.title }))
	}));
}
export type CriteriaBySection = Awaited<ReturnType<typeof criteriaOfReview>>;

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
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || !reviewPageOpen('actions', access.role, access.review.stage)) return undefined;
		const { review } = access;
		const [rows, sections] = await Promise.all([
			actionsOf(tx, review.id),
			criteriaOfReview(tx, review)
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
		const mayEdit = isHost(access);
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
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || !reviewPageOpen('actions', access.role, access.review.stage)) return undefined;
		const action = actionId === null ? null : await findAction(tx, access.review.id, actionId);
		if (action === undefined) return undefined;
		return {
			mayEdit: isHost(access),
			action,
			sections: await criteriaOfReview(tx, access.review),
			suggestions: suggestActions(access.review.areasForDevelopment, ACTION_TEXT_MAX)
		};
	});
}

type ActionInvalid = { ok: false; reason: 'invalid'; field: keyof ActionInput; message: string };
export type SaveActionResult =
	| { ok: true; id: string }
	| StepRefusal
	| ActionInvalid
	| { ok: false; reason: 'conflict'; current: ActionInput; version: number };

/** The action plan is the host's, and is kept once the review is finalised. */
function hostPlanRefusal(access: ReviewAccess): WrongStage | null {
	return access.review.stage === 'finalised' ? null : wrongStage(access.review.stage);
}

async function criteriaRefusal(
	tx: Tx,
	review: ReviewRow,
	ids: readonly string[]
): Promise<ActionInvalid | null> {
	if (ids.length === 0) return null;
	const known = new Set(
		(await criteriaOfReview(tx, review)).flatMap((s) => s.criteria.map((c) => c.id))
	);
	return ids.every((id) => known.has(id))
		? null
		: {
				ok: false,
				reason: 'invalid',
				field: 'criterionIds',
				message: 'Choose criteria from the framework your self-evaluation used'
			};
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
	return withLockedReview(scope, reviewId, isHost, async (tx, access) => {
		const refusal =
			hostPlanRefusal(access) ?? (await criteriaRefusal(tx, access.review, input.criterionIds));
		if (refusal) return refusal;
		const [row] = await tx
			.insert(reviewAction)
			.values({ tenantId: scope.tenantId, reviewId: access.review.id, ...actionColumnsOf(input) })
			.returning({ id: reviewAction.id });
		await writeAudit(tx, scope, {
			action: 'peer-review.action-added',
			subject: subjectOf(access),
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
	return withLockedReview(scope, reviewId, isHost, async (tx, access) => {
		const before = await findAction(tx, access.review.id, actionId);
		if (!before) return NOT_FOUND;
		const stage = hostPlanRefusal(access);
		if (stage) return stage;
		if (before.version !== version)
			return {
				ok: false,
				reason: 'conflict',
				current: actionFormValues(before),
				version: before.version
			};
		const invalid = await criteriaRefusal(tx, access.review, input.criterionIds);
		if (invalid) return invalid;
		const after = actionColumnsOf(input);
		const updated = await tx
			.update(reviewAction)
			.set({ ...after, version: before.version + 1, updatedAt: new Date() })
			.where(and(eq(reviewAction.id, before.id), eq(reviewAction.version, version)))
			.returning({ id: reviewAction.id });
		if (!updated.length) return NOT_FOUND;
		await writeAudit(tx, scope, {
			action: 'peer-review.action-changed',
			subject: subjectOf(access),
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
	return withLockedReview(scope, reviewId, isHost, async (tx, access) => {
		const before = await findAction(tx, access.review.id, actionId);
		if (!before) return NOT_FOUND;
		const stage = hostPlanRefusal(access);
		if (stage) return stage;
		await tx.delete(reviewAction).where(eq(reviewAction.id, before.id));
		await writeAudit(tx, scope, {
			action: 'peer-review.action-removed',
			subject: subjectOf(access),
			detail: { before: actionAudit(actionFormValues(before)) }
		});
		return DONE;
	});
}

export type FollowUpResult =
	| typeof DONE
	| StepRefusal
	| { ok: false; reason: 'already-recorded' | 'not-scheduled' | 'in-future' };

/** The host plans (or moves) the follow-up visit, until it is recorded as done. */
export async function scheduleFollowUp(
	scope: Scope,
	reviewId: string,
	version: number,
	date: string
): Promise<FollowUpResult> {
	return withLockedReview(scope, reviewId, isHost, async (tx, access) => {
		const { review } = access;
		const stage = hostPlanRefusal(access);
		if (stage) return stage;
		if (review.version !== version) return STALE;
		if (review.followUpDoneOn !== null) return { ok: false, reason: 'already-recorded' };
		if (review.followUpDate === date) return DONE;
		await tx
			.update(peerReview)
			.set({ followUpDate: date, version: review.version + 1, updatedAt: new Date() })
			.where(eq(peerReview.id, review.id));
		await writeAudit(tx, scope, {
			action: 'peer-review.follow-up-scheduled',
			subject: subjectOf(access),
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
	return withLockedReview(scope, reviewId, isHost, async (tx, access) => {
		const { review } = access;
		const stage = hostPlanRefusal(access);
		if (stage) return stage;
		if (review.version !== version) return STALE;
		if (review.followUpDoneOn !== null) return { ok: false, reason: 'already-recorded' };
		if (review.followUpDate === null) return { ok: false, reason: 'not-scheduled' };
		if (visit.doneOn > today) return { ok: false, reason: 'in-future' };
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

// ---------------------------------------------------------------------------------------------
// The LA's view: overdue actions and follow-up visits across the tenant.

const isLa = (scope: Scope) => scope.membership.organisationKind === 'la';

/**
 * Overdue actions of every finalised review in the tenant (a page of them, longest overdue
 * first), follow-up visits past their date and not recorded, and the rounds to filter by.
 */
export async function overdueAcrossTenant(
	scope: Scope,
	filter: LaActionsFilter,
	today = todayInEngland()
) {
	if (!isLa(scope)) return undefined;
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

// ---------------------------------------------------------------------------------------------
// The area board's view: final reports its settings chose to share.

export const BOARD_REPORTS_PAGE_SIZE = 25;

/** The board the caller acts for, if they act for one. */
const boardOf = (scope: Scope) =>
	scope.membership.organisationKind === 'area_board' ? scope.membership.organisationId : null;

/**
 * Whether the host setting of the review is in the board's scope: by its district, or by its
 * type for a board that covers a type of setting.
 */
function inScopeOf(tx: Tx, boardId: string): SQL {
	const byDistrict = and(
		eq(areaBoard.scope, 'districts'),
		exists(
			tx
				.select({ one: sql`1` })
				.from(areaBoardDistrict)
				.where(
					and(
						eq(areaBoardDistrict.tenantId, areaBoard.tenantId),
						eq(areaBoardDistrict.areaBoardId, areaBoard.id),
						eq(areaBoardDistrict.districtId, setting.districtId)
					)
				)
		)
	);
	const byType = and(
		eq(areaBoard.scope, 'setting_type'),
		eq(setting.settingType, areaBoard.settingType)
	);
	return and(eq(areaBoard.id, boardId), or(byDistrict, byType))!;
}

/** Final reports shared with the board by settings in its scope; the board can see nothing else. */
function sharedWithBoard(tx: Tx, boardId: string) {
	return tx
		.select({
			review: peerReview,
			hostName: organisation.name,
			roundName: reviewRound.name,
			cycleName: evaluationCycle.name
		})
		.from(peerReview)
		.innerJoin(setting, rowOf(setting, peerReview.tenantId, peerReview.hostSettingId))
		.innerJoin(organisation, rowOf(organisation, peerReview.tenantId, peerReview.hostSettingId))
		.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
		.innerJoin(evaluationCycle, rowOf(evaluationCycle, reviewRound.tenantId, reviewRound.cycleId))
		.innerJoin(areaBoard, and(eq(areaBoard.tenantId, peerReview.tenantId), inScopeOf(tx, boardId)));
}

const sharedAndFinal = and(eq(peerReview.stage, 'finalised'), eq(peerReview.boardSharing, true));

/** A page of the final reports shared with the caller's board, newest first. */
export async function boardReports(scope: Scope, page: number) {
	const boardId = boardOf(scope);
	if (!boardId) return undefined;
	return inTenant(scope, async (tx) => {
		const [rows, [total]] = await Promise.all([
			sharedWithBoard(tx, boardId)
				.where(sharedAndFinal)
				.orderBy(desc(peerReview.finalisedAt), asc(organisation.name))
				.limit(BOARD_REPORTS_PAGE_SIZE)
				.offset((page - 1) * BOARD_REPORTS_PAGE_SIZE),
			tx
				.select({ n: count() })
				.from(peerReview)
				.innerJoin(setting, rowOf(setting, peerReview.tenantId, peerReview.hostSettingId))
				.innerJoin(
					areaBoard,
					and(eq(areaBoard.tenantId, peerReview.tenantId), inScopeOf(tx, boardId))
				)
				.where(sharedAndFinal)
		]);
		return {
			rows: rows.map((r) => ({
				id: r.review.id,
				hostName: r.hostName,
				roundName: r.roundName,
				cycleName: r.cycleName,
				finalisedAt: r.review.finalisedAt!
			})),
			total: total?.n ?? 0
		};
	});
}

/** One final report shared with the caller's board; undefined (404) for any other. */
export async function boardReport(scope: Scope, reviewId: string) {
	const boardId = boardOf(scope);
	if (!boardId || !isRecordId(reviewId)) return undefined;
	return inTenant(scope, async (tx) => {
		const [found] = await sharedWithBoard(tx, boardId).where(
			and(sharedAndFinal, eq(peerReview.id, reviewId))
		);
		return found ? reportDocument(tx, found) : undefined;
	});
}
