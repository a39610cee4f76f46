import { and, asc, count, desc, eq, gte, isNull, lt, lte, notExists, sql } from 'drizzle-orm';
import { todayInEngland } from '../../domain/dates';
import { isRecordId } from '../../domain/ids';
import {
	addDays,
	REVIEW_DUE_SOON_DAYS,
	reviewStanding,
	sectionWindows
} from '../../domain/sen-register';
import { REVIEWS_PAGE_SIZE, type ReviewInput } from '../../schemas/provision-pupils';
import type { Scope } from '../auth/guards';
import { apdrReview, senPupil } from '../db/schema';
import { rowOf } from '../db/joins';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';
import {
	readProvision,
	writeProvision,
	type NO_ACCESS,
	type ProvisionAccess,
	type READ_ONLY
} from './provision-access';
import { findPupil, provisionSubject } from './provision-pupils';
import type { Invalid } from './structure';

// Assess-plan-do-review: the cycles of each pupil's SEN support, when they are due, when
// they were held and how they went, and the setting's view of what is overdue or unplanned.

const reviewColumns = {
	id: apdrReview.id,
	dueOn: apdrReview.dueOn,
	heldOn: apdrReview.heldOn,
	outcome: apdrReview.outcome,
	version: apdrReview.version
};

async function findReview(tx: Tx, access: ProvisionAccess, pupilId: string, reviewId: string) {
	if (!isRecordId(reviewId)) return undefined;
	const [row] = await tx
		.select(reviewColumns)
		.from(apdrReview)
		.where(
			and(
				eq(apdrReview.settingId, access.settingId),
				eq(apdrReview.pupilId, pupilId),
				eq(apdrReview.id, reviewId)
			)
		);
	return row;
}
type ReviewRow = NonNullable<Awaited<ReturnType<typeof findReview>>>;

/** A saved review as its form shows it. */
export const reviewFormValues = (row: ReviewRow): ReviewInput => ({
	dueOn: row.dueOn,
	heldOn: row.heldOn ?? '',
	outcome: row.outcome
});

/**
 * A pupil's reviews, the latest due first, each with where it stands today; null when the
 * id is not one of the setting's pupils.
 */
export function pupilReviews(scope: Scope, pupilId: string, today = todayInEngland()) {
	return readProvision(scope, async (tx, access) => {
		const pupil = await findPupil(tx, access, pupilId);
		if (!pupil) return null;
		const rows = await tx
			.select(reviewColumns)
			.from(apdrReview)
			.where(and(eq(apdrReview.settingId, access.settingId), eq(apdrReview.pupilId, pupil.id)))
			.orderBy(desc(apdrReview.dueOn), desc(apdrReview.createdAt));
		return rows.map((r) => ({ ...r, ...reviewStanding(r, today) }));
	});
}

/**
 * What the pages to add, change or delete a review need: the pupil and, but for a new one,
 * the review; null when either is not the setting's. Refused to anyone who may not edit.
 */
export function reviewEditor(scope: Scope, pupilId: string, reviewId: string | null) {
	return writeProvision(scope, async (tx, access) => {
		const pupil = await findPupil(tx, access, pupilId);
		if (!pupil) return null;
		const review = reviewId === null ? null : await findReview(tx, access, pupil.id, reviewId);
		if (review === undefined) return null;
		return { pupil, review };
	});
}

export type SaveReviewResult =
	| { ok: true; id: string }
	| Invalid<keyof ReviewInput>
	| { ok: false; reason: 'conflict'; current: ReviewInput; version: number }
	| typeof NO_ACCESS
	| typeof READ_ONLY
	| null;

/** A review's columns from the form, or why the date held cannot be right. */
function reviewOf(
	input: ReviewInput,
	today: string
): Invalid<'heldOn'> | { dueOn: string; heldOn: string | null; outcome: string } {
	if (input.heldOn && input.heldOn > today)
		return {
			ok: false,
			reason: 'invalid',
			field: 'heldOn',
			message: 'The date held must be today or in the past'
		};
	return {
		dueOn: input.dueOn,
		heldOn: input.heldOn || null,
		outcome: input.heldOn ? input.outcome.trim() : ''
	};
}

/** Adds a review cycle for a pupil: due on a date, and held already if the form says so. */
export function addReview(
	scope: Scope,
	pupilId: string,
	input: ReviewInput,
	today = todayInEngland()
): Promise<SaveReviewResult> {
	return writeProvision(scope, async (tx, access): Promise<SaveReviewResult> => {
		const pupil = await findPupil(tx, access, pupilId);
		if (!pupil) return null;
		const review = reviewOf(input, today);
		if ('ok' in review) return review;
		const [row] = await tx
			.insert(apdrReview)
			.values({
				tenantId: scope.tenantId,
				settingId: access.settingId,
				pupilId: pupil.id,
				...review
			})
			.returning({ id: apdrReview.id });
		await writeAudit(tx, scope, {
			action: 'provision.review-added',
			subject: provisionSubject(access),
			detail: { pupilId: pupil.id, reviewId: row!.id, held: review.heldOn !== null }
		});
		return { ok: true, id: row!.id };
	});
}

/** Changes a review read at `version`; if someone saved it since, returns what they saved. */
export function updateReview(
	scope: Scope,
	pupilId: string,
	reviewId: string,
	version: number,
	input: ReviewInput,
	today = todayInEngland()
): Promise<SaveReviewResult> {
	return writeProvision(scope, async (tx, access): Promise<SaveReviewResult> => {
		const pupil = await findPupil(tx, access, pupilId);
		if (!pupil) return null;
		const before = await findReview(tx, access, pupil.id, reviewId);
		if (!before) return null;
		const conflict = (now: ReviewRow) =>
			({
				ok: false,
				reason: 'conflict',
				current: reviewFormValues(now),
				version: now.version
			}) as const;
		if (before.version !== version) return conflict(before);
		const after = reviewOf(input, today);
		if ('ok' in after) return after;
		const fields = (Object.keys(after) as (keyof typeof after)[]).filter(
			(k) => before[k] !== after[k]
		);
		if (!fields.length) return { ok: true, id: before.id };
		const updated = await tx
			.update(apdrReview)
			.set({ ...after, version: before.version + 1, updatedAt: new Date() })
			.where(and(eq(apdrReview.id, before.id), eq(apdrReview.version, version)))
			.returning({ id: apdrReview.id });
		if (!updated.length) {
			const now = await findReview(tx, access, pupil.id, before.id);
			return now ? conflict(now) : null;
		}
		await writeAudit(tx, scope, {
			action: 'provision.review-changed',
			subject: provisionSubject(access),
			detail: { pupilId: pupil.id, reviewId: before.id, fields }
		});
		return { ok: true, id: before.id };
	});
}

/** Deletes a review cycle of a pupil. */
export function deleteReview(scope: Scope, pupilId: string, reviewId: string) {
	return writeProvision(scope, async (tx, access) => {
		const pupil = await findPupil(tx, access, pupilId);
		if (!pupil) return null;
		const review = await findReview(tx, access, pupil.id, reviewId);
		if (!review) return null;
		await tx.delete(apdrReview).where(eq(apdrReview.id, review.id));
		await writeAudit(tx, scope, {
			action: 'provision.review-deleted',
			subject: provisionSubject(access),
			detail: { pupilId: pupil.id, reviewId: review.id }
		});
		return { ok: true } as const;
	});
}

/**
 * The setting's reviews to act on, as one list in three parts, a page at a time: reviews
 * overdue (longest first), then reviews due in the next four weeks, then pupils at SEN
 * support with no review planned (none that is not held yet). Pupils off the register are
 * left out.
 */
export function reviewsOverview(scope: Scope, page: number, today = todayInEngland()) {
	return readProvision(scope, async (tx, access) => {
		const onRegister = and(eq(senPupil.settingId, access.settingId), isNull(senPupil.removedOn));
		const open = and(eq(apdrReview.settingId, access.settingId), isNull(apdrReview.heldOn));
		const overdue = and(open, lt(apdrReview.dueOn, today));
		const dueSoon = and(
			open,
			gte(apdrReview.dueOn, today),
			lte(apdrReview.dueOn, addDays(today, REVIEW_DUE_SOON_DAYS))
		);
		const unplanned = and(
			onRegister,
			eq(senPupil.senStatus, 'K'),
			notExists(
				tx
					.select({ one: sql`1` })
					.from(apdrReview)
					.where(
						and(
							eq(apdrReview.tenantId, senPupil.tenantId),
							eq(apdrReview.pupilId, senPupil.id),
							isNull(apdrReview.heldOn)
						)
					)
			)
		);
		const countReviews = async (where: ReturnType<typeof and>) => {
			const [row] = await tx
				.select({ n: count() })
				.from(apdrReview)
				.innerJoin(senPupil, rowOf(senPupil, apdrReview.tenantId, apdrReview.pupilId))
				.where(and(where, onRegister));
			return row?.n ?? 0;
		};
		const [overdueCount, dueSoonCount, [unplannedRow]] = await Promise.all([
			countReviews(overdue),
			countReviews(dueSoon),
			tx.select({ n: count() }).from(senPupil).where(unplanned)
		]);
		const counts = {
			overdue: overdueCount,
			dueSoon: dueSoonCount,
			unplanned: unplannedRow?.n ?? 0
		};
		const [w0, w1, w2] = sectionWindows(
			[counts.overdue, counts.dueSoon, counts.unplanned],
			page,
			REVIEWS_PAGE_SIZE
		);
		const reviewsIn = (where: ReturnType<typeof and>, window: { offset: number; limit: number }) =>
			window.limit === 0
				? Promise.resolve([])
				: tx
						.select({
							id: apdrReview.id,
							dueOn: apdrReview.dueOn,
							pupilId: senPupil.id,
							reference: senPupil.reference,
							yearGroup: senPupil.yearGroup,
							senStatus: senPupil.senStatus
						})
						.from(apdrReview)
						.innerJoin(senPupil, rowOf(senPupil, apdrReview.tenantId, apdrReview.pupilId))
						.where(and(where, onRegister))
						.orderBy(
							asc(apdrReview.dueOn),
							asc(sql`lower(${senPupil.reference})`),
							asc(apdrReview.id)
						)
						.limit(window.limit)
						.offset(window.offset);
		const lastHeld = tx
			.select({
				tenantId: apdrReview.tenantId,
				pupilId: apdrReview.pupilId,
				on: sql<string>`max(${apdrReview.heldOn})::text`.as('last_held_on')
			})
			.from(apdrReview)
			.where(eq(apdrReview.settingId, access.settingId))
			.groupBy(apdrReview.tenantId, apdrReview.pupilId)
			.as('last_held');
		const [overdueRows, dueSoonRows, unplannedRows] = await Promise.all([
			reviewsIn(overdue, w0!),
			reviewsIn(dueSoon, w1!),
			w2!.limit === 0
				? Promise.resolve([])
				: tx
						.select({
							pupilId: senPupil.id,
							reference: senPupil.reference,
							yearGroup: senPupil.yearGroup,
							lastHeldOn: sql<string | null>`${lastHeld.on}`
						})
						.from(senPupil)
						.leftJoin(
							lastHeld,
							and(eq(lastHeld.tenantId, senPupil.tenantId), eq(lastHeld.pupilId, senPupil.id))
						)
						.where(unplanned)
						.orderBy(asc(sql`lower(${senPupil.reference})`), asc(senPupil.id))
						.limit(w2!.limit)
						.offset(w2!.offset)
		]);
		return {
			counts,
			total: counts.overdue + counts.dueSoon + counts.unplanned,
			overdue: overdueRows.map((r) => ({ ...r, ...reviewStanding({ ...r, heldOn: null }, today) })),
			dueSoon: dueSoonRows,
			unplanned: unplannedRows
		};
	});
}
