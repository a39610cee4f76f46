import { and, asc, desc, eq, inArray, lte, or, type SQL } from 'drizzle-orm';
import { criterionKey } from '../../domain/cpd';
import type { EvaluationStatus, SharingLevel } from '../../domain/evaluation';
import type { ScaleLevel } from '../../domain/framework';
import type { CriterionRatings, GapCriterion } from '../../domain/gaps';
import {
	agreedRating,
	evaluationCycle,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	judgement,
	peerReview,
	reviewRound,
	selfEvaluation
} from '../db/schema';
import { rowOf } from '../db/joins';
import type { Tx } from '../db/tenant';
import { groupBy } from './section-results';

/** Where a self-evaluation's peer-agreed ratings come from. */
export interface PeerSource {
	reviewId: string;
	roundName: string;
	cycleName: string;
	/** The review was of this very self-evaluation, not an earlier one. */
	ofThisEvaluation: boolean;
}

/** One self-evaluation of a cycle with every criterion's ratings, ready for `rankGaps`. */
export interface EvaluationGapInput {
	evaluationId: string;
	settingId: string;
	status: EvaluationStatus;
	sharing: SharingLevel;
	framework: { id: string; key: string; name: string };
	versionId: string;
	scale: ScaleLevel[];
	/** In framework order. */
	criteria: GapCriterion[];
	peerSource: PeerSource | null;
}

/** The cycle before this one: the one with the latest deadline before its deadline. */
async function previousCycleOf(tx: Tx, cycleId: string) {
	const [cycle] = await tx
		.select({ deadline: evaluationCycle.deadline, createdAt: evaluationCycle.createdAt })
		.from(evaluationCycle)
		.where(eq(evaluationCycle.id, cycleId));
	if (!cycle) return null;
	const earlier = await tx
		.select({ id: evaluationCycle.id, deadline: evaluationCycle.deadline })
		.from(evaluationCycle)
		.where(lte(evaluationCycle.deadline, cycle.deadline))
		.orderBy(desc(evaluationCycle.deadline), desc(evaluationCycle.createdAt));
	const at = earlier.findIndex((c) => c.id === cycleId);
	return { deadline: cycle.deadline, previousId: earlier[at + 1]?.id ?? null };
}

/** Ratings by framework and criterion code, for evaluations (and reviews) of other versions. */
async function ratingsByCode(tx: Tx, evaluationIds: string[]) {
	if (evaluationIds.length === 0) return new Map<string, Map<string, CriterionRatings>>();
	const rows = await tx
		.select({
			evaluationId: judgement.evaluationId,
			frameworkId: frameworkVersion.frameworkId,
			code: frameworkCriterion.code,
			rating: judgement.rating,
			target: judgement.targetRating
		})
		.from(judgement)
		.innerJoin(
			frameworkCriterion,
			rowOf(frameworkCriterion, judgement.tenantId, judgement.criterionId)
		)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, frameworkCriterion.tenantId, frameworkCriterion.versionId)
		)
		.where(inArray(judgement.evaluationId, evaluationIds));
	const byEvaluation = new Map<string, Map<string, CriterionRatings>>();
	for (const r of rows) {
		const map = byEvaluation.get(r.evaluationId) ?? new Map<string, CriterionRatings>();
		map.set(criterionKey(r.frameworkId, r.code), {
			rating: r.rating,
			target: r.target,
			peer: null
		});
		byEvaluation.set(r.evaluationId, map);
	}
	return byEvaluation;
}

/**
 * The settings' finalised peer reviews, newest first per setting, with their agreed ratings by
 * framework and criterion code: those of rounds up to the cycle's deadline, and any review of
 * the cycle's own self-evaluations whatever its round. Only those shared with the area board,
 * if asked.
 */
async function finalisedReviews(
	tx: Tx,
	of: { settingIds: string[]; evaluationIds: string[]; deadline: string },
	boardSharedOnly: boolean
) {
	if (of.settingIds.length === 0) return [];
	const reviews = await tx
		.select({
			reviewId: peerReview.id,
			settingId: peerReview.hostSettingId,
			evaluationId: peerReview.evaluationId,
			roundName: reviewRound.name,
			cycleName: evaluationCycle.name
		})
		.from(peerReview)
		.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
		.innerJoin(evaluationCycle, rowOf(evaluationCycle, reviewRound.tenantId, reviewRound.cycleId))
		.where(
			and(
				inArray(peerReview.hostSettingId, of.settingIds),
				eq(peerReview.stage, 'finalised'),
				or(
					lte(evaluationCycle.deadline, of.deadline),
					inArray(peerReview.evaluationId, of.evaluationIds)
				),
				boardSharedOnly ? eq(peerReview.boardSharing, true) : undefined
			)
		)
		.orderBy(desc(evaluationCycle.deadline), desc(peerReview.finalisedAt));
	if (reviews.length === 0) return [];
	const agreed = await tx
		.select({
			reviewId: agreedRating.reviewId,
			frameworkId: frameworkVersion.frameworkId,
			code: frameworkCriterion.code,
			rating: agreedRating.rating
		})
		.from(agreedRating)
		.innerJoin(
			frameworkCriterion,
			rowOf(frameworkCriterion, agreedRating.tenantId, agreedRating.criterionId)
		)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, frameworkCriterion.tenantId, frameworkCriterion.versionId)
		)
		.where(
			inArray(
				agreedRating.reviewId,
				reviews.map((r) => r.reviewId)
			)
		);
	const byReview = groupBy(agreed, (a) => a.reviewId);
	return reviews.map((r) => ({
		...r,
		ratings: new Map(
			(byReview.get(r.reviewId) ?? []).map((a) => [criterionKey(a.frameworkId, a.code), a.rating])
		)
	}));
}

/**
 * Every self-evaluation of the cycle (or of the given settings only) with each criterion's
 * self, target and peer-agreed ratings, now and in the previous cycle.
 *
 * Peer-agreed ratings come from the finalised review of this self-evaluation, or else from the
 * setting's latest finalised review before it (matched by criterion code), as reviews usually
 * look at last year's signed-off self-evaluation. Last cycle's peer ratings come only from a
 * review of last cycle's self-evaluation. Views for area boards ask for `boardSharedReviews`:
 * a review's findings reach a board only when the setting shared the review with it.
 */
export async function gapInputs(
	tx: Tx,
	cycleId: string,
	settingIds?: readonly string[],
	options: { boardSharedReviews?: boolean } = {}
): Promise<EvaluationGapInput[]> {
	const cycle = await previousCycleOf(tx, cycleId);
	if (!cycle || settingIds?.length === 0) return [];
	const where: SQL = and(
		eq(selfEvaluation.cycleId, cycleId),
		settingIds ? inArray(selfEvaluation.settingId, [...settingIds]) : undefined
	)!;
	const evaluations = await tx
		.select({
			evaluationId: selfEvaluation.id,
			settingId: selfEvaluation.settingId,
			status: selfEvaluation.status,
			sharing: selfEvaluation.sharing,
			versionId: selfEvaluation.versionId,
			scale: frameworkVersion.scale,
			frameworkId: framework.id,
			frameworkKey: framework.key,
			frameworkName: framework.name
		})
		.from(selfEvaluation)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, selfEvaluation.tenantId, selfEvaluation.versionId)
		)
		.innerJoin(framework, rowOf(framework, frameworkVersion.tenantId, frameworkVersion.frameworkId))
		.where(where)
		.orderBy(asc(framework.key), asc(selfEvaluation.settingId));
	if (evaluations.length === 0) return [];
	const settings = evaluations.map((e) => e.settingId);
	const versionIds = [...new Set(evaluations.map((e) => e.versionId))];
	const [criteria, previousEvaluations, reviews] = await Promise.all([
		tx
			.select({
				id: frameworkCriterion.id,
				versionId: frameworkCriterion.versionId,
				code: frameworkCriterion.code,
				title: frameworkCriterion.title,
				statutory: frameworkCriterion.statutory,
				areasOfNeed: frameworkCriterion.areasOfNeed,
				sectionCode: frameworkSection.code,
				sectionTitle: frameworkSection.title
			})
			.from(frameworkCriterion)
			.innerJoin(
				frameworkSection,
				rowOf(frameworkSection, frameworkCriterion.tenantId, frameworkCriterion.sectionId)
			)
			.where(inArray(frameworkCriterion.versionId, versionIds))
			.orderBy(asc(frameworkSection.position), asc(frameworkCriterion.position)),
		cycle.previousId
			? tx
					.select({ id: selfEvaluation.id, settingId: selfEvaluation.settingId })
					.from(selfEvaluation)
					.where(
						and(
							eq(selfEvaluation.cycleId, cycle.previousId),
							inArray(selfEvaluation.settingId, settings)
						)
					)
			: Promise.resolve([]),
		finalisedReviews(
			tx,
			{
				settingIds: settings,
				evaluationIds: evaluations.map((e) => e.evaluationId),
				deadline: cycle.deadline
			},
			options.boardSharedReviews ?? false
		)
	]);
	const previousOf = new Map(previousEvaluations.map((p) => [p.settingId, p.id]));
	const [current, earlier] = await Promise.all([
		ratingsByCode(
			tx,
			evaluations.map((e) => e.evaluationId)
		),
		ratingsByCode(
			tx,
			previousEvaluations.map((p) => p.id)
		)
	]);
	const criteriaOf = groupBy(criteria, (c) => c.versionId);
	const reviewsOf = groupBy(reviews, (r) => r.settingId);

	return evaluations.map((e) => {
		const own = reviewsOf.get(e.settingId) ?? [];
		const review = own.find((r) => r.evaluationId === e.evaluationId) ?? own[0];
		const previousId = previousOf.get(e.settingId);
		const previousReview = previousId ? own.find((r) => r.evaluationId === previousId) : undefined;
		const now = current.get(e.evaluationId);
		const before = previousId ? earlier.get(previousId) : undefined;
		return {
			evaluationId: e.evaluationId,
			settingId: e.settingId,
			status: e.status,
			sharing: e.sharing,
			framework: { id: e.frameworkId, key: e.frameworkKey, name: e.frameworkName },
			versionId: e.versionId,
			scale: e.scale,
			peerSource: review
				? {
						reviewId: review.reviewId,
						roundName: review.roundName,
						cycleName: review.cycleName,
						ofThisEvaluation: review.evaluationId === e.evaluationId
					}
				: null,
			criteria: (criteriaOf.get(e.versionId) ?? []).map((c) => {
				const key = criterionKey(e.frameworkId, c.code);
				const last = before?.get(key);
				return {
					id: c.id,
					code: c.code,
					title: c.title,
					sectionCode: c.sectionCode,
					sectionTitle: c.sectionTitle,
					statutory: c.statutory,
					areasOfNeed: c.areasOfNeed,
					rating: now?.get(key)?.rating ?? null,
					target: now?.get(key)?.target ?? null,
					peer: review?.ratings.get(key) ?? null,
					previous: before
						? {
								rating: last?.rating ?? null,
								target: last?.target ?? null,
								peer: previousReview?.ratings.get(key) ?? null
							}
						: null
				};
			})
		};
	});
}
