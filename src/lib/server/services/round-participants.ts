import { and, eq, inArray } from 'drizzle-orm';
import { phaseGroup } from '../../domain/allocation';
import type { ParticipantFilter } from '../../schemas/review-rounds';
import type { Scope } from '../auth/guards';
import { peerReview, reviewReviewer, reviewRoundSetting } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { assertLaStaff, settingsByDistrict } from './peer-reviewers';
import { reviewsOf, roundSettings } from './round-allocation';
import { setLead } from './round-reviewers';
import { bumpVersion, changeRound, NOT_PLANNING, readRound } from './review-rounds';

// The settings taking part in a round.

/** The settings for the participants page, filtered, each marked if taking part. */
export async function participantChoices(scope: Scope, id: string, filter: ParticipantFilter) {
	assertLaStaff(scope);
	return inTenant(scope, async (tx) => {
		const round = await readRound(tx, id);
		if (!round) return null;
		const [all, taking] = await Promise.all([settingsByDistrict(tx), roundSettings(tx, round.id)]);
		const chosen = new Set(taking.map((t) => t.settingId));
		const q = filter.q.toLowerCase();
		const settings = all
			.filter(
				(s) =>
					(!q || s.name.toLowerCase().includes(q)) &&
					(!filter.district ||
						(filter.district === 'none'
							? s.districtId === null
							: s.districtId === filter.district)) &&
					(!filter.phase || phaseGroup(s) === filter.phase) &&
					(!filter.taking || chosen.has(s.id))
			)
			.map((s) => ({ ...s, phaseGroup: phaseGroup(s), taking: chosen.has(s.id) }));
		const districts = new Map<string, string>();
		for (const s of all) if (s.districtId) districts.set(s.districtId, s.districtName ?? '');
		return {
			round,
			settings,
			chosenCount: chosen.size,
			totalSettings: all.length,
			districts: [...districts].map(([value, label]) => ({ value, label }))
		};
	});
}

/** Gives reviews that lost their lead a new one: the first of their reviewers by name. */
async function ensureLeads(tx: Tx, roundId: string) {
	for (const review of await reviewsOf(tx, roundId)) {
		const [first] = review.reviewers;
		if (first && !first.isLead) await setLead(tx, review.id, first.userId);
	}
}

/**
 * Sets which of the settings shown take part in a planned round: those ticked join, those
 * left unticked leave, along with their review and their people's places on other reviews.
 */
export function setParticipants(
	scope: Scope,
	id: string,
	version: number,
	shown: string[],
	chosen: string[]
) {
	return changeRound(scope, { id, version, ifConfirmed: NOT_PLANNING }, async (tx, round) => {
		const shownSet = new Set(shown);
		const wanted = new Set(chosen);
		const all = await settingsByDistrict(tx);
		const names = new Map(all.map((s) => [s.id, s.name]));
		if (
			[...shownSet, ...wanted].some((s) => !names.has(s)) ||
			[...wanted].some((s) => !shownSet.has(s))
		)
			return {
				ok: false,
				reason: 'invalid',
				field: 'settingIds',
				message: 'Choose settings from the list'
			} as const;
		const current = new Set((await roundSettings(tx, round.id)).map((r) => r.settingId));
		const added = [...wanted].filter((s) => !current.has(s));
		const removed = [...shownSet].filter((s) => current.has(s) && !wanted.has(s));
		if (!added.length && !removed.length) return { ok: true } as const;
		if (added.length)
			await tx
				.insert(reviewRoundSetting)
				.values(
					added.map((settingId) => ({ tenantId: scope.tenantId, roundId: round.id, settingId }))
				);
		if (removed.length) {
			await tx
				.delete(reviewRoundSetting)
				.where(
					and(
						eq(reviewRoundSetting.roundId, round.id),
						inArray(reviewRoundSetting.settingId, removed)
					)
				);
			await tx
				.delete(peerReview)
				.where(and(eq(peerReview.roundId, round.id), inArray(peerReview.hostSettingId, removed)));
			const roundReviews = tx
				.select({ id: peerReview.id })
				.from(peerReview)
				.where(eq(peerReview.roundId, round.id));
			await tx
				.delete(reviewReviewer)
				.where(
					and(
						inArray(reviewReviewer.reviewId, roundReviews),
						inArray(reviewReviewer.settingId, removed)
					)
				);
			await ensureLeads(tx, round.id);
		}
		await bumpVersion(tx, round);
		const nameList = (ids: string[]) => ids.map((s) => names.get(s)!).sort();
		await writeAudit(tx, scope, {
			action: 'review-round.changed',
			subject: round.name,
			detail: { settingsAdded: nameList(added), settingsRemoved: nameList(removed) }
		});
		return { ok: true } as const;
	});
}
