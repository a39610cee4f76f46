import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import type { ConflictInput } from '../../schemas/review-rounds';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { rowOf } from '../db/joins';
import {
	appUser,
	conflictOfInterest,
	organisation,
	peerReview,
	peerReviewer,
	reviewReviewer,
	reviewRound,
	setting
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { assertLaStaff, isLaAdmin, settingsByDistrict } from './peer-reviewers';
import { FORBIDDEN } from './review-results';
import { NOT_FOUND, type Invalid } from './structure';

// Conflicts of interest between peer reviewers and settings: recorded by the LA or declared
// by reviewers themselves, and never broken by an allocation.

/** Conflicts with the reviewer's name and email and the setting's name. */
const conflictsQuery = (tx: Tx) =>
	tx
		.select({
			id: conflictOfInterest.id,
			userId: conflictOfInterest.userId,
			settingId: conflictOfInterest.settingId,
			reason: conflictOfInterest.reason,
			createdAt: conflictOfInterest.createdAt,
			name: appUser.name,
			email: appUser.email,
			settingName: organisation.name,
			declaredBy: conflictOfInterest.declaredBy
		})
		.from(conflictOfInterest)
		.innerJoin(appUser, eq(appUser.id, conflictOfInterest.userId))
		.innerJoin(
			organisation,
			rowOf(organisation, conflictOfInterest.tenantId, conflictOfInterest.settingId)
		);
type ConflictRow = Awaited<ReturnType<typeof conflictsQuery>>[number];

/** A conflict as lists show it: whether the reviewer declared it, rather than who did. */
const withSelfDeclared = ({ declaredBy, ...row }: ConflictRow) => ({
	...row,
	selfDeclared: declaredBy === row.userId
});

export const CONFLICTS_PAGE_SIZE = 50;

/** A page of the conflicts of interest recorded, by reviewer then setting. */
export async function listConflicts(scope: Scope, page: number) {
	assertLaStaff(scope);
	return inTenant(scope, async (tx) => {
		const [rows, [total]] = await Promise.all([
			conflictsQuery(tx)
				.orderBy(
					asc(sql`lower(${appUser.name})`),
					asc(organisation.name),
					asc(conflictOfInterest.id)
				)
				.limit(CONFLICTS_PAGE_SIZE)
				.offset((page - 1) * CONFLICTS_PAGE_SIZE),
			tx.select({ n: count() }).from(conflictOfInterest)
		]);
		return { rows: rows.map(withSelfDeclared), total: total?.n ?? 0 };
	});
}

/** The people on the register (each once) and the settings, for the LA's conflict form. */
export async function conflictFormOptions(scope: Scope) {
	assertLaStaff(scope);
	return inTenant(scope, async (tx) => {
		const [people, settings] = await Promise.all([
			tx
				.selectDistinct({ userId: appUser.id, name: appUser.name, email: appUser.email })
				.from(peerReviewer)
				.innerJoin(appUser, eq(appUser.id, peerReviewer.userId))
				.orderBy(appUser.name, appUser.email, appUser.id),
			settingsByDistrict(tx)
		]);
		return { people, settings };
	});
}

type ConflictField = 'userId' | 'settingId';
type DeclareConflictResult = { ok: true } | Invalid<ConflictField> | typeof FORBIDDEN;

const invalidConflict = (field: ConflictField, message: string): Invalid<ConflictField> => ({
	ok: false,
	reason: 'invalid',
	field,
	message
});

/**
 * Records a conflict of interest between a registered reviewer and a setting. Refused while
 * they are reviewing that setting in a review not finalised (for a reviewer, one they can
 * see: in a confirmed round): the allocation changes first.
 */
async function recordConflict(
	tx: Tx,
	scope: Scope,
	input: ConflictInput,
	bySelf: boolean
): Promise<DeclareConflictResult> {
	// The person's register entries, locked before anything is checked: a round being proposed
	// or confirmed with them (which holds these rows shared) finishes first and is seen below,
	// or waits and then sees this conflict.
	const [person] = await tx
		.select({ name: appUser.name })
		.from(peerReviewer)
		.innerJoin(appUser, eq(appUser.id, peerReviewer.userId))
		.where(eq(peerReviewer.userId, input.userId))
		.orderBy(peerReviewer.id)
		.for('update', { of: peerReviewer });
	if (!person)
		return bySelf
			? invalidConflict(
					'settingId',
					"Only people on the local authority's peer reviewer register can declare a conflict of interest here"
				)
			: invalidConflict('userId', 'Choose a peer reviewer from the list');
	const [host] = await tx
		.select({ name: organisation.name })
		.from(setting)
		.innerJoin(organisation, rowOf(organisation, setting.tenantId, setting.id))
		.where(eq(setting.id, input.settingId));
	if (!host) return invalidConflict('settingId', 'Choose a setting from the list');
	const [assigned] = await tx
		.select({ roundName: reviewRound.name })
		.from(reviewReviewer)
		.innerJoin(peerReview, rowOf(peerReview, reviewReviewer.tenantId, reviewReviewer.reviewId))
		.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
		.where(
			and(
				eq(reviewReviewer.userId, input.userId),
				eq(peerReview.hostSettingId, input.settingId),
				ne(peerReview.stage, 'finalised'),
				// A reviewer knows only of confirmed rounds; a planned allocation that the new
				// conflict breaks is flagged to the LA, and cannot be confirmed as it is.
				bySelf ? eq(reviewRound.status, 'confirmed') : undefined
			)
		)
		.limit(1);
	if (assigned) {
		const message = bySelf
			? `You are reviewing ${host.name} in ${assigned.roundName}. Ask the local authority to change the allocation; the conflict can be recorded once you are off that review.`
			: `${person.name} is reviewing ${host.name} in ${assigned.roundName}. Take them off that review on the round's page first, then record the conflict.`;
		return invalidConflict('settingId', message);
	}
	try {
		const added = await tx
			.insert(conflictOfInterest)
			.values({
				tenantId: scope.tenantId,
				userId: input.userId,
				settingId: input.settingId,
				reason: input.reason,
				declaredBy: scope.userId
			})
			.onConflictDoNothing()
			.returning({ id: conflictOfInterest.id });
		if (!added.length) {
			const who = bySelf ? 'You have' : `${person.name} has`;
			return invalidConflict('settingId', `${who} already declared a conflict with ${host.name}`);
		}
	} catch (e) {
		// The person or setting was deleted while this was being recorded.
		if (brokenConstraint(e, '23503') === null) throw e;
		return invalidConflict('settingId', 'Choose a setting from the list');
	}
	await writeAudit(tx, scope, {
		action: 'conflict-of-interest.declared',
		subject: `${person.name}, ${host.name}`,
		detail: {
			after: { person: person.name, setting: host.name, reason: input.reason },
			declaredBy: bySelf ? 'reviewer' : 'local authority'
		}
	});
	return { ok: true };
}

/** The LA records a conflict of interest for someone on its register. */
export async function declareConflict(
	scope: Scope,
	input: ConflictInput
): Promise<DeclareConflictResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, (tx) => recordConflict(tx, scope, input, false));
}

/** A peer reviewer declares a conflict of interest of their own with a setting. */
export async function declareOwnConflict(
	scope: Scope,
	input: { settingId: string; reason: string }
): Promise<DeclareConflictResult> {
	return inTenant(scope, (tx) =>
		recordConflict(tx, scope, { ...input, userId: scope.userId }, true)
	);
}

async function readConflict(tx: Tx, id: string, ownerId?: string, lock = false) {
	if (!isRecordId(id)) return undefined;
	const query = conflictsQuery(tx).where(
		and(
			eq(conflictOfInterest.id, id),
			// A reviewer withdraws only what they declared, not what the LA recorded about them.
			ownerId ? eq(conflictOfInterest.userId, ownerId) : undefined,
			ownerId ? eq(conflictOfInterest.declaredBy, ownerId) : undefined
		)
	);
	const [found] = lock ? await query.for('update', { of: conflictOfInterest }) : await query;
	return found;
}

/**
 * One conflict for the withdrawal page: the LA sees any, a reviewer (as the `own` flag asks)
 * only one they declared themselves; null otherwise.
 */
export async function conflictForWithdrawal(scope: Scope, id: string, own: boolean) {
	if (!own) assertLaStaff(scope);
	return inTenant(
		scope,
		async (tx) => (await readConflict(tx, id, own ? scope.userId : undefined)) ?? null
	);
}

type WithdrawConflictResult = { ok: true } | typeof NOT_FOUND | typeof FORBIDDEN;

/** Withdraws a conflict of interest: any for an LA admin, one they declared for a reviewer. */
export async function withdrawConflict(
	scope: Scope,
	id: string,
	own: boolean
): Promise<WithdrawConflictResult> {
	if (!own && !isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx) => {
		const conflict = await readConflict(tx, id, own ? scope.userId : undefined, true);
		if (!conflict) return NOT_FOUND;
		await tx.delete(conflictOfInterest).where(eq(conflictOfInterest.id, conflict.id));
		await writeAudit(tx, scope, {
			action: 'conflict-of-interest.removed',
			subject: `${conflict.name}, ${conflict.settingName}`,
			detail: {
				before: { person: conflict.name, setting: conflict.settingName, reason: conflict.reason },
				withdrawnBy: own ? 'reviewer' : 'local authority'
			}
		});
		return { ok: true };
	});
}

/**
 * What a person sees of their own conflicts: whether they are on the register (and from
 * where), the conflicts they have, and the settings they could declare one with.
 */
export async function ownConflicts(scope: Scope) {
	return inTenant(scope, async (tx) => {
		const homes = await tx
			.select({ settingId: peerReviewer.settingId, settingName: organisation.name })
			.from(peerReviewer)
			.innerJoin(organisation, rowOf(organisation, peerReviewer.tenantId, peerReviewer.settingId))
			.where(eq(peerReviewer.userId, scope.userId))
			.orderBy(asc(organisation.name));
		if (!homes.length) return { onRegister: false as const, homes, conflicts: [], settings: [] };
		const [conflicts, settings] = await Promise.all([
			conflictsQuery(tx)
				.where(eq(conflictOfInterest.userId, scope.userId))
				.orderBy(asc(organisation.name)),
			settingsByDistrict(tx)
		]);
		return {
			onRegister: true as const,
			homes,
			conflicts: conflicts.map(withSelfDeclared),
			settings
		};
	});
}

/** The conflicts recorded for these people (all of the tenant's when none are named). */
export async function conflictsOf(tx: Tx, userIds?: string[]) {
	if (userIds && !userIds.length) return [];
	return tx
		.select({ userId: conflictOfInterest.userId, settingId: conflictOfInterest.settingId })
		.from(conflictOfInterest)
		.where(userIds ? inArray(conflictOfInterest.userId, userIds) : undefined);
}
