import { and, eq } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import type { ReviewEvent, ReviewStage } from '../../domain/peer-review';
import type { Scope } from '../auth/guards';
import { organisation, peerReview, reviewEvent, reviewReviewer, reviewRound } from '../db/schema';
import { rowOf } from '../db/joins';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';

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

export type StageMoveResult =
	| { ok: true }
	| { ok: false; reason: 'stale' }
	| { ok: false; reason: 'wrong-stage'; stage: ReviewStage };

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
	if (review.version !== step.expectedVersion) return { ok: false, reason: 'stale' };
	if (review.stage !== step.from) return { ok: false, reason: 'wrong-stage', stage: review.stage };
	await tx
		.update(peerReview)
		.set({ ...step.set, stage: step.to, version: review.version + 1, updatedAt: new Date() })
		.where(eq(peerReview.id, review.id));
	await recordReviewEvent(tx, scope, access, step.event, step.comment ?? '');
	return { ok: true };
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
		subject: `${access.hostName}, ${access.roundName}`,
		detail: comment ? { comment } : {}
	});
}
