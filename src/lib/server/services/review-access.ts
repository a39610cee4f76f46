import { and, eq } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import {
	reviewPageOpen,
	type ReviewEvent,
	type ReviewPage,
	type ReviewStage
} from '../../domain/peer-review';
import type { Scope } from '../auth/guards';
import { organisation, peerReview, reviewEvent, reviewReviewer, reviewRound } from '../db/schema';
import { rowOf } from '../db/joins';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import {
	DONE,
	FORBIDDEN,
	STALE,
	wrongStage,
	type Refusal,
	type WrongStage
} from './review-results';
import { NOT_FOUND } from './structure';

/**
 * How the caller stands to a review: one of its reviewers (the lead among them), the host
 * setting's head or SENCO, or the LA. Anyone else has no standing and gets 404.
 */
export type ReviewRole = 'lead' | 'reviewer' | 'host' | 'la';

/** The host setting's roles that take part in its review. */
export const HOST_ROLES = ['headteacher', 'senco'] as const;

export type ReviewRow = typeof peerReview.$inferSelect;

export interface ReviewAccess {
	review: ReviewRow;
	role: ReviewRole;
	hostName: string;
	roundName: string;
	cycleId: string;
}

/**
 * The review and the caller's standing in it, locked if asked; undefined when the caller
 * has none. Settings and reviewers see a review only once its round is confirmed.
 * Reviewers are found by person, so a reviewer acting under any of their roles in the
 * tenant reaches the reviews they are assigned to.
 */
export async function reviewFor(
	tx: Tx,
	scope: Scope,
	reviewId: string,
	options: { lock?: 'update' | 'share' } = {}
): Promise<ReviewAccess | undefined> {
	if (!isRecordId(reviewId)) return undefined;
	const query = tx
		.select({
			review: peerReview,
			hostName: organisation.name,
			roundName: reviewRound.name,
			roundStatus: reviewRound.status,
			cycleId: reviewRound.cycleId
		})
		.from(peerReview)
		.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
		.innerJoin(organisation, rowOf(organisation, peerReview.tenantId, peerReview.hostSettingId))
		.where(eq(peerReview.id, reviewId));
	const [found] = options.lock ? await query.for(options.lock, { of: peerReview }) : await query;
	if (!found) return undefined;
	const role = await roleIn(tx, scope, found.review, found.roundStatus === 'confirmed');
	if (!role) return undefined;
	return {
		review: found.review,
		role,
		hostName: found.hostName,
		roundName: found.roundName,
		cycleId: found.cycleId
	};
}

async function roleIn(
	tx: Tx,
	scope: Scope,
	review: ReviewRow,
	confirmed: boolean
): Promise<ReviewRole | undefined> {
	const { organisationKind, organisationId, role } = scope.membership;
	if (organisationKind === 'la') return 'la';
	if (!confirmed) return undefined;
	const [reviewer] = await tx
		.select({ isLead: reviewReviewer.isLead })
		.from(reviewReviewer)
		.where(and(eq(reviewReviewer.reviewId, review.id), eq(reviewReviewer.userId, scope.userId)));
	if (reviewer) return reviewer.isLead ? 'lead' : 'reviewer';
	const isHost =
		organisationKind === 'setting' &&
		organisationId === review.hostSettingId &&
		(HOST_ROLES as readonly string[]).includes(role);
	return isHost ? 'host' : undefined;
}

export const isReviewer = (role: ReviewRole) => role === 'lead' || role === 'reviewer';

/** Reviewers write until the review is finalised; after that nobody changes their work. */
export const reviewersMayWrite = (access: ReviewAccess) =>
	isReviewer(access.role) && access.review.stage !== 'finalised';

/** Whether the host's self-evaluation is open to this caller: reviewers and host, once shared. */
export const seesSelfEvaluation = (access: ReviewAccess) =>
	access.review.evaluationId !== null && (isReviewer(access.role) || access.role === 'host');

/** Stages in which the lead plans the visit and reviewers record lines of enquiry. */
export const PLANNING_STAGES = ['preparation', 'visit'] as const satisfies ReviewStage[];
/** Stages in which reviewers log evidence, rate, and the lead records agreed ratings. */
export const VISIT_STAGES = ['visit', 'report'] as const satisfies ReviewStage[];

/** Whether the caller is a reviewer who may write now, and the review at one of these stages. */
export const reviewersMayWriteAt = (access: ReviewAccess, stages: readonly ReviewStage[]) =>
	reviewersMayWrite(access) && stages.includes(access.review.stage);

/** Who may take a step: the host's head or SENCO, the lead, any reviewer. */
export const byHost = (access: ReviewAccess) => access.role === 'host';
export const byLead = (access: ReviewAccess) => access.role === 'lead';
export const byReviewer = (access: ReviewAccess) => isReviewer(access.role);

/** The review as the audit log names it. */
export const reviewSubject = (access: Pick<ReviewAccess, 'hostName' | 'roundName'>) =>
	`${access.hostName}, ${access.roundName}`;

/**
 * Runs a read of the review for a caller to whom `page` is open at the review's stage;
 * undefined for anyone else, as the pages answer 404.
 */
export function readReview<T>(
	scope: Scope,
	reviewId: string,
	page: ReviewPage,
	read: (tx: Tx, access: ReviewAccess) => Promise<T | undefined>
): Promise<T | undefined> {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || !reviewPageOpen(page, access.role, access.review.stage)) return undefined;
		return read(tx, access);
	});
}

/** Who may write to a review (`by`), and at which stages (`at`; any, when not given). */
export interface WriteRule {
	by: (access: ReviewAccess) => boolean;
	at?: readonly ReviewStage[];
}

/**
 * Runs a write on the review, locked for the rest of the transaction, once the caller is
 * found to be someone `rule.by` accepts (else forbidden) and the review is at one of
 * `rule.at`, if given (else wrong stage). Anyone without standing in the review gets
 * not-found, as the pages do.
 */
export function writeReview<T>(
	scope: Scope,
	reviewId: string,
	rule: WriteRule,
	work: (tx: Tx, access: ReviewAccess) => Promise<T>
): Promise<T | Refusal> {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId, { lock: 'update' });
		if (!access) return NOT_FOUND;
		if (!rule.by(access)) return FORBIDDEN;
		const { stage } = access.review;
		// A finalised review is a record: reviewers lose every write, whatever the page says.
		if (isReviewer(access.role) && !reviewersMayWrite(access)) return wrongStage(stage);
		if (rule.at && !rule.at.includes(stage)) return wrongStage(stage);
		return work(tx, access);
	});
}

export type StageMoveResult = typeof DONE | typeof STALE | WrongStage;

/**
 * Moves a review one stage on (or back, for the host's factual check), only from the stage
 * named: no stage can be skipped. Records the step in the review's trail and the audit log.
 * The caller holds the review locked and has checked who may take the step.
 */
export async function moveStage(
	tx: Tx,
	scope: Scope,
	access: ReviewAccess,
	step: {
		from: ReviewStage;
		to: ReviewStage;
		event: ReviewEvent;
		expectedVersion: number;
		comment?: string;
		set?: Partial<typeof peerReview.$inferInsert>;
	}
): Promise<StageMoveResult> {
	const { review } = access;
	if (review.version !== step.expectedVersion) return STALE;
	if (review.stage !== step.from) return wrongStage(review.stage);
	await tx
		.update(peerReview)
		.set({ ...step.set, stage: step.to, version: review.version + 1, updatedAt: new Date() })
		.where(eq(peerReview.id, review.id));
	await recordReviewEvent(tx, scope, access, step.event, step.comment ?? '');
	return DONE;
}

/** Appends to the review's trail and to the audit log. */
export async function recordReviewEvent(
	tx: Tx,
	scope: Scope,
	access: ReviewAccess,
	action: ReviewEvent,
	comment = ''
) {
	await tx.insert(reviewEvent).values({
		tenantId: scope.tenantId,
		reviewId: access.review.id,
		action,
		comment,
		actorId: scope.userId
	});
	await writeAudit(tx, scope, {
		action: `peer-review.${action}`,
		subject: reviewSubject(access),
		detail: comment ? { comment } : {}
	});
}
