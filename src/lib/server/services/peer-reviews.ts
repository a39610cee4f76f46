import { and, asc, desc, eq, inArray, or } from 'drizzle-orm';
import type { Scope } from '../auth/guards';
import {
	appUser,
	evaluationCycle,
	organisation,
	peerReview,
	peerReviewer,
	reviewEvent,
	reviewReviewer,
	reviewRound
} from '../db/schema';
import { rowOf } from '../db/joins';
import { inTenant, type Tx } from '../db/tenant';
import { HOST_ROLES, reviewFor } from './review-access';

/** The people reviewing a host, lead first, with the setting each reviews from. */
export async function reviewersOf(tx: Tx, reviewId: string) {
	return tx
		.select({
			userId: reviewReviewer.userId,
			name: appUser.name,
			email: appUser.email,
			settingId: reviewReviewer.settingId,
			settingName: organisation.name,
			isLead: reviewReviewer.isLead
		})
		.from(reviewReviewer)
		.innerJoin(appUser, eq(appUser.id, reviewReviewer.userId))
		.innerJoin(organisation, rowOf(organisation, reviewReviewer.tenantId, reviewReviewer.settingId))
		.where(eq(reviewReviewer.reviewId, reviewId))
		.orderBy(desc(reviewReviewer.isLead), asc(appUser.name));
}

/** What every page of a review shows at its head: the review, who reviews, the caller's standing. */
export async function reviewHeader(scope: Scope, reviewId: string) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access) return undefined;
		const { review } = access;
		return {
			review: {
				id: review.id,
				stage: review.stage,
				version: review.version,
				hostName: access.hostName,
				roundName: access.roundName,
				shared: review.evaluationId !== null,
				finalisedAt: review.finalisedAt
			},
			role: access.role,
			reviewers: await reviewersOf(tx, review.id)
		};
	});
}

/** The overview: the host's context, the visit plan, and the review's trail. */
export async function reviewOverview(scope: Scope, reviewId: string) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access) return undefined;
		const { review } = access;
		const events = await tx
			.select({
				action: reviewEvent.action,
				comment: reviewEvent.comment,
				actorName: appUser.name,
				at: reviewEvent.at
			})
			.from(reviewEvent)
			.leftJoin(appUser, eq(appUser.id, reviewEvent.actorId))
			.where(eq(reviewEvent.reviewId, review.id))
			.orderBy(desc(reviewEvent.at));
		return {
			context: {
				roll: review.roll,
				senSupport: review.senSupport,
				ehcp: review.ehcp,
				priorities: review.priorities
			},
			visit: {
				start: review.visitStart,
				end: review.visitEnd,
				activities: review.visitActivities,
				people: review.visitPeople
			},
			followUp: {
				date: review.followUpDate,
				doneOn: review.followUpDoneOn
			},
			events
		};
	});
}

/**
 * The reviews a person takes part in: those they review (under any role they hold in the
 * tenant) and, as head or SENCO, those of their own setting. Only confirmed rounds count.
 */
export async function myReviews(scope: Scope) {
	return inTenant(scope, async (tx) => {
		const { organisationKind, organisationId, role } = scope.membership;
		const hosting =
			organisationKind === 'setting' && (HOST_ROLES as readonly string[]).includes(role);
		const assigned = (
			await tx
				.select({ reviewId: reviewReviewer.reviewId })
				.from(reviewReviewer)
				.where(eq(reviewReviewer.userId, scope.userId))
		).map((r) => r.reviewId);
		const [registered] = await tx
			.select({ id: peerReviewer.id })
			.from(peerReviewer)
			.where(eq(peerReviewer.userId, scope.userId))
			.limit(1);
		const onRegister = registered !== undefined;
		if (!hosting && assigned.length === 0) return { reviewing: [], hosting: [], onRegister };
		const rows = await tx
			.select({
				id: peerReview.id,
				stage: peerReview.stage,
				hostSettingId: peerReview.hostSettingId,
				hostName: organisation.name,
				roundName: reviewRound.name,
				cycleName: evaluationCycle.name,
				visitStart: peerReview.visitStart,
				updatedAt: peerReview.updatedAt
			})
			.from(peerReview)
			.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
			.innerJoin(evaluationCycle, rowOf(evaluationCycle, reviewRound.tenantId, reviewRound.cycleId))
			.innerJoin(organisation, rowOf(organisation, peerReview.tenantId, peerReview.hostSettingId))
			.where(
				and(
					eq(reviewRound.status, 'confirmed'),
					or(
						assigned.length > 0 ? inArray(peerReview.id, assigned) : undefined,
						hosting ? eq(peerReview.hostSettingId, organisationId) : undefined
					)
				)
			)
			.orderBy(desc(evaluationCycle.createdAt), asc(organisation.name));
		return {
			reviewing: rows.filter((r) => assigned.includes(r.id)),
			hosting: rows.filter((r) => hosting && r.hostSettingId === organisationId),
			onRegister
		};
	});
}
