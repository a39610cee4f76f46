import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import { GROUP_SHAPE_LABELS } from '../../domain/peer-review';
import type { RoundInput } from '../../schemas/review-rounds';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { rowOf } from '../db/joins';
import { evaluationCycle, peerReview, reviewRound, reviewRoundSetting } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { assertLaStaff, isLaAdmin } from './peer-reviewers';
import { FORBIDDEN, STALE } from './review-results';
import { NOT_FOUND, type Invalid } from './structure';

// A round's set-up (name, cycle, allocation rules), and what every change to a round shares.
// The settings taking part are in round-participants.ts, the allocation in round-allocation.ts
// and round-reviewers.ts.

type RoundRow = typeof reviewRound.$inferSelect;
export type Round = RoundRow & { cycleName: string };

/** The round with its cycle's name, locked for update when asked; undefined if not here. */
export async function readRound(tx: Tx, id: string, lock = false): Promise<Round | undefined> {
	if (!isRecordId(id)) return undefined;
	const query = tx
		.select({ round: reviewRound, cycleName: evaluationCycle.name })
		.from(reviewRound)
		.innerJoin(evaluationCycle, rowOf(evaluationCycle, reviewRound.tenantId, reviewRound.cycleId))
		.where(eq(reviewRound.id, id));
	const [found] = lock ? await query.for('update', { of: reviewRound }) : await query;
	return found ? { ...found.round, cycleName: found.cycleName } : undefined;
}

/** The round is confirmed, so its set-up and settings are fixed. */
export const NOT_PLANNING = { ok: false, reason: 'not-planning' } as const;
/** A change the round's rules do not allow, in words the LA can act on. */
export const refused = (message: string) => ({ ok: false, reason: 'refused', message }) as const;

/** How a change to a round's allocation came out. */
export type RoundChange =
	{ ok: true } | typeof STALE | ReturnType<typeof refused> | typeof NOT_FOUND | typeof FORBIDDEN;

/** Records that the round changed, so pages read before now are stale. */
export const bumpVersion = (tx: Tx, round: RoundRow) =>
	tx
		.update(reviewRound)
		.set({ version: round.version + 1, updatedAt: new Date() })
		.where(eq(reviewRound.id, round.id));

/**
 * Runs an LA admin's change to a round whose page was read at `version`, with the round
 * locked. Someone else's change since makes it stale; a round already confirmed gets
 * `ifConfirmed`, when given, whatever its version.
 */
export async function changeRound<T, C = never>(
	scope: Scope,
	{ id, version, ifConfirmed }: { id: string; version: number; ifConfirmed?: C },
	change: (tx: Tx, round: Round) => Promise<T>
): Promise<T | C | typeof STALE | typeof NOT_FOUND | typeof FORBIDDEN> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx) => {
		const round = await readRound(tx, id, true);
		if (!round) return NOT_FOUND;
		if (ifConfirmed !== undefined && round.status !== 'planning') return ifConfirmed;
		if (round.version !== version) return STALE;
		return change(tx, round);
	});
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
type SaveRoundResult =
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

/** Deletes a round still being planned, with its settings and proposed reviews. */
export async function deleteRound(
	scope: Scope,
	id: string
): Promise<{ ok: true } | typeof NOT_PLANNING | typeof NOT_FOUND | typeof FORBIDDEN> {
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
