import { and, asc, desc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import {
	phaseGroup,
	proposeAllocation,
	reviewerRefusal,
	type ConflictOfInterest
} from '../../domain/allocation';
import type { ReviewStage } from '../../domain/peer-review';
import type { Scope } from '../auth/guards';
import { rowOf } from '../db/joins';
import {
	appUser,
	membership,
	organisation,
	peerReview,
	peerReviewer,
	reviewReviewer,
	reviewRound,
	reviewRoundSetting,
	tenantUser
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { conflictsOf } from './conflicts-of-interest';
import { assertLaStaff, settingsByDistrict, type SettingChoice } from './peer-reviewers';
import { bumpVersion, changeRound, readRound, refused } from './review-rounds';

// A round's allocation: reading it as the round's page shows it, proposing it, confirming it.
// Changes to it by hand are in round-reviewers.ts.

/** A review's reviewers may change while the round is planned, and after only until the visit. */
export const EDITABLE_STAGES: readonly ReviewStage[] = ['allocated', 'preparation'];

/** The settings in a round, each with its group once an allocation has been proposed. */
export const roundSettings = (tx: Tx, roundId: string) =>
	tx
		.select({
			settingId: reviewRoundSetting.settingId,
			groupNumber: reviewRoundSetting.groupNumber
		})
		.from(reviewRoundSetting)
		.where(eq(reviewRoundSetting.roundId, roundId));

type Participant = SettingChoice & { groupNumber: number | null };

/** The settings taking part, in the order settingsByDistrict gives, with their groups. */
export async function participantsOf(tx: Tx, roundId: string): Promise<Participant[]> {
	const [all, rows] = await Promise.all([settingsByDistrict(tx), roundSettings(tx, roundId)]);
	const groups = new Map(rows.map((r) => [r.settingId, r.groupNumber]));
	return all.filter((s) => groups.has(s.id)).map((s) => ({ ...s, groupNumber: groups.get(s.id)! }));
}

/** Reviewers of the reviews that `where` picks, lead first, then by name. */
export const reviewersWhere = (tx: Tx, where: SQL) =>
	tx
		.select({
			reviewId: reviewReviewer.reviewId,
			userId: reviewReviewer.userId,
			name: appUser.name,
			email: appUser.email,
			settingId: reviewReviewer.settingId,
			settingName: organisation.name,
			isLead: reviewReviewer.isLead
		})
		.from(reviewReviewer)
		.innerJoin(peerReview, rowOf(peerReview, reviewReviewer.tenantId, reviewReviewer.reviewId))
		.innerJoin(appUser, eq(appUser.id, reviewReviewer.userId))
		.innerJoin(organisation, rowOf(organisation, reviewReviewer.tenantId, reviewReviewer.settingId))
		.where(where)
		.orderBy(desc(reviewReviewer.isLead), asc(appUser.name), asc(appUser.id));

/** The round's reviews, each with its host, stage and reviewers. */
export async function reviewsOf(tx: Tx, roundId: string) {
	const [reviews, reviewers] = await Promise.all([
		tx
			.select({
				id: peerReview.id,
				hostSettingId: peerReview.hostSettingId,
				stage: peerReview.stage
			})
			.from(peerReview)
			.where(eq(peerReview.roundId, roundId)),
		reviewersWhere(tx, eq(peerReview.roundId, roundId))
	]);
	return reviews.map((r) => ({
		...r,
		reviewers: reviewers.filter((p) => p.reviewId === r.id).map(({ reviewId: _, ...p }) => p)
	}));
}
type RoundReview = Awaited<ReturnType<typeof reviewsOf>>[number];

/**
 * People on the register, each with the setting they review from. Only people still active
 * in the tenant: someone deactivated is neither proposed nor offered as a reviewer.
 */
export const registerEntries = (tx: Tx) =>
	tx
		.select({
			id: peerReviewer.id,
			userId: peerReviewer.userId,
			settingId: peerReviewer.settingId,
			name: appUser.name
		})
		.from(peerReviewer)
		.innerJoin(appUser, eq(appUser.id, peerReviewer.userId))
		.innerJoin(
			tenantUser,
			and(
				eq(tenantUser.tenantId, peerReviewer.tenantId),
				eq(tenantUser.userId, peerReviewer.userId),
				isNull(tenantUser.deactivatedAt)
			)
		);

/** Everyone on the register, by name. */
const registerOf = (tx: Tx) => registerEntries(tx).orderBy(asc(appUser.name), asc(appUser.id));
type RegisterEntry = Awaited<ReturnType<typeof registerOf>>[number];

/** Who reviews whom so far: the edges the reciprocity rule looks at. */
export const edgesOf = (reviews: RoundReview[]) =>
	reviews.flatMap((r) =>
		r.reviewers.map((p) => ({ fromSettingId: p.settingId, hostId: r.hostSettingId }))
	);

/**
 * The settings where these people hold a role (as staff, SENCO, head...): like their own
 * setting, none of them may be reviewed by them.
 */
export async function settingRolesOf(tx: Tx, userIds: string[]): Promise<ConflictOfInterest[]> {
	if (!userIds.length) return [];
	return tx
		.selectDistinct({ userId: membership.userId, settingId: membership.organisationId })
		.from(membership)
		.innerJoin(organisation, rowOf(organisation, membership.tenantId, membership.organisationId))
		.where(and(eq(organisation.kind, 'setting'), inArray(membership.userId, userIds)));
}

/** Each person's settings: those they review from and those where they hold a role. */
const homesOf = (register: RegisterEntry[], roles: ConflictOfInterest[]) => {
	const homes = new Map<string, Set<string>>();
	for (const r of [...register, ...roles])
		homes.set(r.userId, (homes.get(r.userId) ?? new Set()).add(r.settingId));
	return homes;
};

const uniqueUsers = (...lists: { userId: string }[][]) => [
	...new Set(lists.flat().map((p) => p.userId))
];

/** Whether a review has what confirming needs: at least one reviewer, and a lead. */
const isCovered = (review: RoundReview | undefined) =>
	!!review && review.reviewers.length > 0 && review.reviewers.some((p) => p.isLead);

interface ReasonContext {
	byId: Map<string, Participant>;
	register: RegisterEntry[];
	homes: Map<string, Set<string>>;
	conflicts: ConflictOfInterest[];
	edges: { fromSettingId: string; hostId: string }[];
	noReciprocal: boolean;
}

/** Why a participant has no reviewer: who on the register could still review it, or why none can. */
function uncoveredReason(host: Participant, ctx: ReasonContext): string {
	const candidates = ctx.register.filter(
		(r) => ctx.byId.has(r.settingId) && !ctx.homes.get(r.userId)?.has(host.id)
	);
	if (!candidates.length)
		return 'None of the other settings taking part has anyone on the peer reviewer register.';
	const judged = candidates.map((r) => ({
		sameGroup:
			host.groupNumber !== null && ctx.byId.get(r.settingId)?.groupNumber === host.groupNumber,
		refusal: reviewerRefusal({
			host,
			reviewer: r,
			reviewerSetting: ctx.byId.get(r.settingId),
			conflicts: ctx.conflicts,
			reviewsSoFar: ctx.edges,
			noReciprocal: ctx.noReciprocal
		})
	}));
	const people = (n: number) => (n === 1 ? 'One person' : `${n} people`);
	const freeInGroup = judged.filter((j) => j.sameGroup && j.refusal === null).length;
	if (freeInGroup) return `${people(freeInGroup)} in its group could review it.`;
	const free = judged.filter((j) => j.refusal === null).length;
	const groupNote =
		host.groupNumber === null
			? ''
			: judged.some((j) => j.sameGroup)
				? `Nobody in group ${host.groupNumber} can review it. `
				: `None of the other settings in group ${host.groupNumber} has anyone on the register. `;
	if (free) return `${groupNote}${people(free)} from other groups could review it.`;
	const tally = new Map<string, number>();
	for (const { refusal } of judged) if (refusal) tally.set(refusal, (tally.get(refusal) ?? 0) + 1);
	const [common] = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]!;
	return `Nobody on the register can review it. Most often: ${common}`;
}

/** Whether a reviewer has a conflict of interest recorded with the host. */
const conflicted = (conflicts: ConflictOfInterest[], userId: string, hostId: string) =>
	conflicts.some((c) => c.userId === userId && c.settingId === hostId);

/**
 * A round with its allocation: the settings taking part in their groups, each host's
 * reviewers (lead first) and stage, why any host has no reviewer, and who on the register
 * could be added. Null if the tenant has no such round.
 */
export async function getRound(scope: Scope, id: string) {
	assertLaStaff(scope);
	return inTenant(scope, async (tx) => {
		const round = await readRound(tx, id);
		if (!round) return null;
		const [participants, reviews, register, conflicts] = await Promise.all([
			participantsOf(tx, round.id),
			reviewsOf(tx, round.id),
			registerOf(tx),
			conflictsOf(tx)
		]);
		const roles = await settingRolesOf(
			tx,
			uniqueUsers(register, ...reviews.map((r) => r.reviewers))
		);
		const byId = new Map(participants.map((p) => [p.id, p]));
		const reviewByHost = new Map(reviews.map((r) => [r.hostSettingId, r]));
		const ctx: ReasonContext = {
			byId,
			register,
			homes: homesOf(register, roles),
			conflicts,
			edges: edgesOf(reviews),
			noReciprocal: round.noReciprocal
		};
		const allocated = reviews.length > 0 || participants.some((p) => p.groupNumber !== null);
		const hosts = participants.map((p) => {
			const review = reviewByHost.get(p.id);
			return {
				...p,
				phaseGroup: phaseGroup(p),
				review: review
					? {
							...review,
							reviewers: review.reviewers.map((r) => ({
								...r,
								conflicted:
									conflicted(conflicts, r.userId, p.id) || conflicted(roles, r.userId, p.id)
							}))
						}
					: null,
				covered: isCovered(review),
				reason: allocated && !isCovered(review) ? uncoveredReason(p, ctx) : null
			};
		});
		const numbers = [...new Set(hosts.map((h) => h.groupNumber))].sort(
			(a, b) => (a ?? Infinity) - (b ?? Infinity)
		);
		const groups = numbers.map((number) => ({
			number,
			hosts: hosts.filter((h) => h.groupNumber === number)
		}));
		const choices = participants
			.map((p) => ({
				label: p.name,
				options: register
					.filter((r) => r.settingId === p.id)
					.map((r) => ({ value: r.id, label: `${r.name} (${p.name})` }))
			}))
			.filter((g) => g.options.length);
		return {
			round,
			groups,
			allocated,
			counts: {
				participants: participants.length,
				covered: hosts.filter((h) => h.covered).length
			},
			reviewerChoices: choices,
			editableStages: EDITABLE_STAGES
		};
	});
}
export type RoundView = NonNullable<Awaited<ReturnType<typeof getRound>>>;

/**
 * Proposes groups and reviewers for a planned round and puts them in place of whatever
 * allocation it had: group numbers on its settings, a review per host that could be given
 * reviewers, and those reviewers, lead marked.
 */
export function proposeRoundAllocation(scope: Scope, id: string, version: number) {
	const ifConfirmed = refused(
		'This round is confirmed, so its allocation can no longer be proposed again.'
	);
	return changeRound(scope, { id, version, ifConfirmed }, async (tx, round) => {
		// Read first and held: a conflict being recorded meanwhile (which locks the person's
		// entries) is either waited for and seen below, or waits for this proposal.
		const register = await registerOf(tx).for('share', { of: peerReviewer });
		const [participants, conflicts, roles] = await Promise.all([
			participantsOf(tx, round.id),
			conflictsOf(tx),
			settingRolesOf(tx, uniqueUsers(register))
		]);
		if (participants.length < 2)
			return refused('Choose at least two settings to take part before proposing an allocation.');
		const ids = new Set(participants.map((p) => p.id));
		const proposal = proposeAllocation({
			settings: participants.map((p) => ({
				id: p.id,
				name: p.name,
				settingType: p.settingType,
				phase: p.phase,
				districtId: p.districtId,
				communityId: p.communityId
			})),
			reviewers: register
				.filter((r) => ids.has(r.settingId))
				.map((r) => ({ userId: r.userId, settingId: r.settingId })),
			// A role at a setting bars reviewing it just as a declared conflict does.
			conflicts: [...conflicts, ...roles].filter((c) => ids.has(c.settingId)),
			rules: {
				groupShape: round.groupShape,
				clusterSize: round.clusterSize,
				reviewersPerReview: round.reviewersPerReview,
				noReciprocal: round.noReciprocal
			}
		});
		const inRound = eq(reviewRoundSetting.roundId, round.id);
		await tx.update(reviewRoundSetting).set({ groupNumber: null }).where(inRound);
		for (const group of proposal.groups) {
			await tx
				.update(reviewRoundSetting)
				.set({ groupNumber: group.number })
				.where(and(inRound, inArray(reviewRoundSetting.settingId, group.settingIds)));
		}
		await tx.delete(peerReview).where(eq(peerReview.roundId, round.id));
		if (proposal.reviews.length) {
			const made = await tx
				.insert(peerReview)
				.values(
					proposal.reviews.map((r) => ({
						tenantId: scope.tenantId,
						roundId: round.id,
						hostSettingId: r.hostId
					}))
				)
				.returning({ id: peerReview.id, hostSettingId: peerReview.hostSettingId });
			const reviewIdOf = new Map(made.map((m) => [m.hostSettingId, m.id]));
			const rows = proposal.reviews.flatMap((r) =>
				r.reviewers.map((p) => ({
					tenantId: scope.tenantId,
					reviewId: reviewIdOf.get(r.hostId)!,
					userId: p.userId,
					settingId: p.settingId,
					isLead: p.lead
				}))
			);
			if (rows.length) await tx.insert(reviewReviewer).values(rows);
		}
		await bumpVersion(tx, round);
		const names = new Map(participants.map((p) => [p.id, p.name]));
		await writeAudit(tx, scope, {
			action: 'review-round.allocated',
			subject: round.name,
			detail: {
				groups: proposal.groups.length,
				reviews: proposal.reviews.length,
				unallocated: proposal.unallocated.map((u) => `${names.get(u.settingId)}: ${u.reason}`)
			}
		});
		return { ok: true, unallocated: proposal.unallocated.length } as const;
	});
}

/**
 * Confirms a planned round, so its hosts and reviewers see their reviews. Refused, naming
 * them, while any setting taking part has no review with a reviewer and a lead, or while a
 * reviewer has since declared a conflict of interest with their host, holds a role there, or
 * has been deactivated.
 */
export function confirmRound(scope: Scope, id: string, version: number) {
	return changeRound(scope, { id, version }, async (tx, round) => {
		if (round.status !== 'planning') return refused('This round is already confirmed.');
		const [participants, reviews] = await Promise.all([
			participantsOf(tx, round.id),
			reviewsOf(tx, round.id)
		]);
		if (!participants.length)
			return refused('Choose the settings taking part, and their reviewers, before confirming.');
		const byHost = new Map(reviews.map((r) => [r.hostSettingId, r]));
		const missing = participants.filter((p) => !isCovered(byHost.get(p.id))).map((p) => p.name);
		if (missing.length) return { ok: false, reason: 'incomplete', settings: missing } as const;
		const userIds = uniqueUsers(...reviews.map((r) => r.reviewers));
		// Held until the round is confirmed: a conflict being recorded for one of them (which
		// locks these rows) is either waited for and seen below, or sees the round confirmed.
		await tx
			.select({ id: peerReviewer.id })
			.from(peerReviewer)
			.where(inArray(peerReviewer.userId, userIds))
			.for('share');
		const [conflicts, roles, inactive] = await Promise.all([
			conflictsOf(tx),
			settingRolesOf(tx, userIds),
			tx
				.select({ userId: tenantUser.userId })
				.from(tenantUser)
				.where(and(inArray(tenantUser.userId, userIds), isNotNull(tenantUser.deactivatedAt)))
		]);
		const names = new Map(participants.map((p) => [p.id, p.name]));
		const pairsWhere = (test: (userId: string, hostId: string) => boolean) =>
			reviews.flatMap((r) =>
				r.reviewers
					.filter((p) => test(p.userId, r.hostSettingId))
					.map((p) => `${p.name} reviewing ${names.get(r.hostSettingId)}`)
			);
		// A conflict declared since the allocation was made.
		const clashes = pairsWhere((userId, hostId) => conflicted(conflicts, userId, hostId));
		if (clashes.length) return { ok: false, reason: 'conflicted', pairs: clashes } as const;
		const roleHolders = pairsWhere((userId, hostId) => conflicted(roles, userId, hostId));
		if (roleHolders.length)
			return refused(
				`These reviewers hold a role at the setting they would review: ${roleHolders.join('; ')}. Take them off those reviews on the round's page, or propose the allocation again.`
			);
		const gone = new Set(inactive.map((p) => p.userId));
		const deactivated = pairsWhere((userId) => gone.has(userId));
		if (deactivated.length)
			return refused(
				`These reviewers' accounts have been deactivated: ${deactivated.join('; ')}. Take them off those reviews on the round's page, or propose the allocation again.`
			);
		await tx
			.update(reviewRound)
			.set({
				status: 'confirmed',
				confirmedAt: new Date(),
				version: round.version + 1,
				updatedAt: new Date()
			})
			.where(eq(reviewRound.id, round.id));
		await writeAudit(tx, scope, {
			action: 'review-round.confirmed',
			subject: round.name,
			detail: { settings: participants.length, reviews: reviews.length }
		});
		return { ok: true } as const;
	});
}
