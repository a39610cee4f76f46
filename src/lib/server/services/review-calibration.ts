import { and, asc, count, countDistinct, desc, eq } from 'drizzle-orm';
import { calibrationCounts, type CalibrationCounts } from '../../domain/calibration';
import { isRecordId } from '../../domain/ids';
import type { Scope } from '../auth/guards';
import { rowOf } from '../db/joins';
import {
	agreedRating,
	evaluationCycle,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	judgement,
	peerReview,
	reviewRound
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { assertLaStaff } from './peer-reviewers';

/**
 * Every rating agreed in the cycle's finalised peer reviews beside the host's own rating of
 * the criterion in the self-evaluation the review used (null if it left it unrated), in
 * framework order.
 */
export function agreedAgainstOwn(tx: Tx, cycleId: string) {
	return tx
		.select({
			reviewId: peerReview.id,
			hostId: peerReview.hostSettingId,
			frameworkId: framework.id,
			frameworkKey: framework.key,
			frameworkName: framework.name,
			code: frameworkSection.code,
			title: frameworkSection.title,
			agreed: agreedRating.rating,
			self: judgement.rating
		})
		.from(agreedRating)
		.innerJoin(peerReview, rowOf(peerReview, agreedRating.tenantId, agreedRating.reviewId))
		.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
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
			rowOf(frameworkVersion, frameworkSection.tenantId, frameworkSection.versionId)
		)
		.innerJoin(framework, rowOf(framework, frameworkVersion.tenantId, frameworkVersion.frameworkId))
		.leftJoin(
			judgement,
			and(
				eq(judgement.tenantId, peerReview.tenantId),
				eq(judgement.evaluationId, peerReview.evaluationId),
				eq(judgement.criterionId, agreedRating.criterionId)
			)
		)
		.where(finalisedIn(cycleId))
		.orderBy(
			asc(framework.name),
			asc(framework.id),
			asc(frameworkVersion.number),
			asc(frameworkSection.position),
			asc(frameworkCriterion.position)
		);
}

/** Finalised peer reviews of rounds in the cycle (with peer_review joined to review_round). */
export const finalisedIn = (cycleId: string) =>
	and(eq(reviewRound.cycleId, cycleId), eq(peerReview.stage, 'finalised'));

interface SectionCalibration extends CalibrationCounts {
	frameworkName: string;
	code: string;
	title: string;
}

/**
 * Across the finalised reviews of one cycle, per framework section (in framework order):
 * how often the host's own rating of a criterion, in the self-evaluation the review used,
 * was higher than, equal to or lower than the rating its peers agreed. With no cycle named,
 * the newest cycle that has finalised reviews. Null when the cycle named is not the tenant's.
 */
export async function cycleCalibration(scope: Scope, cycleId: string | null) {
	assertLaStaff(scope);
	return inTenant(scope, async (tx) => {
		const [cycles, finalised] = await Promise.all([
			tx
				.select({ id: evaluationCycle.id, name: evaluationCycle.name })
				.from(evaluationCycle)
				.orderBy(desc(evaluationCycle.deadline), desc(evaluationCycle.createdAt)),
			tx
				.select({ cycleId: reviewRound.cycleId, n: count() })
				.from(peerReview)
				.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
				.where(eq(peerReview.stage, 'finalised'))
				.groupBy(reviewRound.cycleId)
		]);
		const finalisedCount = new Map(finalised.map((f) => [f.cycleId, f.n]));
		const options = cycles.map((c) => ({ ...c, finalised: finalisedCount.get(c.id) ?? 0 }));
		let cycle = options.find((c) => c.finalised > 0) ?? options[0];
		if (cycleId !== null) {
			cycle = isRecordId(cycleId) ? options.find((c) => c.id === cycleId) : undefined;
			if (!cycle) return null;
		}
		if (!cycle)
			return { cycles: options, cycle: null, sections: [], reviewsCounted: 0, comparisons: 0 };

		const rows = await agreedAgainstOwn(tx, cycle.id);
		// Sections of the same framework are one group across its versions, matched by code.
		const keyOf = (r: (typeof rows)[number]) => `${r.frameworkId}:${r.code.toLowerCase()}`;
		const about = new Map(rows.map((r) => [keyOf(r), r]));
		const sections: SectionCalibration[] = calibrationCounts(
			rows.map((r) => ({
				groupKey: keyOf(r),
				groupLabel: `${r.code} ${r.title}`,
				self: r.self,
				agreed: r.agreed
			}))
		).map((c) => {
			const r = about.get(c.key)!;
			return { ...c, frameworkName: r.frameworkName, code: r.code, title: r.title };
		});
		const counted = new Set(
			rows.filter((r) => r.self !== null && r.agreed !== null).map((r) => r.reviewId)
		);
		const [all] = await tx
			.select({ n: countDistinct(peerReview.id) })
			.from(peerReview)
			.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
			.where(finalisedIn(cycle.id));
		return {
			cycles: options,
			cycle: { id: cycle.id, name: cycle.name, finalised: all?.n ?? 0 },
			sections,
			reviewsCounted: counted.size,
			comparisons: sections.reduce((n, s) => n + s.higher + s.equal + s.lower, 0)
		};
	});
}
