import { and, asc, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import {
	phaseGroup,
	proposeAllocation,
	reviewerRefusal,
	type AllocationSetting,
	type ConflictOfInterest
} from '../../domain/allocation';
import { isRecordId } from '../../domain/ids';
import {
	GROUP_SHAPE_LABELS,
	REVIEW_STAGE_LABELS,
	type ReviewStage
} from '../../domain/peer-review';
import type { ParticipantFilter, RoundInput } from '../../schemas/review-rounds';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { rowOf } from '../db/joins';
import {
	appUser,
	evaluationCycle,
	membership,
	organisation,
	peerReview,
	peerReviewer,
	reviewReviewer,
	reviewRound,
	reviewRoundSetting
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import {
	assertLaStaff,
	conflictsOf,
	FORBIDDEN,
	isLaAdmin,
	settingsByDistrict,
	type SettingChoice
} from './peer-reviewers';
import { NOT_FOUND, type Invalid } from './structure';

type RoundRow = typeof reviewRound.$inferSelect;
type Round = RoundRow & { cycleName: string };

/** A review's reviewers may change while the round is planned, and after only until the visit. */
const EDITABLE_STAGES: readonly ReviewStage[] = ['allocated', 'preparation'];

async function readRound(tx: Tx, id: string, lock = false): Promise<Round | undefined> {
	if (!isRecordId(id)) return undefined;
	const query = tx
		.select({ round: reviewRound, cycleName: evaluationCycle.name })
		.from(reviewRound)
		.innerJoin(evaluationCycle, rowOf(evaluationCycle, reviewRound.tenantId, reviewRound.cycleId))
		.where(eq(reviewRound.id, id));
	const [found] = lock ? await query.for('update', { of: reviewRound }) : await query;
	return found ? { ...found.round, cycleName: found.cycleName } : undefined;
}

/** The columns a round's set-up writes: just these, whatever else the input carries. */
const roundColumns = (input: RoundInput) => ({
	name: input.name,
	cycleId: input.cycleId,
	groupShape: input.groupShape,
	clusterSize: input.clusterSize,
	reviewersPerReview: input.reviewersPerReview,
	noReciprocal: input.noReciprocal
});

/** A saved round as its form shows it. */
export const roundFormValues = (round: RoundRow): RoundInput => roundColumns(round);

/** What the audit log records of a round's set-up. */
const auditView = (input: RoundInput, cycleName: string) => ({
	name: input.name,
	cycle: cycleName,
	groups: GROUP_SHAPE_LABELS[input.groupShape],
	...(input.groupShape === 'clusters' ? { clusterSize: input.clusterSize } : {}),
	reviewersPerReview: input.reviewersPerReview,
	noReciprocal: input.noReciprocal
});

const bumpVersion = (tx: Tx, round: RoundRow) =>
	tx
		.update(reviewRound)
		.set({ version: round.version + 1, updatedAt: new Date() })
		.where(eq(reviewRound.id, round.id));

/** The tenant's rounds, newest cycle first, with how many settings and reviews each has. */
export async function listRounds(scope: Scope) {
	assertLaStaff(scope);
	return inTenant(scope, async (tx) => {
		const [rounds, participants, reviews] = await Promise.all([
			tx
				.select({
					id: reviewRound.id,
					name: reviewRound.name,
					status: reviewRound.status,
					cycleName: evaluationCycle.name
				})
				.from(reviewRound)
				.innerJoin(
					evaluationCycle,
					rowOf(evaluationCycle, reviewRound.tenantId, reviewRound.cycleId)
				)
				.orderBy(
					desc(evaluationCycle.deadline),
					desc(evaluationCycle.createdAt),
					asc(sql`lower(${reviewRound.name})`)
				),
			tx
				.select({ roundId: reviewRoundSetting.roundId, n: count() })
				.from(reviewRoundSetting)
				.groupBy(reviewRoundSetting.roundId),
			tx
				.select({ roundId: peerReview.roundId, stage: peerReview.stage, n: count() })
				.from(peerReview)
				.groupBy(peerReview.roundId, peerReview.stage)
		]);
		const settingsIn = new Map(participants.map((p) => [p.roundId, p.n]));
		return rounds.map((r) => {
			const mine = reviews.filter((v) => v.roundId === r.id);
			return {
				...r,
				participants: settingsIn.get(r.id) ?? 0,
				reviews: mine.reduce((n, v) => n + v.n, 0),
				finalised: mine.find((v) => v.stage === 'finalised')?.n ?? 0
			};
		});
	});
}

/** The cycles a round can belong to, latest deadline first. */
export async function roundFormOptions(scope: Scope) {
	assertLaStaff(scope);
	return inTenant(scope, async (tx) => {
		const cycles = await tx
			.select({ value: evaluationCycle.id, label: evaluationCycle.name })
			.from(evaluationCycle)
			.orderBy(desc(evaluationCycle.deadline), desc(evaluationCycle.createdAt));
		return { cycles };
	});
}

type RoundInvalid = Invalid<keyof RoundInput>;
const NOT_PLANNING = { ok: false, reason: 'not-planning' } as const;
export type SaveRoundResult =
	| { ok: true; id: string }
	| RoundInvalid
	| { ok: false; reason: 'conflict'; current: RoundInput; version: number }
	| typeof NOT_PLANNING
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

const nameTaken = (name: string): RoundInvalid => ({
	ok: false,
	reason: 'invalid',
	field: 'name',
	message: `There is already a round called ${name}`
});
const noSuchCycle: RoundInvalid = {
	ok: false,
	reason: 'invalid',
	field: 'cycleId',
	message: 'Select a cycle from the list'
};

/** The chosen cycle's name, after checking it exists and the round's name is free. */
async function checkRound(
	tx: Tx,
	id: string | null,
	input: RoundInput
): Promise<RoundInvalid | string> {
	const [cycle] = await tx
		.select({ name: evaluationCycle.name })
		.from(evaluationCycle)
		.where(eq(evaluationCycle.id, input.cycleId));
	if (!cycle) return noSuchCycle;
	const [clash] = await tx
		.select({ id: reviewRound.id })
		.from(reviewRound)
		.where(
			and(
				sql`lower(${reviewRound.name}) = lower(${input.name})`,
				id ? ne(reviewRound.id, id) : undefined
			)
		);
	return clash ? nameTaken(input.name) : cycle.name;
}

async function saving(
	input: RoundInput,
	work: () => Promise<SaveRoundResult>
): Promise<SaveRoundResult> {
	try {
		return await work();
	} catch (e) {
		// Another round took the name, or the cycle was deleted, between the check and the write.
		if (brokenConstraint(e, '23505') === 'review_round_name_key') return nameTaken(input.name);
		if (brokenConstraint(e, '23503') !== null) return noSuchCycle;
		throw e;
	}
}

/** Starts a round in planning, with no settings yet. */
export async function createRound(scope: Scope, input: RoundInput): Promise<SaveRoundResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return saving(input, () =>
		inTenant(scope, async (tx) => {
			const cycleName = await checkRound(tx, null, input);
			if (typeof cycleName !== 'string') return cycleName;
			const [round] = await tx
				.insert(reviewRound)
				.values({ tenantId: scope.tenantId, ...roundColumns(input) })
				.returning({ id: reviewRound.id });
			await writeAudit(tx, scope, {
				action: 'review-round.created',
				subject: input.name,
				detail: { after: auditView(input, cycleName) }
			});
			return { ok: true, id: round!.id };
		})
	);
}

/** Changes a planned round's set-up read at `version`; if someone saved since, says what. */
export async function updateRound(
	scope: Scope,
	id: string,
	version: number,
	input: RoundInput
): Promise<SaveRoundResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return saving(input, () =>
		inTenant(scope, async (tx): Promise<SaveRoundResult> => {
			const before = await readRound(tx, id, true);
			if (!before) return NOT_FOUND;
			if (before.status !== 'planning') return NOT_PLANNING;
			if (before.version !== version)
				return {
					ok: false,
					reason: 'conflict',
					current: roundFormValues(before),
					version: before.version
				};
			const cycleName = await checkRound(tx, id, input);
			if (typeof cycleName !== 'string') return cycleName;
			const beforeView = auditView(roundFormValues(before), before.cycleName);
			const afterView = auditView(input, cycleName);
			const changed = Object.keys({ ...beforeView, ...afterView }).filter(
				(k) => beforeView[k as keyof typeof beforeView] !== afterView[k as keyof typeof afterView]
			);
			if (!changed.length) return { ok: true, id };
			await tx
				.update(reviewRound)
				.set({ ...roundColumns(input), version: before.version + 1, updatedAt: new Date() })
				.where(eq(reviewRound.id, id));
			const pick = (view: Record<string, unknown>) =>
				Object.fromEntries(changed.map((k) => [k, view[k] ?? null]));
			await writeAudit(tx, scope, {
				action: 'review-round.changed',
				subject: input.name,
				detail: { before: pick(beforeView), after: pick(afterView) }
			});
			return { ok: true, id };
		})
	);
}

// The allocation as the round's page shows it

type Participant = SettingChoice & { groupNumber: number | null };

async function participantsOf(tx: Tx, roundId: string): Promise<Participant[]> {
	const [all, rows] = await Promise.all([
		settingsByDistrict(tx),
		tx
			.select({
				settingId: reviewRoundSetting.settingId,
				groupNumber: reviewRoundSetting.groupNumber
			})
			.from(reviewRoundSetting)
			.where(eq(reviewRoundSetting.roundId, roundId))
	]);
	const groups = new Map(rows.map((r) => [r.settingId, r.groupNumber]));
	return all.filter((s) => groups.has(s.id)).map((s) => ({ ...s, groupNumber: groups.get(s.id)! }));
}

async function reviewsOf(tx: Tx, roundId: string) {
	const [reviews, reviewers] = await Promise.all([
		tx
			.select({
				id: peerReview.id,
				hostSettingId: peerReview.hostSettingId,
				stage: peerReview.stage
			})
			.from(peerReview)
			.where(eq(peerReview.roundId, roundId)),
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
			.innerJoin(
				organisation,
				rowOf(organisation, reviewReviewer.tenantId, reviewReviewer.settingId)
			)
			.where(eq(peerReview.roundId, roundId))
			.orderBy(desc(reviewReviewer.isLead), asc(appUser.name), asc(appUser.id))
	]);
	return reviews.map((r) => ({
		...r,
		reviewers: reviewers.filter((p) => p.reviewId === r.id).map(({ reviewId: _, ...p }) => p)
	}));
}
type RoundReview = Awaited<ReturnType<typeof reviewsOf>>[number];

/** Everyone on the register, with the settings each reviews from. */
async function registerOf(tx: Tx) {
	return tx
		.select({
			id: peerReviewer.id,
			userId: peerReviewer.userId,
			settingId: peerReviewer.settingId,
			name: appUser.name
		})
		.from(peerReviewer)
		.innerJoin(appUser, eq(appUser.id, peerReviewer.userId))
		.orderBy(asc(appUser.name), asc(appUser.id));
}
type RegisterEntry = Awaited<ReturnType<typeof registerOf>>[number];

/** Who reviews whom so far: the edges the reciprocity rule looks at. */
const edgesOf = (reviews: RoundReview[]) =>
	reviews.flatMap((r) =>
		r.reviewers.map((p) => ({ fromSettingId: p.settingId, hostId: r.hostSettingId }))
	);

const homesOf = (register: RegisterEntry[]) => {
	const homes = new Map<string, Set<string>>();
	for (const r of register)
		homes.set(r.userId, (homes.get(r.userId) ?? new Set()).add(r.settingId));
	return homes;
};

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
		const byId = new Map(participants.map((p) => [p.id, p]));
		const reviewByHost = new Map(reviews.map((r) => [r.hostSettingId, r]));
		const ctx: ReasonContext = {
			byId,
			register,
			homes: homesOf(register),
			conflicts,
			edges: edgesOf(reviews),
			noReciprocal: round.noReciprocal
		};
		const allocated = reviews.length > 0 || participants.some((p) => p.groupNumber !== null);
		const conflicted = (userId: string, hostId: string) =>
			conflicts.some((c) => c.userId === userId && c.settingId === hostId);
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
								conflicted: conflicted(r.userId, p.id)
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

// Participants

/** The settings for the participants page, filtered, each marked if taking part. */
export async function participantChoices(scope: Scope, id: string, filter: ParticipantFilter) {
	assertLaStaff(scope);
	return inTenant(scope, async (tx) => {
		const round = await readRound(tx, id);
		if (!round) return null;
		const [all, taking] = await Promise.all([
			settingsByDistrict(tx),
			tx
				.select({ settingId: reviewRoundSetting.settingId })
				.from(reviewRoundSetting)
				.where(eq(reviewRoundSetting.roundId, round.id))
		]);
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

const STALE = { ok: false, reason: 'stale' } as const;
export type ParticipantsResult =
	| { ok: true }
	| typeof STALE
	| typeof NOT_PLANNING
	| Invalid<'settingIds'>
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

/** Gives reviews that lost their lead a new one: the first of their reviewers by name. */
async function ensureLeads(tx: Tx, roundId: string) {
	for (const review of await reviewsOf(tx, roundId)) {
		if (review.reviewers.length && !review.reviewers.some((p) => p.isLead)) {
			await tx
				.update(reviewReviewer)
				.set({ isLead: true })
				.where(
					and(
						eq(reviewReviewer.reviewId, review.id),
						eq(reviewReviewer.userId, review.reviewers[0]!.userId)
					)
				);
		}
	}
}

/**
 * Sets which of the settings shown take part in a planned round: those ticked join, those
 * left unticked leave, along with their review and their people's places on other reviews.
 */
export async function setParticipants(
	scope: Scope,
	id: string,
	version: number,
	shown: string[],
	chosen: string[]
): Promise<ParticipantsResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx) => {
		const round = await readRound(tx, id, true);
		if (!round) return NOT_FOUND;
		if (round.status !== 'planning') return NOT_PLANNING;
		if (round.version !== version) return STALE;
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
			};
		const current = new Set(
			(
				await tx
					.select({ settingId: reviewRoundSetting.settingId })
					.from(reviewRoundSetting)
					.where(eq(reviewRoundSetting.roundId, round.id))
			).map((r) => r.settingId)
		);
		const added = [...wanted].filter((s) => !current.has(s));
		const removed = [...shownSet].filter((s) => current.has(s) && !wanted.has(s));
		if (!added.length && !removed.length) return { ok: true };
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
		return { ok: true };
	});
}

// Proposing and editing the allocation

export type StepResult =
	| { ok: true }
	| typeof STALE
	| { ok: false; reason: 'refused'; message: string }
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

const refused = (message: string) => ({ ok: false, reason: 'refused', message }) as const;

/**
 * Proposes groups and reviewers for a planned round and puts them in place of whatever
 * allocation it had: group numbers on its settings, a review per host that could be given
 * reviewers, and those reviewers, lead marked.
 */
export async function proposeRoundAllocation(
	scope: Scope,
	id: string,
	version: number
): Promise<StepResult & { unallocated?: number }> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx) => {
		const round = await readRound(tx, id, true);
		if (!round) return NOT_FOUND;
		if (round.status !== 'planning')
			return refused('This round is confirmed, so its allocation can no longer be proposed again.');
		if (round.version !== version) return STALE;
		const [participants, register, conflicts] = await Promise.all([
			participantsOf(tx, round.id),
			registerOf(tx),
			conflictsOf(tx)
		]);
		if (participants.length < 2)
			return refused('Choose at least two settings to take part before proposing an allocation.');
		const ids = new Set(participants.map((p) => p.id));
		const settings: AllocationSetting[] = participants.map((p) => ({
			id: p.id,
			name: p.name,
			settingType: p.settingType,
			phase: p.phase,
			districtId: p.districtId,
			communityId: p.communityId
		}));
		const proposal = proposeAllocation({
			settings,
			reviewers: register
				.filter((r) => ids.has(r.settingId))
				.map((r) => ({ userId: r.userId, settingId: r.settingId })),
			conflicts: conflicts.filter((c) => ids.has(c.settingId)),
			rules: {
				groupShape: round.groupShape,
				clusterSize: round.clusterSize,
				reviewersPerReview: round.reviewersPerReview,
				noReciprocal: round.noReciprocal
			}
		});
		await tx
			.update(reviewRoundSetting)
			.set({ groupNumber: null })
			.where(eq(reviewRoundSetting.roundId, round.id));
		for (const group of proposal.groups) {
			await tx
				.update(reviewRoundSetting)
				.set({ groupNumber: group.number })
				.where(
					and(
						eq(reviewRoundSetting.roundId, round.id),
						inArray(reviewRoundSetting.settingId, group.settingIds)
					)
				);
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
		return { ok: true, unallocated: proposal.unallocated.length };
	});
}

/** The round locked for an edit of its allocation, or why the edit cannot go ahead. */
async function roundForEdit(tx: Tx, id: string, version: number) {
	const round = await readRound(tx, id, true);
	if (!round) return NOT_FOUND;
	if (round.version !== version) return STALE;
	return round;
}

/** The host's review in the round, locked, and whether its reviewers may still change. */
async function reviewForEdit(tx: Tx, round: Round, where: { hostId?: string; reviewId?: string }) {
	const query = tx
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
	const [review] = await query;
	if (!review) return { review: undefined, refusal: null };
	const refusal =
		round.status === 'planning' || EDITABLE_STAGES.includes(review.stage)
			? null
			: `The review of ${review.hostName} has reached the stage "${REVIEW_STAGE_LABELS[review.stage]}", so its reviewers can no longer change.`;
	return { review, refusal };
}

async function reviewersOfReview(tx: Tx, reviewId: string) {
	return tx
		.select({
			userId: reviewReviewer.userId,
			name: appUser.name,
			isLead: reviewReviewer.isLead
		})
		.from(reviewReviewer)
		.innerJoin(appUser, eq(appUser.id, reviewReviewer.userId))
		.where(eq(reviewReviewer.reviewId, reviewId))
		.orderBy(asc(appUser.name), asc(appUser.id));
}

/**
 * Adds someone on the register to a host's review, as its lead if it has none yet. Refused
 * with the rule's own words when the allocation rules forbid it, and after confirming once
 * the review is past preparation.
 */
export async function addReviewer(
	scope: Scope,
	roundId: string,
	version: number,
	input: { hostId: string; peerReviewerId: string }
): Promise<StepResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx) => {
		const round = await roundForEdit(tx, roundId, version);
		if (!('id' in round)) return round;
		const participants = await participantsOf(tx, round.id);
		const byId = new Map(participants.map((p) => [p.id, p]));
		const host = byId.get(input.hostId);
		if (!host) return refused('Choose a setting taking part in this round.');
		const [entry] = isRecordId(input.peerReviewerId)
			? await tx
					.select({
						userId: peerReviewer.userId,
						settingId: peerReviewer.settingId,
						name: appUser.name
					})
					.from(peerReviewer)
					.innerJoin(appUser, eq(appUser.id, peerReviewer.userId))
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
		const lead = current.length === 0 || !current.some((p) => p.isLead);
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

/**
 * Takes a reviewer off a review. If they led it, the next reviewer by name leads. A planned
 * review left without reviewers goes; a confirmed one keeps at least one reviewer.
 */
export async function removeReviewer(
	scope: Scope,
	roundId: string,
	version: number,
	input: { reviewId: string; userId: string }
): Promise<StepResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx) => {
		const round = await roundForEdit(tx, roundId, version);
		if (!('id' in round)) return round;
		const { review, refusal } = await reviewForEdit(tx, round, { reviewId: input.reviewId });
		if (!review) return NOT_FOUND;
		if (refusal) return refused(refusal);
		const current = await reviewersOfReview(tx, review.id);
		const leaving = current.find((p) => p.userId === input.userId);
		if (!leaving) return NOT_FOUND;
		const staying = current.filter((p) => p.userId !== input.userId);
		if (!staying.length && round.status !== 'planning')
			return refused(
				`The review of ${review.hostName} needs at least one reviewer. Add another reviewer first, then take ${leaving.name} off.`
			);
		await tx
			.delete(reviewReviewer)
			.where(
				and(eq(reviewReviewer.reviewId, review.id), eq(reviewReviewer.userId, leaving.userId))
			);
		const newLead = leaving.isLead ? staying[0] : undefined;
		if (newLead)
			await tx
				.update(reviewReviewer)
				.set({ isLead: true })
				.where(
					and(eq(reviewReviewer.reviewId, review.id), eq(reviewReviewer.userId, newLead.userId))
				);
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
}

/** Makes one of a review's reviewers its lead (and the previous lead a reviewer). */
export async function makeLead(
	scope: Scope,
	roundId: string,
	version: number,
	input: { reviewId: string; userId: string }
): Promise<StepResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx) => {
		const round = await roundForEdit(tx, roundId, version);
		if (!('id' in round)) return round;
		const { review, refusal } = await reviewForEdit(tx, round, { reviewId: input.reviewId });
		if (!review) return NOT_FOUND;
		if (refusal) return refused(refusal);
		const current = await reviewersOfReview(tx, review.id);
		const next = current.find((p) => p.userId === input.userId);
		if (!next) return NOT_FOUND;
		if (next.isLead) return { ok: true };
		const previous = current.find((p) => p.isLead);
		// Cleared first: a review may have only one lead at any moment.
		await tx
			.update(reviewReviewer)
			.set({ isLead: false })
			.where(eq(reviewReviewer.reviewId, review.id));
		await tx
			.update(reviewReviewer)
			.set({ isLead: true })
			.where(and(eq(reviewReviewer.reviewId, review.id), eq(reviewReviewer.userId, next.userId)));
		await bumpVersion(tx, round);
		await writeAudit(tx, scope, {
			action: 'review-round.lead-changed',
			subject: `${round.name}: ${review.hostName}`,
			detail: { before: previous?.name ?? null, after: next.name, host: review.hostName }
		});
		return { ok: true };
	});
}

export type ConfirmResult =
	| { ok: true }
	| typeof STALE
	| { ok: false; reason: 'refused'; message: string }
	| { ok: false; reason: 'incomplete'; settings: string[] }
	| { ok: false; reason: 'conflicted'; pairs: string[] }
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

/**
 * Confirms a planned round, so its hosts and reviewers see their reviews. Refused, naming
 * them, while any setting taking part has no review with a reviewer and a lead, or while a
 * reviewer has since declared a conflict of interest with their host.
 */
export async function confirmRound(
	scope: Scope,
	id: string,
	version: number
): Promise<ConfirmResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx) => {
		const round = await roundForEdit(tx, id, version);
		if (!('id' in round)) return round;
		if (round.status !== 'planning') return refused('This round is already confirmed.');
		const [participants, reviews] = await Promise.all([
			participantsOf(tx, round.id),
			reviewsOf(tx, round.id)
		]);
		if (!participants.length)
			return refused('Choose the settings taking part, and their reviewers, before confirming.');
		const byHost = new Map(reviews.map((r) => [r.hostSettingId, r]));
		const missing = participants.filter((p) => !isCovered(byHost.get(p.id))).map((p) => p.name);
		if (missing.length) return { ok: false, reason: 'incomplete', settings: missing };
		// A conflict declared since the allocation was made.
		const conflicts = await conflictsOf(tx);
		const names = new Map(participants.map((p) => [p.id, p.name]));
		const clashes = reviews.flatMap((r) =>
			r.reviewers
				.filter((p) =>
					conflicts.some((c) => c.userId === p.userId && c.settingId === r.hostSettingId)
				)
				.map((p) => `${p.name} reviewing ${names.get(r.hostSettingId)}`)
		);
		if (clashes.length) return { ok: false, reason: 'conflicted', pairs: clashes };
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
		return { ok: true };
	});
}

export type DeleteRoundResult =
	{ ok: true } | typeof NOT_PLANNING | typeof NOT_FOUND | typeof FORBIDDEN;

/** Deletes a round still being planned, with its settings and proposed reviews. */
export async function deleteRound(scope: Scope, id: string): Promise<DeleteRoundResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx) => {
		const round = await readRound(tx, id, true);
		if (!round) return NOT_FOUND;
		if (round.status !== 'planning') return NOT_PLANNING;
		const [settings] = await tx
			.select({ n: count() })
			.from(reviewRoundSetting)
			.where(eq(reviewRoundSetting.roundId, round.id));
		await tx.delete(reviewRound).where(eq(reviewRound.id, round.id));
		await writeAudit(tx, scope, {
			action: 'review-round.deleted',
			subject: round.name,
			detail: {
				before: {
					...auditView(roundFormValues(round), round.cycleName),
					settings: settings?.n ?? 0
				}
			}
		});
		return { ok: true };
	});
}
