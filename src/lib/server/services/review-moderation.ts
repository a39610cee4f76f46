import { and, eq } from 'drizzle-orm';
import { calibrationCounts, compareRatings, type Comparison } from '../../domain/calibration';
import type { Scope } from '../auth/guards';
import { agreedRating, appUser, reviewerRating } from '../db/schema';
import type { Tx } from '../db/tenant';
import { reviewersOf } from './peer-reviews';
import {
	byLead,
	moveStage,
	reviewersMayWriteAt,
	VISIT_STAGES,
	writeReview,
	type ReviewAccess
} from './review-access';
import { readShared, sharedContent, type SharedContent } from './review-framework';
import { saveLevel, type LevelRationale, type LevelResult } from './review-ratings';
import { undoHostCheck } from './review-report';
import { STALE, type StepResult } from './review-results';
import { NOT_FOUND } from './structure';

// Stage 4: moderation, where the lead records the ratings the team agrees, and the
// calibration of the host's self-ratings against them.

/** Where reviewers' ratings of a criterion part: from each other, from the self-rating. */
export function disagreement(self: number | null, ratings: readonly number[]) {
	return {
		reviewersDiffer: new Set(ratings).size > 1,
		differsFromSelf: self !== null && ratings.some((r) => r !== self)
	};
}

const agreedColumns = {
	rating: agreedRating.rating,
	rationale: agreedRating.rationale,
	version: agreedRating.version,
	savedAt: agreedRating.updatedAt,
	savedByName: appUser.name
};

/** The review's agreed ratings, with who recorded each. */
const agreedRatings = (tx: Tx, reviewId: string) =>
	tx
		.select({ criterionId: agreedRating.criterionId, ...agreedColumns })
		.from(agreedRating)
		.leftJoin(appUser, eq(appUser.id, agreedRating.agreedBy))
		.where(eq(agreedRating.reviewId, reviewId));

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
		agreedRatings(tx, access.review.id)
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

const disagrees = (row: { reviewersDiffer: boolean; differsFromSelf: boolean }) =>
	row.reviewersDiffer || row.differsFromSelf;

/**
 * The moderation view: for each criterion any reviewer rated, the self-rating, each
 * reviewer's rating and rationale, whether they differ, and the agreed rating so far.
 */
export async function moderationView(
	scope: Scope,
	reviewId: string,
	filter: { sectionId?: string | null; onlyDisagreements?: boolean } = {}
) {
	return readShared(scope, reviewId, 'moderation', async (tx, access, shared) => {
		const { reviewers, rows, agreedCount } = await moderationRows(tx, access, shared);
		const section = shared.content.find((s) => s.id === filter.sectionId) ?? null;
		const shown = rows.filter(
			(r) => (!section || r.sectionId === section.id) && (!filter.onlyDisagreements || disagrees(r))
		);
		const { review, role } = access;
		const moderating = role === 'lead' && reviewersMayWriteAt(access, VISIT_STAGES);
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
				disagreements: rows.filter(disagrees).length
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
	const input = { criterionId, expectedVersion, values };
	return saveLevel(scope, reviewId, input, { by: byLead, at: VISIT_STAGES }, (tx, access) => {
		const key = { tenantId: scope.tenantId, reviewId: access.review.id, criterionId };
		return {
			audit: 'peer-review.agreed-rating-saved',
			read: async () => {
				const [row] = await tx
					.select({ id: agreedRating.id, ...agreedColumns })
					.from(agreedRating)
					.leftJoin(appUser, eq(appUser.id, agreedRating.agreedBy))
					.where(
						and(eq(agreedRating.reviewId, key.reviewId), eq(agreedRating.criterionId, criterionId))
					);
				return row;
			},
			write: async (current, next) => {
				const agreed = { ...next, agreedBy: scope.userId };
				await (current
					? tx.update(agreedRating).set(agreed).where(eq(agreedRating.id, current.id))
					: tx.insert(agreedRating).values({ ...key, ...agreed }));
				// The host's check covered the ratings as they were; this one needs checking again.
				await undoHostCheck(tx, access);
			}
		};
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
	return writeReview(scope, reviewId, { by: byLead, at: ['visit'] }, async (tx, access) => {
		if (access.review.version !== expectedVersion) return STALE;
		const shared = await sharedContent(tx, access);
		if (!shared) return NOT_FOUND;
		const { rows, agreedCount } = await moderationRows(tx, access, shared);
		const missing = missingAgreement(rows);
		if (agreedCount === 0 || missing.length > 0)
			return { ok: false, reason: 'incomplete', missing } as const;
		return moveStage(tx, scope, access, {
			from: 'visit',
			to: 'report',
			event: 'report_started',
			expectedVersion
		});
	});
}

/**
 * Self-rating against agreed rating for each criterion with an agreed rating, grouped by
 * section, with how often the self-rating was higher, the same or lower in each section.
 */
export async function reviewCalibration(scope: Scope, reviewId: string) {
	return readShared(scope, reviewId, 'calibration', async (tx, access, shared) => {
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
