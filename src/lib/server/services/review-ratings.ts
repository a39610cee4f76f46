import { and, eq } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import { RATIONALE_MAX } from '../../schemas/review-work';
import type { Scope } from '../auth/guards';
import { reviewerRating } from '../db/schema';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { invalid } from './frameworks';
import {
	byReviewer,
	reviewersMayWriteAt,
	reviewSubject,
	VISIT_STAGES,
	writeReview,
	type ReviewAccess,
	type WriteRule
} from './review-access';
import { criteriaInVersion, levelLabel, readShared, sharedVersion } from './review-framework';
import type { Refusal } from './review-results';
import { NOT_FOUND, type Invalid } from './structure';

// Stage 4: each reviewer's own ratings, and what saving any level of a criterion takes
// (the lead's agreed ratings are saved the same way).

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

/** A level as stored, the reviewer's own or the agreed one. */
interface StoredLevel {
	id: string;
	rating: number;
	rationale: string;
	version: number;
	savedAt: Date;
	savedByName: string | null;
}

/** Where one criterion's level is kept: how to read it, and to write its next version. */
export interface LevelStore {
	audit: 'peer-review.rating-saved' | 'peer-review.agreed-rating-saved';
	read: () => Promise<StoredLevel | undefined>;
	/** Writes `next` over `current`, or as the first version when there is none. */
	write: (
		current: StoredLevel | undefined,
		next: LevelRationale & { version: number; updatedAt: Date }
	) => Promise<unknown>;
}

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
	if (!version.scale.some((l) => l.value === values.rating))
		return invalid('rating', 'Choose a level from the scale');
	const rationale = values.rationale.trim();
	if (!rationale || rationale.length > RATIONALE_MAX)
		return invalid('rationale', `Enter a rationale of ${RATIONALE_MAX} characters or fewer`);
	return { ok: true, criterion, scale: version.scale, rationale } as const;
}

/** One criterion's level as a form saves it, with the version of it the form was read at. */
export interface LevelSave {
	criterionId: string;
	/** 0 before the first save. */
	expectedVersion: number;
	values: LevelRationale;
}

/**
 * Saves the level of one criterion, once `rule` lets the caller write to the review, in the
 * store `storeOf` gives: if it is unchanged since it was read, else answering with what is
 * saved now. Saving what is there already changes nothing.
 */
export async function saveLevel(
	scope: Scope,
	reviewId: string,
	input: LevelSave,
	rule: WriteRule,
	storeOf: (tx: Tx, access: ReviewAccess) => LevelStore
): Promise<LevelResult> {
	if (!isRecordId(input.criterionId)) return NOT_FOUND;
	return writeReview(scope, reviewId, rule, async (tx, access) => {
		const checked = await checkLevel(tx, access, input.criterionId, input.values);
		if (!checked.ok) return checked;
		const store = storeOf(tx, access);
		const current = await store.read();
		const label = (rating: number) => levelLabel(checked.scale, rating);
		if ((current?.version ?? 0) !== input.expectedVersion)
			return {
				ok: false,
				reason: 'conflict',
				current: current ? { ...current, label: label(current.rating) } : null
			} as const;
		const after = { rating: input.values.rating, rationale: checked.rationale };
		if (current && current.rating === after.rating && current.rationale === after.rationale)
			return { ok: true, version: current.version, savedAt: current.savedAt } as const;
		const now = new Date();
		const version = (current?.version ?? 0) + 1;
		await store.write(current, { ...after, version, updatedAt: now });
		await writeAudit(tx, scope, {
			action: store.audit,
			subject: reviewSubject(access),
			detail: {
				criterion: checked.criterion.code,
				before: current ? label(current.rating) : null,
				after: label(after.rating)
			}
		});
		return { ok: true, version, savedAt: now } as const;
	});
}

const ownRatingColumns = {
	rating: reviewerRating.rating,
	rationale: reviewerRating.rationale,
	version: reviewerRating.version,
	savedAt: reviewerRating.updatedAt
};

/** The caller's own ratings on the review, by criterion. */
async function myRatings(tx: Tx, reviewId: string, reviewerId: string) {
	const rows = await tx
		.select({ criterionId: reviewerRating.criterionId, ...ownRatingColumns })
		.from(reviewerRating)
		.where(and(eq(reviewerRating.reviewId, reviewId), eq(reviewerRating.reviewerId, reviewerId)));
	return new Map(rows.map(({ criterionId, ...r }) => [criterionId, r]));
}

/**
 * A reviewer's ratings page: the sections with how many criteria they have rated, and for
 * the chosen section each criterion with the host's self-rating and their own rating.
 */
export async function ratingsView(scope: Scope, reviewId: string, sectionId?: string) {
	return readShared(scope, reviewId, 'ratings', async (tx, access, shared) => {
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
			rights: { rate: reviewersMayWriteAt(access, VISIT_STAGES) }
		};
	});
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
	const input = { criterionId, expectedVersion, values };
	return saveLevel(scope, reviewId, input, { by: byReviewer, at: VISIT_STAGES }, (tx, access) => {
		const key = {
			tenantId: scope.tenantId,
			reviewId: access.review.id,
			criterionId,
			reviewerId: scope.userId
		};
		return {
			audit: 'peer-review.rating-saved',
			read: async () => {
				const [row] = await tx
					.select({ id: reviewerRating.id, ...ownRatingColumns })
					.from(reviewerRating)
					.where(
						and(
							eq(reviewerRating.reviewId, key.reviewId),
							eq(reviewerRating.criterionId, criterionId),
							eq(reviewerRating.reviewerId, key.reviewerId)
						)
					);
				return row && { ...row, savedByName: null };
			},
			write: (current, next) =>
				current
					? tx.update(reviewerRating).set(next).where(eq(reviewerRating.id, current.id))
					: tx.insert(reviewerRating).values({ ...key, ...next })
		};
	});
}
