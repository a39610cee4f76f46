import { and, asc, eq } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import { isRealDate } from '../../domain/dates';
import { QUESTION_MAX, VISIT_DAYS_MAX, VISIT_TEXT_MAX, visitDays } from '../../schemas/review-work';
import type { Scope } from '../auth/guards';
import { appUser, lineOfEnquiry, peerReview } from '../db/schema';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { invalid } from './frameworks';
import {
	byHost,
	byLead,
	byReviewer,
	isReviewer,
	moveStage,
	PLANNING_STAGES,
	readReview,
	reviewersMayWriteAt,
	reviewSubject,
	writeReview,
	type ReviewAccess,
	type ReviewRow
} from './review-access';
import {
	BAD_CRITERIA,
	codesOf,
	criterionChoices,
	linkedCriteria,
	sharedContent,
	type SharedContent
} from './review-framework';
import {
	DONE,
	STALE,
	staleWith,
	type EntryResult,
	type Refusal,
	type RemoveResult,
	type StaleWith,
	type StepResult
} from './review-results';
import { contextOf, contextProblem, type ReviewContext } from './review-sharing';
import { NOT_FOUND, type Invalid } from './structure';

// Stage 3: preparation. The host adds its context, the lead agrees the visit plan, and
// reviewers note the lines of enquiry they mean to follow.

/** The visit plan: first and last day (YYYY-MM-DD), what happens, whom the team meets. */
export interface VisitPlan {
	start: string;
	end: string | null;
	activities: string;
	people: string;
}

/** Any reviewer notes lines of enquiry, while the visit is prepared or under way. */
const ENQUIRING = { by: byReviewer, at: PLANNING_STAGES };

const planOf = (review: ReviewRow) => ({
	start: review.visitStart,
	end: review.visitEnd,
	activities: review.visitActivities,
	people: review.visitPeople
});

/** The review team's lines of enquiry, oldest first, with the codes of their criteria. */
async function enquiriesOf(tx: Tx, access: ReviewAccess, shared: SharedContent) {
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
		.where(eq(lineOfEnquiry.reviewId, access.review.id))
		.orderBy(asc(lineOfEnquiry.createdAt), asc(lineOfEnquiry.id));
	return rows.map(({ criterionIds, ...row }) => ({
		...row,
		criteria: codesOf(shared, criterionIds)
	}));
}

/**
 * Preparation: the host's context and the visit plan for reviewers and host; for reviewers
 * only, the lines of enquiry and the criteria they can be linked to.
 */
export async function preparationView(scope: Scope, reviewId: string) {
	return readReview(scope, reviewId, 'preparation', async (tx, access) => {
		const { review, role } = access;
		const reviewer = isReviewer(role);
		// The host never sees the team's lines of enquiry.
		const shared = reviewer ? await sharedContent(tx, access) : null;
		if (shared === undefined) return undefined;
		const planning = reviewersMayWriteAt(access, PLANNING_STAGES);
		return {
			review: { id: review.id, stage: review.stage, version: review.version },
			context: contextOf(review),
			plan: planOf(review),
			enquiries: shared && (await enquiriesOf(tx, access, shared)),
			criteria: shared && criterionChoices(shared),
			rights: {
				editContext: role === 'host' && review.stage === 'preparation',
				editPlan: role === 'lead' && planning,
				enquire: planning,
				startVisit: role === 'lead' && review.stage === 'preparation'
			}
		};
	});
}

export type ContextResult =
	typeof DONE | Refusal | StaleWith<ReturnType<typeof contextOf>> | Invalid<keyof ReviewContext>;

/** The host changes its context while the review is in preparation. */
export async function saveContext(
	scope: Scope,
	reviewId: string,
	expectedVersion: number,
	context: ReviewContext
): Promise<ContextResult> {
	return writeReview(scope, reviewId, { by: byHost, at: ['preparation'] }, async (tx, access) => {
		const { review } = access;
		if (review.version !== expectedVersion) return staleWith(contextOf(review), review.version);
		const problem = contextProblem(context);
		if (problem) return problem;
		await tx
			.update(peerReview)
			.set({ ...context, version: review.version + 1, updatedAt: new Date() })
			.where(eq(peerReview.id, review.id));
		await writeAudit(tx, scope, {
			action: 'peer-review.context-saved',
			subject: reviewSubject(access),
			detail: { before: contextOf(review), after: context }
		});
		return DONE;
	});
}

type PlanField = 'visitStart' | 'visitEnd' | 'activities' | 'people';

export type PlanResult =
	typeof DONE | Refusal | StaleWith<ReturnType<typeof planOf>> | Invalid<PlanField>;

function planProblem(plan: VisitPlan): Invalid<PlanField> | undefined {
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
	return writeReview(scope, reviewId, { by: byLead, at: PLANNING_STAGES }, async (tx, access) => {
		const { review } = access;
		if (review.version !== expectedVersion) return staleWith(planOf(review), review.version);
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
			subject: reviewSubject(access),
			detail: { before: planOf(review), after }
		});
		return DONE;
	});
}

/** A reviewer adds a line of enquiry, linked to criteria of the host's framework version. */
export async function addEnquiry(
	scope: Scope,
	reviewId: string,
	input: { question: string; criterionIds: string[] }
): Promise<EntryResult<'question' | 'criterionIds'>> {
	return writeReview(scope, reviewId, ENQUIRING, async (tx, access) => {
		const question = input.question.trim();
		if (!question || question.length > QUESTION_MAX)
			return invalid('question', `Enter a question of ${QUESTION_MAX} characters or fewer`);
		const linked = await linkedCriteria(tx, access, input.criterionIds);
		if (!linked?.length) return BAD_CRITERIA;
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
			subject: reviewSubject(access),
			detail: { question, criteria: linked.map((c) => c.code) }
		});
		return { ok: true, id: row!.id } as const;
	});
}

/** Any reviewer removes a line of enquiry, while the visit is being prepared or under way. */
export async function removeEnquiry(
	scope: Scope,
	reviewId: string,
	enquiryId: string
): Promise<RemoveResult> {
	if (!isRecordId(enquiryId)) return NOT_FOUND;
	return writeReview(scope, reviewId, ENQUIRING, async (tx, access) => {
		const [removed] = await tx
			.delete(lineOfEnquiry)
			.where(and(eq(lineOfEnquiry.id, enquiryId), eq(lineOfEnquiry.reviewId, access.review.id)))
			.returning({ question: lineOfEnquiry.question });
		if (!removed) return NOT_FOUND;
		await writeAudit(tx, scope, {
			action: 'peer-review.enquiry-removed',
			subject: reviewSubject(access),
			detail: { question: removed.question }
		});
		return DONE;
	});
}

/** The lead starts the visit, once its first day is planned. */
export async function startVisit(
	scope: Scope,
	reviewId: string,
	expectedVersion: number
): Promise<StepResult> {
	return writeReview(scope, reviewId, { by: byLead, at: ['preparation'] }, async (tx, access) => {
		if (access.review.version !== expectedVersion) return STALE;
		if (!access.review.visitStart) return { ok: false, reason: 'no-visit-date' } as const;
		return moveStage(tx, scope, access, {
			from: 'preparation',
			to: 'visit',
			event: 'visit_started',
			expectedVersion
		});
	});
}
