import { and, arrayContains, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { calibrationCounts, compareRatings, type Comparison } from '../../domain/calibration';
import { isRealDate } from '../../domain/dates';
import type { ScaleLevel } from '../../domain/framework';
import { isRecordId } from '../../domain/ids';
import {
	reviewPageOpen,
	VISIT_ACTIVITIES,
	type ReviewStage,
	type VisitActivity
} from '../../domain/peer-review';
import { summariseSection } from '../../domain/rollup';
import {
	NOTES_MAX,
	PRIORITIES_MAX,
	QUESTION_MAX,
	RATIONALE_MAX,
	VISIT_DAYS_MAX,
	VISIT_TEXT_MAX,
	visitDays
} from '../../schemas/review-work';
import type { Scope } from '../auth/guards';
import {
	agreedRating,
	appUser,
	evaluationCycle,
	evidence,
	frameworkCriterion,
	frameworkVersion,
	lineOfEnquiry,
	peerReview,
	reviewerRating,
	selfEvaluation,
	visitEvidence
} from '../db/schema';
import { rowOf } from '../db/joins';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { evaluationContext, loadContent } from './evaluations';
import { reviewersOf } from './peer-reviews';
import {
	isReviewer,
	moveStage,
	reviewersMayWrite,
	reviewFor,
	seesSelfEvaluation,
	type ReviewAccess
} from './review-access';
import { NOT_FOUND, type Invalid } from './structure';

// ---------------------------------------------------------------------------------------
// Who may write what, when

export const FORBIDDEN = { ok: false, reason: 'forbidden' } as const;
export const STALE = { ok: false, reason: 'stale' } as const;
export type WrongStage = { ok: false; reason: 'wrong-stage'; stage: ReviewStage };
/** Why a write to a review was refused before anything was checked of the input. */
export type Refusal = typeof NOT_FOUND | typeof FORBIDDEN | WrongStage;

/** Stages in which the lead plans the visit and reviewers record lines of enquiry. */
export const PLANNING_STAGES = ['preparation', 'visit'] as const satisfies ReviewStage[];
/** Stages in which reviewers log evidence, rate, and the lead records agreed ratings. */
export const VISIT_STAGES = ['visit', 'report'] as const satisfies ReviewStage[];

type Actor = 'host' | 'reviewer' | 'lead';

const wrongStage = (stage: ReviewStage): WrongStage => ({
	ok: false,
	reason: 'wrong-stage',
	stage
});

function refusalFor(
	access: ReviewAccess,
	actor: Actor,
	stages: readonly ReviewStage[]
): Refusal | undefined {
	const { role, review } = access;
	const allowed =
		actor === 'host' ? role === 'host' : actor === 'lead' ? role === 'lead' : isReviewer(role);
	if (!allowed) return FORBIDDEN;
	// A finalised review is a record: reviewers lose every write, whatever the page says.
	if (actor !== 'host' && !reviewersMayWrite(access)) return wrongStage(review.stage);
	if (!stages.includes(review.stage)) return wrongStage(review.stage);
	return undefined;
}

/**
 * Runs a write on the review, locked for the transaction, once the caller is found to be
 * `actor` and the review in one of `stages`. Anyone without standing in the review gets
 * not-found, as the pages do.
 */
function writeReview<T>(
	scope: Scope,
	reviewId: string,
	actor: Actor,
	stages: readonly ReviewStage[],
	work: (tx: Tx, access: ReviewAccess) => Promise<T>
): Promise<T | Refusal> {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId, { lock: 'update' });
		if (!access) return NOT_FOUND;
		return refusalFor(access, actor, stages) ?? work(tx, access);
	});
}

const auditSubject = (access: ReviewAccess) => `${access.hostName}, ${access.roundName}`;

// ---------------------------------------------------------------------------------------
// The host's framework, through its shared self-evaluation

/** The framework version and scale of the shared self-evaluation; none before sharing. */
async function sharedVersion(tx: Tx, access: ReviewAccess) {
	const evaluationId = access.review.evaluationId;
	if (!evaluationId) return undefined;
	const [found] = await tx
		.select({ versionId: selfEvaluation.versionId, scale: frameworkVersion.scale })
		.from(selfEvaluation)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, selfEvaluation.tenantId, selfEvaluation.versionId)
		)
		.where(eq(selfEvaluation.id, evaluationId));
	return found;
}

/** The shared self-evaluation: what it is about, and every section with its criteria. */
async function sharedContent(tx: Tx, access: ReviewAccess) {
	const evaluationId = access.review.evaluationId;
	if (!evaluationId) return undefined;
	const [row] = await tx
		.select({ versionId: selfEvaluation.versionId, signedOffAt: selfEvaluation.signedOffAt })
		.from(selfEvaluation)
		.where(eq(selfEvaluation.id, evaluationId));
	if (!row) return undefined;
	const [context, content] = await Promise.all([
		evaluationContext(tx, { id: evaluationId }),
		loadContent(tx, evaluationId, row.versionId)
	]);
	const criteria = content.flatMap((s) =>
		s.criteria.map((c) => ({
			id: c.id,
			code: c.code,
			title: c.title,
			sectionId: s.id,
			self: c.values.rating
		}))
	);
	return { evaluationId, signedOffAt: row.signedOffAt, context, content, criteria };
}
type SharedContent = NonNullable<Awaited<ReturnType<typeof sharedContent>>>;

/** The framework's sections with their criteria, for pickers of linked criteria. */
const criterionChoices = (shared: SharedContent) =>
	shared.content.map((s) => ({
		id: s.id,
		code: s.code,
		title: s.title,
		criteria: s.criteria.map((c) => ({ id: c.id, code: c.code, title: c.title }))
	}));

/** The criteria with these ids, when every one of them is in the version; else undefined. */
async function criteriaInVersion(tx: Tx, versionId: string, ids: readonly string[]) {
	const unique = [...new Set(ids)];
	if (!unique.every(isRecordId)) return undefined;
	if (unique.length === 0) return [];
	const rows = await tx
		.select({ id: frameworkCriterion.id, code: frameworkCriterion.code })
		.from(frameworkCriterion)
		.where(
			and(eq(frameworkCriterion.versionId, versionId), inArray(frameworkCriterion.id, unique))
		);
	return rows.length === unique.length ? rows : undefined;
}

const codesOf = (shared: SharedContent, ids: readonly string[]) => {
	const byId = new Map(shared.criteria.map((c) => [c.id, c.code]));
	return ids.map((id) => byId.get(id)).filter((code): code is string => code !== undefined);
};

const levelLabel = (scale: readonly ScaleLevel[], value: number | null) =>
	value === null ? 'Not rated' : (scale.find((l) => l.value === value)?.label ?? `Level ${value}`);

// ---------------------------------------------------------------------------------------
// Stage 2: the host shares its signed-off self-evaluation

/** The host's counts and priorities for its reviewers. */
export interface ReviewContext {
	roll: number;
	senSupport: number;
	ehcp: number;
	priorities: string;
}

function contextProblem(c: ReviewContext): Invalid<keyof ReviewContext> | undefined {
	const invalid = (field: keyof ReviewContext, message: string) =>
		({ ok: false, reason: 'invalid', field, message }) as const;
	for (const field of ['roll', 'senSupport', 'ehcp'] as const) {
		const n = c[field];
		if (!Number.isInteger(n) || n < 0) return invalid(field, 'Enter a whole number, 0 or more');
	}
	if (c.senSupport > c.roll)
		return invalid('senSupport', 'The number with SEN support cannot be more than the roll');
	if (c.ehcp > c.roll)
		return invalid('ehcp', 'The number with EHC plans cannot be more than the roll');
	if (c.priorities.length > PRIORITIES_MAX)
		return invalid('priorities', `Write ${PRIORITIES_MAX} characters or fewer`);
	return undefined;
}

/** The host's self-evaluation in the round's cycle, whatever its status; none if not started. */
async function cycleEvaluation(tx: Tx, access: ReviewAccess) {
	const [row] = await tx
		.select({
			id: selfEvaluation.id,
			status: selfEvaluation.status,
			signedOffAt: selfEvaluation.signedOffAt
		})
		.from(selfEvaluation)
		.where(
			and(
				eq(selfEvaluation.settingId, access.review.hostSettingId),
				eq(selfEvaluation.cycleId, access.cycleId)
			)
		);
	return row;
}

/**
 * For the host's head or SENCO only: what sharing will give the reviewers (the signed-off
 * self-evaluation of the round's cycle, if there is one) and the context saved so far.
 */
export async function shareView(scope: Scope, reviewId: string) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || access.role !== 'host') return undefined;
		const { review } = access;
		const [[cycle], evaluation] = await Promise.all([
			tx
				.select({ name: evaluationCycle.name })
				.from(evaluationCycle)
				.where(eq(evaluationCycle.id, access.cycleId)),
			cycleEvaluation(tx, access)
		]);
		let signedOff = null;
		if (evaluation?.status === 'signed_off') {
			const [context, [pieces]] = await Promise.all([
				evaluationContext(tx, evaluation),
				tx.select({ n: count() }).from(evidence).where(eq(evidence.evaluationId, evaluation.id))
			]);
			signedOff = {
				id: evaluation.id,
				signedOffAt: evaluation.signedOffAt,
				frameworkName: context.frameworkName,
				versionLabel: context.versionLabel,
				evidenceCount: pieces?.n ?? 0
			};
		}
		return {
			review: { id: review.id, stage: review.stage, version: review.version },
			hostName: access.hostName,
			roundName: access.roundName,
			cycleName: cycle?.name ?? '',
			evaluation: evaluation ? { id: evaluation.id, status: evaluation.status } : null,
			signedOff,
			context: {
				roll: review.roll,
				senSupport: review.senSupport,
				ehcp: review.ehcp,
				priorities: review.priorities
			}
		};
	});
}

export type ShareResult =
	| { ok: true }
	| Refusal
	| typeof STALE
	| { ok: false; reason: 'no-evaluation' }
	| Invalid<keyof ReviewContext>;

/**
 * The host shares its signed-off self-evaluation of the round's cycle with this review's
 * reviewers, with its context, and the review moves on to preparation.
 */
export async function shareReview(
	scope: Scope,
	reviewId: string,
	expectedVersion: number,
	context: ReviewContext
): Promise<ShareResult> {
	return writeReview(scope, reviewId, 'host', ['allocated'], async (tx, access) => {
		const problem = contextProblem(context);
		if (problem) return problem;
		const evaluation = await cycleEvaluation(tx, access);
		if (evaluation?.status !== 'signed_off') return { ok: false, reason: 'no-evaluation' } as const;
		const moved = await moveStage(tx, scope, access, {
			from: 'allocated',
			to: 'preparation',
			event: 'shared',
			expectedVersion,
			set: { evaluationId: evaluation.id, ...context }
		});
		return moved.ok ? moved : moved.reason === 'stale' ? STALE : wrongStage(moved.stage);
	});
}

// ---------------------------------------------------------------------------------------
// The shared self-evaluation, read-only

/**
 * The shared self-evaluation for the review team and the host: each section's level, and
 * for the chosen section each criterion's rating, narrative, next steps and the TITLES of
 * its evidence. Files stay with the setting: nothing here leads to them.
 */
export async function sharedSelfEvaluation(scope: Scope, reviewId: string, sectionId?: string) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || !reviewPageOpen('self-evaluation', access.role, access.review.stage))
			return undefined;
		if (!seesSelfEvaluation(access)) return undefined;
		const shared = await sharedContent(tx, access);
		if (!shared) return undefined;
		const { context, content } = shared;
		const chosen = content.find((s) => s.id === sectionId) ?? content[0];
		const titles = chosen
			? await tx
					.select({ criterionId: evidence.criterionId, title: evidence.title })
					.from(evidence)
					.where(
						and(
							eq(evidence.evaluationId, shared.evaluationId),
							inArray(
								evidence.criterionId,
								chosen.criteria.map((c) => c.id)
							)
						)
					)
					.orderBy(asc(evidence.addedAt), asc(evidence.id))
			: [];
		return {
			evaluation: {
				signedOffAt: shared.signedOffAt,
				settingName: context.settingName,
				cycleName: context.cycleName,
				frameworkName: context.frameworkName,
				versionLabel: context.versionLabel
			},
			scale: context.scale,
			sections: content.map((s) => {
				const summary = summariseSection(
					s.criteria.map((c) => c.rated),
					context.scale
				);
				return {
					id: s.id,
					code: s.code,
					title: s.title,
					level: summary.level,
					reason: summary.reason
				};
			}),
			section: chosen
				? {
						id: chosen.id,
						code: chosen.code,
						title: chosen.title,
						description: chosen.description,
						criteria: chosen.criteria.map((c) => ({
							id: c.id,
							code: c.code,
							title: c.title,
							rating: c.values.rating,
							narrative: c.values.narrative,
							nextSteps: c.values.nextSteps,
							evidenceTitles: titles.filter((t) => t.criterionId === c.id).map((t) => t.title)
						}))
					}
				: null
		};
	});
}

// ---------------------------------------------------------------------------------------
// Stage 3: preparation

/** The visit plan: first and last day (YYYY-MM-DD), what happens, whom the team meets. */
export interface VisitPlan {
	start: string;
	end: string | null;
	activities: string;
	people: string;
}

const planOf = (review: ReviewAccess['review']) => ({
	start: review.visitStart,
	end: review.visitEnd,
	activities: review.visitActivities,
	people: review.visitPeople
});

const contextOf = (review: ReviewAccess['review']) => ({
	roll: review.roll,
	senSupport: review.senSupport,
	ehcp: review.ehcp,
	priorities: review.priorities
});

/**
 * Preparation: the host's context and the visit plan for reviewers and host; for reviewers
 * only, the lines of enquiry and the criteria they can be linked to.
 */
export async function preparationView(scope: Scope, reviewId: string) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || !reviewPageOpen('preparation', access.role, access.review.stage))
			return undefined;
		const { review, role } = access;
		const reviewer = isReviewer(role);
		const planning = (PLANNING_STAGES as readonly ReviewStage[]).includes(review.stage);
		let enquiries = null;
		let criteria = null;
		if (reviewer) {
			const shared = await sharedContent(tx, access);
			if (!shared) return undefined;
			criteria = criterionChoices(shared);
			const rows = await tx
				.select({
					id: lineOfEnquiry.id,
					question: lineOfEnquiry.question,
					criterionIds: lineOfEnquiry.criterionIds,
					authorName: appUser.name,
					createdAt: lineOfEnquiry.createdAt
				})
				.from(lineOfEnquiry)
				.leftJoin(appUser, eq(appUser.id, lineOfEnquiry.authorId))
				.where(eq(lineOfEnquiry.reviewId, review.id))
				.orderBy(asc(lineOfEnquiry.createdAt), asc(lineOfEnquiry.id));
			enquiries = rows.map(({ criterionIds, ...row }) => ({
				...row,
				criteria: codesOf(shared, criterionIds)
			}));
		}
		const mayWrite = reviewersMayWrite(access);
		return {
			review: { id: review.id, stage: review.stage, version: review.version },
			context: contextOf(review),
			plan: planOf(review),
			enquiries,
			criteria,
			rights: {
				editContext: role === 'host' && review.stage === 'preparation',
				editPlan: role === 'lead' && mayWrite && planning,
				enquire: reviewer && mayWrite && planning,
				startVisit: role === 'lead' && review.stage === 'preparation'
			}
		};
	});
}

export type ContextResult =
	| { ok: true }
	| Refusal
	| { ok: false; reason: 'stale'; current: ReturnType<typeof contextOf>; version: number }
	| Invalid<keyof ReviewContext>;

/** The host changes its context while the review is in preparation. */
export async function saveContext(
	scope: Scope,
	reviewId: string,
	expectedVersion: number,
	context: ReviewContext
): Promise<ContextResult> {
	return writeReview(scope, reviewId, 'host', ['preparation'], async (tx, access) => {
		const { review } = access;
		if (review.version !== expectedVersion)
			return {
				ok: false,
				reason: 'stale',
				current: contextOf(review),
				version: review.version
			} as const;
		const problem = contextProblem(context);
		if (problem) return problem;
		await tx
			.update(peerReview)
			.set({ ...context, version: review.version + 1, updatedAt: new Date() })
			.where(eq(peerReview.id, review.id));
		await writeAudit(tx, scope, {
			action: 'peer-review.context-saved',
			subject: auditSubject(access),
			detail: { before: contextOf(review), after: context }
		});
		return { ok: true } as const;
	});
}

export type PlanResult =
	| { ok: true }
	| Refusal
	| { ok: false; reason: 'stale'; current: ReturnType<typeof planOf>; version: number }
	| Invalid<'visitStart' | 'visitEnd' | 'activities' | 'people'>;

function planProblem(plan: VisitPlan): Exclude<PlanResult, { ok: true } | Refusal> | undefined {
	const invalid = (field: 'visitStart' | 'visitEnd' | 'activities' | 'people', message: string) =>
		({ ok: false, reason: 'invalid', field, message }) as const;
	if (!isRealDate(plan.start)) return invalid('visitStart', 'Enter the first day of the visit');
	if (plan.end !== null) {
		if (!isRealDate(plan.end)) return invalid('visitEnd', 'Enter the last day as a date');
		const days = visitDays(plan.start, plan.end);
		if (days < 1) return invalid('visitEnd', 'The last day must be on or after the first day');
		if (days > VISIT_DAYS_MAX)
			return invalid('visitEnd', `A visit lasts at most ${VISIT_DAYS_MAX} days`);
	}
	if (plan.activities.length > VISIT_TEXT_MAX)
		return invalid('activities', `Write ${VISIT_TEXT_MAX} characters or fewer`);
	if (plan.people.length > VISIT_TEXT_MAX)
		return invalid('people', `Write ${VISIT_TEXT_MAX} characters or fewer`);
	return undefined;
}

/** The lead saves the visit plan, until the visit is over. A blank last day is a one-day visit. */
export async function saveVisitPlan(
	scope: Scope,
	reviewId: string,
	expectedVersion: number,
	plan: VisitPlan
): Promise<PlanResult> {
	return writeReview(scope, reviewId, 'lead', PLANNING_STAGES, async (tx, access) => {
		const { review } = access;
		if (review.version !== expectedVersion)
			return {
				ok: false,
				reason: 'stale',
				current: planOf(review),
				version: review.version
			} as const;
		const problem = planProblem(plan);
		if (problem) return problem;
		const after = { ...plan, end: plan.end ?? plan.start };
		await tx
			.update(peerReview)
			.set({
				visitStart: after.start,
				visitEnd: after.end,
				visitActivities: after.activities,
				visitPeople: after.people,
				version: review.version + 1,
				updatedAt: new Date()
			})
			.where(eq(peerReview.id, review.id));
		await writeAudit(tx, scope, {
			action: 'peer-review.visit-plan-saved',
			subject: auditSubject(access),
			detail: { before: planOf(review), after }
		});
		return { ok: true } as const;
	});
}

export type EntryResult<F extends string> = { ok: true; id: string } | Refusal | Invalid<F>;

const BAD_CRITERIA = {
	ok: false,
	reason: 'invalid',
	field: 'criterionIds',
	message: 'Choose criteria from the list'
} as const;

/** A reviewer adds a line of enquiry, linked to criteria of the host's framework version. */
export async function addEnquiry(
	scope: Scope,
	reviewId: string,
	input: { question: string; criterionIds: string[] }
): Promise<EntryResult<'question' | 'criterionIds'>> {
	return writeReview(scope, reviewId, 'reviewer', PLANNING_STAGES, async (tx, access) => {
		const question = input.question.trim();
		if (!question || question.length > QUESTION_MAX)
			return {
				ok: false,
				reason: 'invalid',
				field: 'question',
				message: `Enter a question of ${QUESTION_MAX} characters or fewer`
			} as const;
		const version = await sharedVersion(tx, access);
		const linked = version && (await criteriaInVersion(tx, version.versionId, input.criterionIds));
		if (!linked || linked.length === 0) return BAD_CRITERIA;
		const [row] = await tx
			.insert(lineOfEnquiry)
			.values({
				tenantId: scope.tenantId,
				reviewId: access.review.id,
				question,
				criterionIds: linked.map((c) => c.id),
				authorId: scope.userId
			})
			.returning({ id: lineOfEnquiry.id });
		await writeAudit(tx, scope, {
			action: 'peer-review.enquiry-added',
			subject: auditSubject(access),
			detail: { question, criteria: linked.map((c) => c.code) }
		});
		return { ok: true, id: row!.id } as const;
	});
}

export type RemoveResult = { ok: true } | Refusal | { ok: false; reason: 'not-allowed' };

/** Any reviewer removes a line of enquiry, while the visit is being prepared or under way. */
export async function removeEnquiry(
	scope: Scope,
	reviewId: string,
	enquiryId: string
): Promise<RemoveResult> {
	if (!isRecordId(enquiryId)) return NOT_FOUND;
	return writeReview(scope, reviewId, 'reviewer', PLANNING_STAGES, async (tx, access) => {
		const [removed] = await tx
			.delete(lineOfEnquiry)
			.where(and(eq(lineOfEnquiry.id, enquiryId), eq(lineOfEnquiry.reviewId, access.review.id)))
			.returning({ question: lineOfEnquiry.question });
		if (!removed) return NOT_FOUND;
		await writeAudit(tx, scope, {
			action: 'peer-review.enquiry-removed',
			subject: auditSubject(access),
			detail: { question: removed.question }
		});
		return { ok: true } as const;
	});
}

export type StepResult =
	| { ok: true }
	| Refusal
	| typeof STALE
	| { ok: false; reason: 'no-visit-date' }
	| { ok: false; reason: 'incomplete'; missing: string[] };

/** The lead starts the visit, once its first day is planned. */
export async function startVisit(
	scope: Scope,
	reviewId: string,
	expectedVersion: number
): Promise<StepResult> {
	return writeReview(scope, reviewId, 'lead', ['preparation'], async (tx, access) => {
		if (access.review.version !== expectedVersion) return STALE;
		if (!access.review.visitStart) return { ok: false, reason: 'no-visit-date' } as const;
		const moved = await moveStage(tx, scope, access, {
			from: 'preparation',
			to: 'visit',
			event: 'visit_started',
			expectedVersion
		});
		return moved.ok ? moved : moved.reason === 'stale' ? STALE : wrongStage(moved.stage);
	});
}

// ---------------------------------------------------------------------------------------
// Stage 4: the visit's evidence log

export const EVIDENCE_PAGE_SIZE = 20;

/**
 * The review team's evidence log, newest first, optionally only entries linked to one
 * criterion, a page at a time. Each entry says whether the caller may remove it (their own).
 */
export async function evidenceLog(
	scope: Scope,
	reviewId: string,
	filter: { criterionId?: string | null; page: number }
) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || !reviewPageOpen('visit', access.role, access.review.stage)) return undefined;
		const shared = await sharedContent(tx, access);
		if (!shared) return undefined;
		const criterion = shared.criteria.find((c) => c.id === filter.criterionId) ?? null;
		const where = and(
			eq(visitEvidence.reviewId, access.review.id),
			criterion ? arrayContains(visitEvidence.criterionIds, [criterion.id]) : undefined
		);
		const [total] = await tx.select({ n: count() }).from(visitEvidence).where(where);
		const entries = total?.n ?? 0;
		// A page past the end (an old link) shows the last page rather than nothing.
		const lastPage = Math.max(1, Math.ceil(entries / EVIDENCE_PAGE_SIZE));
		const page = Math.min(lastPage, Math.max(1, Math.floor(filter.page) || 1));
		const rows = await tx
			.select({
				id: visitEvidence.id,
				authorId: visitEvidence.authorId,
				authorName: appUser.name,
				activity: visitEvidence.activity,
				happenedOn: visitEvidence.happenedOn,
				notes: visitEvidence.notes,
				criterionIds: visitEvidence.criterionIds,
				createdAt: visitEvidence.createdAt
			})
			.from(visitEvidence)
			.innerJoin(appUser, eq(appUser.id, visitEvidence.authorId))
			.where(where)
			.orderBy(
				desc(visitEvidence.happenedOn),
				desc(visitEvidence.createdAt),
				desc(visitEvidence.id)
			)
			.limit(EVIDENCE_PAGE_SIZE)
			.offset((page - 1) * EVIDENCE_PAGE_SIZE);
		const mayLog =
			reviewersMayWrite(access) &&
			(VISIT_STAGES as readonly ReviewStage[]).includes(access.review.stage);
		return {
			review: { id: access.review.id, stage: access.review.stage },
			criteria: criterionChoices(shared),
			filter: criterion ? { id: criterion.id, code: criterion.code, title: criterion.title } : null,
			page,
			pageSize: EVIDENCE_PAGE_SIZE,
			total: entries,
			entries: rows.map(({ authorId, criterionIds, ...row }) => ({
				...row,
				criteria: codesOf(shared, criterionIds),
				mine: authorId === scope.userId,
				canRemove: mayLog && authorId === scope.userId
			})),
			rights: { log: mayLog }
		};
	});
}

/** One entry of the evidence log as a reviewer records it. */
export interface VisitEvidenceInput {
	activity: VisitActivity;
	/** YYYY-MM-DD. */
	happenedOn: string;
	notes: string;
	criterionIds: string[];
}

/** A reviewer logs evidence from the visit, linked to criteria of the host's framework. */
export async function addVisitEvidence(
	scope: Scope,
	reviewId: string,
	input: VisitEvidenceInput
): Promise<EntryResult<'activity' | 'happenedOn' | 'notes' | 'criterionIds'>> {
	return writeReview(scope, reviewId, 'reviewer', VISIT_STAGES, async (tx, access) => {
		const notes = input.notes.trim();
		if (!notes || notes.length > NOTES_MAX)
			return {
				ok: false,
				reason: 'invalid',
				field: 'notes',
				message: `Enter notes of ${NOTES_MAX} characters or fewer`
			} as const;
		if (!isRealDate(input.happenedOn))
			return {
				ok: false,
				reason: 'invalid',
				field: 'happenedOn',
				message: 'Enter the date'
			} as const;
		if (!(VISIT_ACTIVITIES as readonly string[]).includes(input.activity))
			return {
				ok: false,
				reason: 'invalid',
				field: 'activity',
				message: 'Choose the activity'
			} as const;
		const version = await sharedVersion(tx, access);
		const linked = version && (await criteriaInVersion(tx, version.versionId, input.criterionIds));
		if (!linked || linked.length === 0) return BAD_CRITERIA;
		const [row] = await tx
			.insert(visitEvidence)
			.values({
				tenantId: scope.tenantId,
				reviewId: access.review.id,
				authorId: scope.userId,
				activity: input.activity,
				happenedOn: input.happenedOn,
				notes,
				criterionIds: linked.map((c) => c.id)
			})
			.returning({ id: visitEvidence.id });
		await writeAudit(tx, scope, {
			action: 'peer-review.evidence-added',
			subject: auditSubject(access),
			detail: {
				activity: input.activity,
				date: input.happenedOn,
				criteria: linked.map((c) => c.code)
			}
		});
		return { ok: true, id: row!.id } as const;
	});
}

/** A reviewer removes an entry of their own from the evidence log. */
export async function removeVisitEvidence(
	scope: Scope,
	reviewId: string,
	entryId: string
): Promise<RemoveResult> {
	if (!isRecordId(entryId)) return NOT_FOUND;
	return writeReview(scope, reviewId, 'reviewer', VISIT_STAGES, async (tx, access) => {
		const [entry] = await tx
			.select({ authorId: visitEvidence.authorId })
			.from(visitEvidence)
			.where(and(eq(visitEvidence.id, entryId), eq(visitEvidence.reviewId, access.review.id)));
		if (!entry) return NOT_FOUND;
		if (entry.authorId !== scope.userId) return { ok: false, reason: 'not-allowed' } as const;
		const [removed] = await tx
			.delete(visitEvidence)
			.where(eq(visitEvidence.id, entryId))
			.returning({ activity: visitEvidence.activity, happenedOn: visitEvidence.happenedOn });
		await writeAudit(tx, scope, {
			action: 'peer-review.evidence-removed',
			subject: auditSubject(access),
			detail: { activity: removed?.activity, date: removed?.happenedOn }
		});
		return { ok: true } as const;
	});
}

// ---------------------------------------------------------------------------------------
// Stage 4: reviewers' ratings

/** The caller's own ratings on the review, by criterion. */
async function myRatings(tx: Tx, reviewId: string, reviewerId: string) {
	const rows = await tx
		.select({
			criterionId: reviewerRating.criterionId,
			rating: reviewerRating.rating,
			rationale: reviewerRating.rationale,
			version: reviewerRating.version,
			savedAt: reviewerRating.updatedAt
		})
		.from(reviewerRating)
		.where(and(eq(reviewerRating.reviewId, reviewId), eq(reviewerRating.reviewerId, reviewerId)));
	return new Map(rows.map(({ criterionId, ...r }) => [criterionId, r]));
}

/**
 * A reviewer's ratings page: the sections with how many criteria they have rated, and for
 * the chosen section each criterion with the host's self-rating and their own rating.
 */
export async function ratingsView(scope: Scope, reviewId: string, sectionId?: string) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || !reviewPageOpen('ratings', access.role, access.review.stage)) return undefined;
		const shared = await sharedContent(tx, access);
		if (!shared) return undefined;
		const mine = await myRatings(tx, access.review.id, scope.userId);
		const chosen = shared.content.find((s) => s.id === sectionId) ?? shared.content[0];
		return {
			review: { id: access.review.id, stage: access.review.stage },
			scale: shared.context.scale,
			progress: { rated: mine.size, total: shared.criteria.length },
			sections: shared.content.map((s) => ({
				id: s.id,
				code: s.code,
				title: s.title,
				rated: s.criteria.filter((c) => mine.has(c.id)).length,
				total: s.criteria.length
			})),
			section: chosen
				? {
						id: chosen.id,
						code: chosen.code,
						title: chosen.title,
						criteria: chosen.criteria.map((c) => ({
							id: c.id,
							code: c.code,
							title: c.title,
							descriptors: c.descriptors,
							self: c.values.rating,
							mine: mine.get(c.id) ?? null
						}))
					}
				: null,
			rights: {
				rate:
					reviewersMayWrite(access) &&
					(VISIT_STAGES as readonly ReviewStage[]).includes(access.review.stage)
			}
		};
	});
}

/** A level on the host's scale, with the reason for it. */
export interface LevelRationale {
	rating: number;
	rationale: string;
}

/** What is saved now, when a save finds it changed since it was read. */
export interface SavedLevel {
	rating: number;
	/** The level's label on the host's scale. */
	label: string;
	rationale: string;
	version: number;
	savedAt: Date;
	savedByName: string | null;
}

export type LevelResult =
	| { ok: true; version: number; savedAt: Date }
	| Refusal
	| { ok: false; reason: 'conflict'; current: SavedLevel | null }
	| Invalid<'rating' | 'rationale'>;

/** The criterion, when it is in the host's version and the level and rationale are sound. */
async function checkLevel(
	tx: Tx,
	access: ReviewAccess,
	criterionId: string,
	values: LevelRationale
) {
	const version = await sharedVersion(tx, access);
	const [criterion] = version
		? ((await criteriaInVersion(tx, version.versionId, [criterionId])) ?? [])
		: [];
	if (!version || !criterion) return NOT_FOUND;
	const invalid = (field: 'rating' | 'rationale', message: string) =>
		({ ok: false, reason: 'invalid', field, message }) as const;
	if (!version.scale.some((l) => l.value === values.rating))
		return invalid('rating', 'Choose a level from the scale');
	const rationale = values.rationale.trim();
	if (!rationale || rationale.length > RATIONALE_MAX)
		return invalid('rationale', `Enter a rationale of ${RATIONALE_MAX} characters or fewer`);
	return { ok: true, criterion, scale: version.scale, rationale } as const;
}

/**
 * A reviewer saves their rating of one criterion, if it is unchanged since `expectedVersion`
 * was read (0 before their first save); otherwise they are shown what is saved now. Only
 * the reviewer themself writes their ratings: nobody else, the host included, has a way to.
 */
export async function saveRating(
	scope: Scope,
	reviewId: string,
	criterionId: string,
	expectedVersion: number,
	values: LevelRationale
): Promise<LevelResult> {
	if (!isRecordId(criterionId)) return NOT_FOUND;
	return writeReview(scope, reviewId, 'reviewer', VISIT_STAGES, async (tx, access) => {
		const checked = await checkLevel(tx, access, criterionId, values);
		if (!checked.ok) return checked;
		const mine = and(
			eq(reviewerRating.reviewId, access.review.id),
			eq(reviewerRating.criterionId, criterionId),
			eq(reviewerRating.reviewerId, scope.userId)
		);
		const [current] = await tx
			.select({
				id: reviewerRating.id,
				rating: reviewerRating.rating,
				rationale: reviewerRating.rationale,
				version: reviewerRating.version,
				savedAt: reviewerRating.updatedAt
			})
			.from(reviewerRating)
			.where(mine);
		if ((current?.version ?? 0) !== expectedVersion)
			return {
				ok: false,
				reason: 'conflict',
				current: current
					? { ...current, label: levelLabel(checked.scale, current.rating), savedByName: null }
					: null
			} as const;
		const after = { rating: values.rating, rationale: checked.rationale };
		if (current && current.rating === after.rating && current.rationale === after.rationale)
			return { ok: true, version: current.version, savedAt: current.savedAt } as const;
		const now = new Date();
		const version = (current?.version ?? 0) + 1;
		if (current)
			await tx
				.update(reviewerRating)
				.set({ ...after, version, updatedAt: now })
				.where(eq(reviewerRating.id, current.id));
		else
			await tx.insert(reviewerRating).values({
				tenantId: scope.tenantId,
				reviewId: access.review.id,
				criterionId,
				reviewerId: scope.userId,
				...after,
				updatedAt: now
			});
		await writeAudit(tx, scope, {
			action: 'peer-review.rating-saved',
			subject: auditSubject(access),
			detail: {
				criterion: checked.criterion.code,
				before: current ? levelLabel(checked.scale, current.rating) : null,
				after: levelLabel(checked.scale, after.rating)
			}
		});
		return { ok: true, version, savedAt: now } as const;
	});
}

// ---------------------------------------------------------------------------------------
// Stage 4: moderation

/** Where reviewers' ratings of a criterion part: from each other, from the self-rating. */
export function disagreement(self: number | null, ratings: readonly number[]) {
	return {
		reviewersDiffer: new Set(ratings).size > 1,
		differsFromSelf: self !== null && ratings.some((r) => r !== self)
	};
}

/** Every criterion any reviewer rated, in framework order, with its ratings and agreement. */
async function moderationRows(tx: Tx, access: ReviewAccess, shared: SharedContent) {
	const [reviewers, ratings, agreed] = await Promise.all([
		reviewersOf(tx, access.review.id),
		tx
			.select({
				criterionId: reviewerRating.criterionId,
				reviewerId: reviewerRating.reviewerId,
				rating: reviewerRating.rating,
				rationale: reviewerRating.rationale
			})
			.from(reviewerRating)
			.where(eq(reviewerRating.reviewId, access.review.id)),
		tx
			.select({
				criterionId: agreedRating.criterionId,
				rating: agreedRating.rating,
				rationale: agreedRating.rationale,
				version: agreedRating.version,
				savedAt: agreedRating.updatedAt,
				savedByName: appUser.name
			})
			.from(agreedRating)
			.leftJoin(appUser, eq(appUser.id, agreedRating.agreedBy))
			.where(eq(agreedRating.reviewId, access.review.id))
	]);
	const agreedBy = new Map(agreed.map(({ criterionId, ...a }) => [criterionId, a]));
	const order = new Map(reviewers.map((r, i) => [r.userId, i]));
	const rows = [];
	for (const section of shared.content) {
		for (const c of section.criteria) {
			const own = ratings
				.filter((r) => r.criterionId === c.id)
				.map((r) => {
					const who = reviewers.find((p) => p.userId === r.reviewerId);
					return {
						reviewerId: r.reviewerId,
						name: who?.name ?? 'A former reviewer',
						isLead: who?.isLead ?? false,
						rating: r.rating,
						rationale: r.rationale
					};
				})
				.sort((a, b) => (order.get(a.reviewerId) ?? 99) - (order.get(b.reviewerId) ?? 99));
			if (own.length === 0) continue;
			rows.push({
				id: c.id,
				code: c.code,
				title: c.title,
				sectionId: section.id,
				self: c.values.rating,
				ratings: own,
				agreed: agreedBy.get(c.id) ?? null,
				...disagreement(
					c.values.rating,
					own.map((r) => r.rating)
				)
			});
		}
	}
	return { reviewers, rows, agreedCount: agreed.length };
}

/** The codes of rated criteria still without an agreed rating. */
const missingAgreement = (rows: { code: string; agreed: unknown }[]) =>
	rows.filter((r) => r.agreed === null).map((r) => r.code);

/**
 * The moderation view: for each criterion any reviewer rated, the self-rating, each
 * reviewer's rating and rationale, whether they differ, and the agreed rating so far.
 */
export async function moderationView(
	scope: Scope,
	reviewId: string,
	filter: { sectionId?: string | null; onlyDisagreements?: boolean } = {}
) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || !reviewPageOpen('moderation', access.role, access.review.stage))
			return undefined;
		const shared = await sharedContent(tx, access);
		if (!shared) return undefined;
		const { reviewers, rows, agreedCount } = await moderationRows(tx, access, shared);
		const section = shared.content.find((s) => s.id === filter.sectionId) ?? null;
		const shown = rows.filter(
			(r) =>
				(!section || r.sectionId === section.id) &&
				(!filter.onlyDisagreements || r.reviewersDiffer || r.differsFromSelf)
		);
		const { review, role } = access;
		const moderating =
			role === 'lead' &&
			reviewersMayWrite(access) &&
			(VISIT_STAGES as readonly ReviewStage[]).includes(review.stage);
		return {
			review: { id: review.id, stage: review.stage, version: review.version },
			scale: shared.context.scale,
			reviewers,
			sections: shared.content
				.map((s) => ({
					id: s.id,
					code: s.code,
					title: s.title,
					rated: rows.filter((r) => r.sectionId === s.id).length
				}))
				.filter((s) => s.rated > 0),
			filter: { sectionId: section?.id ?? null, onlyDisagreements: !!filter.onlyDisagreements },
			rows: shown.map((r) => {
				const where = shared.content.find((s) => s.id === r.sectionId)!;
				return { ...r, sectionCode: where.code, sectionTitle: where.title };
			}),
			counts: {
				rated: rows.length,
				agreed: agreedCount,
				disagreements: rows.filter((r) => r.reviewersDiffer || r.differsFromSelf).length
			},
			missing: missingAgreement(rows),
			rights: { agree: moderating, finish: moderating && review.stage === 'visit' }
		};
	});
}

/**
 * The lead records the agreed rating of a criterion and its rationale, if unchanged since
 * `expectedVersion` was read (0 before the first). Other reviewers and the host cannot.
 */
export async function saveAgreedRating(
	scope: Scope,
	reviewId: string,
	criterionId: string,
	expectedVersion: number,
	values: LevelRationale
): Promise<LevelResult> {
	if (!isRecordId(criterionId)) return NOT_FOUND;
	return writeReview(scope, reviewId, 'lead', VISIT_STAGES, async (tx, access) => {
		const checked = await checkLevel(tx, access, criterionId, values);
		if (!checked.ok) return checked;
		const [current] = await tx
			.select({
				id: agreedRating.id,
				rating: agreedRating.rating,
				rationale: agreedRating.rationale,
				version: agreedRating.version,
				savedAt: agreedRating.updatedAt,
				savedByName: appUser.name
			})
			.from(agreedRating)
			.leftJoin(appUser, eq(appUser.id, agreedRating.agreedBy))
			.where(
				and(eq(agreedRating.reviewId, access.review.id), eq(agreedRating.criterionId, criterionId))
			);
		if ((current?.version ?? 0) !== expectedVersion)
			return {
				ok: false,
				reason: 'conflict',
				current: current ? { ...current, label: levelLabel(checked.scale, current.rating) } : null
			} as const;
		const after = { rating: values.rating, rationale: checked.rationale };
		if (current && current.rating === after.rating && current.rationale === after.rationale)
			return { ok: true, version: current.version, savedAt: current.savedAt } as const;
		const now = new Date();
		const version = (current?.version ?? 0) + 1;
		if (current)
			await tx
				.update(agreedRating)
				.set({ ...after, agreedBy: scope.userId, version, updatedAt: now })
				.where(eq(agreedRating.id, current.id));
		else
			await tx.insert(agreedRating).values({
				tenantId: scope.tenantId,
				reviewId: access.review.id,
				criterionId,
				...after,
				agreedBy: scope.userId,
				updatedAt: now
			});
		await writeAudit(tx, scope, {
			action: 'peer-review.agreed-rating-saved',
			subject: auditSubject(access),
			detail: {
				criterion: checked.criterion.code,
				before: current ? levelLabel(checked.scale, current.rating) : null,
				after: levelLabel(checked.scale, after.rating)
			}
		});
		return { ok: true, version, savedAt: now } as const;
	});
}

/**
 * The lead finishes moderation and the report is begun: every criterion a reviewer rated
 * needs an agreed rating (and there must be at least one), else the missing codes come back.
 */
export async function finishModeration(
	scope: Scope,
	reviewId: string,
	expectedVersion: number
): Promise<StepResult> {
	return writeReview(scope, reviewId, 'lead', ['visit'], async (tx, access) => {
		if (access.review.version !== expectedVersion) return STALE;
		const shared = await sharedContent(tx, access);
		if (!shared) return NOT_FOUND;
		const { rows, agreedCount } = await moderationRows(tx, access, shared);
		const missing = missingAgreement(rows);
		if (agreedCount === 0 || missing.length > 0)
			return { ok: false, reason: 'incomplete', missing } as const;
		const moved = await moveStage(tx, scope, access, {
			from: 'visit',
			to: 'report',
			event: 'report_started',
			expectedVersion
		});
		return moved.ok ? moved : moved.reason === 'stale' ? STALE : wrongStage(moved.stage);
	});
}

// ---------------------------------------------------------------------------------------
// Calibration

/**
 * Self-rating against agreed rating for each criterion with an agreed rating, grouped by
 * section, with how often the self-rating was higher, the same or lower in each section.
 */
export async function reviewCalibration(scope: Scope, reviewId: string) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || !reviewPageOpen('calibration', access.role, access.review.stage))
			return undefined;
		const shared = await sharedContent(tx, access);
		if (!shared) return undefined;
		const agreed = await tx
			.select({ criterionId: agreedRating.criterionId, rating: agreedRating.rating })
			.from(agreedRating)
			.where(eq(agreedRating.reviewId, access.review.id));
		const agreedOf = new Map(agreed.map((a) => [a.criterionId, a.rating]));
		const sections = shared.content
			.map((s) => ({
				id: s.id,
				code: s.code,
				title: s.title,
				criteria: s.criteria
					.filter((c) => agreedOf.has(c.id))
					.map((c) => {
						const self = c.values.rating;
						const agreedLevel = agreedOf.get(c.id)!;
						const comparison: Comparison | null =
							self === null ? null : compareRatings(self, agreedLevel);
						return {
							id: c.id,
							code: c.code,
							title: c.title,
							self,
							agreed: agreedLevel,
							comparison
						};
					})
			}))
			.filter((s) => s.criteria.length > 0);
		const counts = calibrationCounts(
			sections.flatMap((s) =>
				s.criteria.map((c) => ({
					groupKey: s.id,
					groupLabel: `${s.code} ${s.title}`,
					self: c.self,
					agreed: c.agreed
				}))
			)
		);
		const countsOf = new Map(counts.map((c) => [c.key, c]));
		const none = { higher: 0, equal: 0, lower: 0 };
		const sum = (key: 'higher' | 'equal' | 'lower') => counts.reduce((n, c) => n + c[key], 0);
		return {
			review: { id: access.review.id, stage: access.review.stage },
			scale: shared.context.scale,
			sections: sections.map((s) => {
				const c = countsOf.get(s.id);
				return { ...s, counts: c ? { higher: c.higher, equal: c.equal, lower: c.lower } : none };
			}),
			totals: { higher: sum('higher'), equal: sum('equal'), lower: sum('lower') }
		};
	});
}
