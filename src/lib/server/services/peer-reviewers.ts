import { and, asc, count, eq, ilike, inArray, isNull, ne, notExists, or, sql } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import type { ConflictInput } from '../../schemas/review-rounds';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { rowOf } from '../db/joins';
import {
	appUser,
	conflictOfInterest,
	district,
	membership,
	organisation,
	peerReview,
	peerReviewer,
	reviewReviewer,
	reviewRound,
	setting,
	tenantUser
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { NOT_FOUND, type Invalid } from './structure';

/** Puts a person on the LA's register of peer reviewers, reviewing from one setting. */
export async function insertPeerReviewer(
	tx: Tx,
	tenantId: string,
	userId: string,
	settingId: string,
	addedBy: string | null = null
) {
	await tx
		.insert(peerReviewer)
		.values({ tenantId, userId, settingId, addedBy })
		.onConflictDoNothing({
			target: [peerReviewer.tenantId, peerReviewer.userId, peerReviewer.settingId]
		});
}

export const FORBIDDEN = { ok: false, reason: 'forbidden' } as const;

/** Only an LA admin changes the register, conflicts recorded by the LA, and review rounds. */
export const isLaAdmin = (scope: Scope) =>
	scope.membership.organisationKind === 'la' && scope.membership.role === 'admin';

/** The LA's own pages are for its staff; routes check first, this guards the service too. */
export function assertLaStaff(scope: Scope) {
	if (scope.membership.organisationKind !== 'la') throw new Error('Only LA staff read this.');
}

const containing = (term: string) => `%${term.replace(/[%_\\]/g, '\\$&')}%`;
/** The setting a register entry reviews from. */
const registerSetting = () => rowOf(organisation, peerReviewer.tenantId, peerReviewer.settingId);

/** Every setting of the tenant with what grouping and allocation need, by district then name. */
export async function settingsByDistrict(tx: Tx) {
	return tx
		.select({
			id: setting.id,
			name: organisation.name,
			settingType: setting.settingType,
			phase: setting.phase,
			districtId: setting.districtId,
			districtName: district.name,
			communityId: setting.communityId
		})
		.from(setting)
		.innerJoin(organisation, rowOf(organisation, setting.tenantId, setting.id))
		.leftJoin(district, rowOf(district, setting.tenantId, setting.districtId))
		.orderBy(
			sql`${district.name} is null`,
			asc(district.name),
			asc(sql`lower(${organisation.name})`),
			asc(setting.id)
		);
}
export type SettingChoice = Awaited<ReturnType<typeof settingsByDistrict>>[number];

export const REGISTER_PAGE_SIZE = 50;

/** A page of the register by name: who, from which setting, and how many reviews they have. */
export async function listPeerReviewers(scope: Scope, page: number) {
	assertLaStaff(scope);
	return inTenant(scope, async (tx) => {
		const [rows, [total]] = await Promise.all([
			tx
				.select({
					id: peerReviewer.id,
					userId: peerReviewer.userId,
					name: appUser.name,
					email: appUser.email,
					settingId: peerReviewer.settingId,
					settingName: organisation.name,
					reviews: count(reviewReviewer.id)
				})
				.from(peerReviewer)
				.innerJoin(appUser, eq(appUser.id, peerReviewer.userId))
				.innerJoin(organisation, registerSetting())
				.leftJoin(
					reviewReviewer,
					and(
						eq(reviewReviewer.tenantId, peerReviewer.tenantId),
						eq(reviewReviewer.userId, peerReviewer.userId),
						eq(reviewReviewer.settingId, peerReviewer.settingId)
					)
				)
				.groupBy(
					peerReviewer.tenantId,
					peerReviewer.id,
					appUser.id,
					appUser.name,
					appUser.email,
					organisation.name
				)
				.orderBy(asc(sql`lower(${appUser.name})`), asc(organisation.name), asc(peerReviewer.id))
				.limit(REGISTER_PAGE_SIZE)
				.offset((page - 1) * REGISTER_PAGE_SIZE),
			tx.select({ n: count() }).from(peerReviewer)
		]);
		return { rows, total: total?.n ?? 0 };
	});
}

const CANDIDATE_LIMIT = 25;

/**
 * People whose name or email matches, with each role they hold in a setting that does not
 * already put them on the register from there: the choices for adding someone.
 */
export async function registerCandidates(scope: Scope, q: string) {
	assertLaStaff(scope);
	if (q.length < 2) return { rows: [], more: false };
	return inTenant(scope, async (tx) => {
		const rows = await tx
			.select({
				membershipId: membership.id,
				name: appUser.name,
				email: appUser.email,
				settingName: organisation.name,
				role: membership.role
			})
			.from(membership)
			.innerJoin(organisation, rowOf(organisation, membership.tenantId, membership.organisationId))
			.innerJoin(appUser, eq(appUser.id, membership.userId))
			.innerJoin(
				tenantUser,
				and(eq(tenantUser.tenantId, membership.tenantId), eq(tenantUser.userId, membership.userId))
			)
			.where(
				and(
					eq(organisation.kind, 'setting'),
					isNull(tenantUser.deactivatedAt),
					or(ilike(appUser.name, containing(q)), ilike(appUser.email, containing(q))),
					notExists(
						tx
							.select({ one: sql`1` })
							.from(peerReviewer)
							.where(
								and(
									eq(peerReviewer.tenantId, membership.tenantId),
									eq(peerReviewer.userId, membership.userId),
									eq(peerReviewer.settingId, membership.organisationId)
								)
							)
					)
				)
			)
			.orderBy(asc(sql`lower(${appUser.name})`), asc(appUser.id), asc(organisation.name))
			.limit(CANDIDATE_LIMIT + 1);
		return { rows: rows.slice(0, CANDIDATE_LIMIT), more: rows.length > CANDIDATE_LIMIT };
	});
}

export type AddPeerReviewerResult =
	{ ok: true; name: string } | Invalid<'membershipId'> | typeof FORBIDDEN;

/** Registers the holder of a role in a setting as a peer reviewer from that setting. */
export async function addPeerReviewer(
	scope: Scope,
	membershipId: string
): Promise<AddPeerReviewerResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	const invalid = (message: string) =>
		({ ok: false, reason: 'invalid', field: 'membershipId', message }) as const;
	if (!isRecordId(membershipId)) return invalid('Choose a person and the setting they review from');
	return inTenant(scope, async (tx) => {
		const [role] = await tx
			.select({
				userId: membership.userId,
				settingId: membership.organisationId,
				name: appUser.name,
				settingName: organisation.name
			})
			.from(membership)
			.innerJoin(organisation, rowOf(organisation, membership.tenantId, membership.organisationId))
			.innerJoin(appUser, eq(appUser.id, membership.userId))
			.innerJoin(
				tenantUser,
				and(eq(tenantUser.tenantId, membership.tenantId), eq(tenantUser.userId, membership.userId))
			)
			.where(
				and(
					eq(membership.id, membershipId),
					eq(organisation.kind, 'setting'),
					isNull(tenantUser.deactivatedAt)
				)
			);
		if (!role) return invalid('Choose a person and the setting they review from');
		const added = await tx
			.insert(peerReviewer)
			.values({
				tenantId: scope.tenantId,
				userId: role.userId,
				settingId: role.settingId,
				addedBy: scope.userId
			})
			.onConflictDoNothing()
			.returning({ id: peerReviewer.id });
		if (!added.length)
			return invalid(`${role.name} is already on the register from ${role.settingName}`);
		await writeAudit(tx, scope, {
			action: 'peer-reviewer.added',
			subject: `${role.name}, ${role.settingName}`,
			detail: { after: { person: role.name, setting: role.settingName } }
		});
		return { ok: true, name: role.name };
	});
}

/** The reviews a person is on from a setting that are not finalised yet. */
async function openReviewsOf(tx: Tx, userId: string, settingId: string) {
	return tx
		.select({
			reviewId: peerReview.id,
			hostId: peerReview.hostSettingId,
			hostName: organisation.name,
			roundId: reviewRound.id,
			roundName: reviewRound.name,
			stage: peerReview.stage
		})
		.from(reviewReviewer)
		.innerJoin(peerReview, rowOf(peerReview, reviewReviewer.tenantId, reviewReviewer.reviewId))
		.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
		.innerJoin(organisation, rowOf(organisation, peerReview.tenantId, peerReview.hostSettingId))
		.where(
			and(
				eq(reviewReviewer.userId, userId),
				eq(reviewReviewer.settingId, settingId),
				ne(peerReview.stage, 'finalised')
			)
		)
		.orderBy(asc(reviewRound.name), asc(organisation.name));
}

async function readRegisterEntry(tx: Tx, id: string, lock = false) {
	if (!isRecordId(id)) return undefined;
	const query = tx
		.select({
			id: peerReviewer.id,
			userId: peerReviewer.userId,
			settingId: peerReviewer.settingId,
			name: appUser.name,
			email: appUser.email,
			settingName: organisation.name
		})
		.from(peerReviewer)
		.innerJoin(appUser, eq(appUser.id, peerReviewer.userId))
		.innerJoin(organisation, registerSetting())
		.where(eq(peerReviewer.id, id));
	const [entry] = lock ? await query.for('update', { of: peerReviewer }) : await query;
	return entry;
}

/** One register entry and the unfinished reviews that stop its removal; null if not here. */
export async function peerReviewerForRemoval(scope: Scope, id: string) {
	assertLaStaff(scope);
	return inTenant(scope, async (tx) => {
		const entry = await readRegisterEntry(tx, id);
		if (!entry) return null;
		return { ...entry, openReviews: await openReviewsOf(tx, entry.userId, entry.settingId) };
	});
}

export type RemovePeerReviewerResult =
	| { ok: true; name: string }
	| { ok: false; reason: 'busy'; reviews: Awaited<ReturnType<typeof openReviewsOf>> }
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

/** Takes someone off the register, unless they are on a review that is not finalised. */
export async function removePeerReviewer(
	scope: Scope,
	id: string
): Promise<RemovePeerReviewerResult> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx) => {
		const entry = await readRegisterEntry(tx, id, true);
		if (!entry) return NOT_FOUND;
		const reviews = await openReviewsOf(tx, entry.userId, entry.settingId);
		if (reviews.length) return { ok: false, reason: 'busy', reviews };
		await tx.delete(peerReviewer).where(eq(peerReviewer.id, entry.id));
		await writeAudit(tx, scope, {
			action: 'peer-reviewer.removed',
			subject: `${entry.name}, ${entry.settingName}`,
			detail: { before: { person: entry.name, setting: entry.settingName } }
		});
		return { ok: true, name: entry.name };
	});
}

// Conflicts of interest

const conflictColumns = {
	id: conflictOfInterest.id,
	userId: conflictOfInterest.userId,
	settingId: conflictOfInterest.settingId,
	reason: conflictOfInterest.reason,
	createdAt: conflictOfInterest.createdAt,
	name: appUser.name,
	email: appUser.email,
	settingName: organisation.name,
	declaredBy: conflictOfInterest.declaredBy
};

function conflictsQuery(tx: Tx) {
	return tx
		.select(conflictColumns)
		.from(conflictOfInterest)
		.innerJoin(appUser, eq(appUser.id, conflictOfInterest.userId))
		.innerJoin(
			organisation,
			rowOf(organisation, conflictOfInterest.tenantId, conflictOfInterest.settingId)
		);
}

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
		return {
			rows: rows.map(({ declaredBy, ...row }) => ({
				...row,
				selfDeclared: declaredBy === row.userId
			})),
			total: total?.n ?? 0
		};
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
export type DeclareConflictResult = { ok: true } | Invalid<ConflictField> | typeof FORBIDDEN;

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
	const [person] = await tx
		.select({ name: appUser.name })
		.from(peerReviewer)
		.innerJoin(appUser, eq(appUser.id, peerReviewer.userId))
		.where(eq(peerReviewer.userId, input.userId))
		.limit(1);
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

export type WithdrawConflictResult = { ok: true } | typeof NOT_FOUND | typeof FORBIDDEN;

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
			.innerJoin(organisation, registerSetting())
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
			conflicts: conflicts.map(({ declaredBy, ...row }) => ({
				...row,
				selfDeclared: declaredBy === row.userId
			})),
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
