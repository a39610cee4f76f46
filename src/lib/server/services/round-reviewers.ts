import { and, eq } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import { reviewerRefusal } from '../../domain/allocation';
import { REVIEW_STAGE_LABELS } from '../../domain/peer-review';
import type { Scope } from '../auth/guards';
import { rowOf } from '../db/joins';
import { membership, organisation, peerReview, peerReviewer, reviewReviewer } from '../db/schema';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { conflictsOf } from './conflicts-of-interest';
import {
	EDITABLE_STAGES,
	edgesOf,
	participantsOf,
	registerEntries,
	reviewersWhere,
	reviewsOf
} from './round-allocation';
import { bumpVersion, changeRound, refused, type Round, type RoundChange } from './review-rounds';
import { NOT_FOUND } from './structure';

// Changing a round's allocation by hand: adding and removing reviewers, choosing the lead.
// The rules are the ones the proposal follows, and say why in the same words.

/** Makes one of a review's reviewers its lead; any other lead must have been cleared. */
export const setLead = (tx: Tx, reviewId: string, userId: string) =>
	tx
		.update(reviewReviewer)
		.set({ isLead: true })
		.where(and(eq(reviewReviewer.reviewId, reviewId), eq(reviewReviewer.userId, userId)));

/** The host's review in the round, locked, and why its reviewers may no longer change, if so. */
async function reviewForEdit(tx: Tx, round: Round, where: { hostId?: string; reviewId?: string }) {
	const [review] = await tx
		.select({ id: peerReview.id, stage: peerReview.stage, hostName: organisation.name })
		.from(peerReview)
		.innerJoin(organisation, rowOf(organisation, peerReview.tenantId, peerReview.hostSettingId))
		.where(
			and(
				eq(peerReview.roundId, round.id),
				where.hostId ? eq(peerReview.hostSettingId, where.hostId) : undefined,
				where.reviewId ? eq(peerReview.id, where.reviewId) : undefined
			)
		)
		.for('update', { of: peerReview });
	if (!review) return { review: undefined, refusal: null };
	const refusal =
		round.status === 'planning' || EDITABLE_STAGES.includes(review.stage)
			? null
			: `The review of ${review.hostName} has reached the stage "${REVIEW_STAGE_LABELS[review.stage]}", so its reviewers can no longer change.`;
	return { review, refusal };
}

const reviewersOfReview = (tx: Tx, reviewId: string) =>
	reviewersWhere(tx, eq(reviewReviewer.reviewId, reviewId));

/**
 * Adds someone on the register to a host's review, as its lead if it has none yet. Refused
 * with the rule's own words when the allocation rules forbid it, and after confirming once
 * the review is past preparation.
 */
export function addReviewer(
	scope: Scope,
	roundId: string,
	version: number,
	input: { hostId: string; peerReviewerId: string }
): Promise<RoundChange> {
	return changeRound(scope, { id: roundId, version }, async (tx, round) => {
		const participants = await participantsOf(tx, round.id);
		const byId = new Map(participants.map((p) => [p.id, p]));
		const host = byId.get(input.hostId);
		if (!host) return refused('Choose a setting taking part in this round.');
		const [entry] = isRecordId(input.peerReviewerId)
			? await registerEntries(tx)
					.where(eq(peerReviewer.id, input.peerReviewerId))
					.for('share', { of: peerReviewer })
			: [];
		if (!entry) return refused('Choose a peer reviewer from the register.');
		const found = await reviewForEdit(tx, round, { hostId: host.id });
		if (found.refusal) return refused(found.refusal);
		let review = found.review;
		if (!review && round.status !== 'planning')
			return refused(`${host.name} has no review in this confirmed round.`);
		const current = review ? await reviewersOfReview(tx, review.id) : [];
		if (current.some((p) => p.userId === entry.userId))
			return refused(`${entry.name} already reviews ${host.name}.`);
		if (current.length >= round.reviewersPerReview)
			return refused(
				`${host.name} already has ${current.length} ${current.length === 1 ? 'reviewer' : 'reviewers'}, as many as this round allows. Take one off first.`
			);
		const [homes, worksThere, conflicts, reviews] = await Promise.all([
			tx
				.select({ settingId: peerReviewer.settingId })
				.from(peerReviewer)
				.where(eq(peerReviewer.userId, entry.userId)),
			tx
				.select({ id: membership.id })
				.from(membership)
				.where(and(eq(membership.userId, entry.userId), eq(membership.organisationId, host.id))),
			conflictsOf(tx, [entry.userId]),
			reviewsOf(tx, round.id)
		]);
		const ownSetting = homes.some((h) => h.settingId === host.id) || worksThere.length > 0;
		const why = ownSetting
			? 'Nobody may review their own setting.'
			: reviewerRefusal({
					host,
					reviewer: entry,
					reviewerSetting: byId.get(entry.settingId),
					conflicts,
					reviewsSoFar: edgesOf(reviews),
					noReciprocal: round.noReciprocal
				});
		if (why) return refused(why);
		if (!review) {
			const [made] = await tx
				.insert(peerReview)
				.values({ tenantId: scope.tenantId, roundId: round.id, hostSettingId: host.id })
				.returning({ id: peerReview.id, stage: peerReview.stage });
			review = { ...made!, hostName: host.name };
		}
		const lead = !current.some((p) => p.isLead);
		await tx.insert(reviewReviewer).values({
			tenantId: scope.tenantId,
			reviewId: review.id,
			userId: entry.userId,
			settingId: entry.settingId,
			isLead: lead
		});
		await bumpVersion(tx, round);
		await writeAudit(tx, scope, {
			action: 'review-round.reviewer-added',
			subject: `${round.name}: ${host.name}`,
			detail: {
				reviewer: entry.name,
				from: byId.get(entry.settingId)?.name ?? null,
				host: host.name,
				lead
			}
		});
		return { ok: true };
	});
}

interface Reviewer {
	userId: string;
	name: string;
	isLead: boolean;
}

/**
 * A change to one of a review's reviewers, named by review and person. Before `change` runs,
 * the review is found and locked (refused once its reviewers may no longer change), and the
 * reviewer found on it among everyone reviewing it.
 */
function reviewerChange(
	change: (
		tx: Tx,
		scope: Scope,
		round: Round,
		on: { review: { id: string; hostName: string }; person: Reviewer; current: Reviewer[] }
	) => Promise<RoundChange>
) {
	return (
		scope: Scope,
		roundId: string,
		version: number,
		input: { reviewId: string; userId: string }
	): Promise<RoundChange> =>
		changeRound(scope, { id: roundId, version }, async (tx, round) => {
			const { review, refusal } = await reviewForEdit(tx, round, { reviewId: input.reviewId });
			if (!review) return NOT_FOUND;
			if (refusal) return refused(refusal);
			const current = await reviewersOfReview(tx, review.id);
			const person = current.find((p) => p.userId === input.userId);
			if (!person) return NOT_FOUND;
			return change(tx, scope, round, { review, person, current });
		});
}

/**
 * Takes a reviewer off a review. If they led it, the next reviewer by name leads. A planned
 * review left without reviewers goes; a confirmed one keeps at least one reviewer.
 */
export const removeReviewer = reviewerChange(async (tx, scope, round, on) => {
	const { review, person: leaving } = on;
	const staying = on.current.filter((p) => p.userId !== leaving.userId);
	if (!staying.length && round.status !== 'planning')
		return refused(
			`The review of ${review.hostName} needs at least one reviewer. Add another reviewer first, then take ${leaving.name} off.`
		);
	await tx
		.delete(reviewReviewer)
		.where(and(eq(reviewReviewer.reviewId, review.id), eq(reviewReviewer.userId, leaving.userId)));
	// The others are listed by name, and none of them led.
	const newLead = leaving.isLead ? staying[0] : undefined;
	if (newLead) await setLead(tx, review.id, newLead.userId);
	if (!staying.length) await tx.delete(peerReview).where(eq(peerReview.id, review.id));
	await bumpVersion(tx, round);
	await writeAudit(tx, scope, {
		action: 'review-round.reviewer-removed',
		subject: `${round.name}: ${review.hostName}`,
		detail: {
			reviewer: leaving.name,
			host: review.hostName,
			...(newLead ? { newLead: newLead.name } : {})
		}
	});
	return { ok: true };
});

/** Makes one of a review's reviewers its lead (and the previous lead a reviewer). */
export const makeLead = reviewerChange(async (tx, scope, round, on) => {
	const { review, person: next } = on;
	if (next.isLead) return { ok: true };
	const previous = on.current.find((p) => p.isLead);
	// Cleared first: a review may have only one lead at any moment.
	await tx
		.update(reviewReviewer)
		.set({ isLead: false })
		.where(eq(reviewReviewer.reviewId, review.id));
	await setLead(tx, review.id, next.userId);
	await bumpVersion(tx, round);
	await writeAudit(tx, scope, {
		action: 'review-round.lead-changed',
		subject: `${round.name}: ${review.hostName}`,
		detail: { before: previous?.name ?? null, after: next.name, host: review.hostName }
	});
	return { ok: true };
});
