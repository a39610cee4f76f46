import { FORBIDDEN } from './review-results';
import { and, asc, count, eq, ilike, isNull, ne, notExists, or, sql, type SQL } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import type { Scope } from '../auth/guards';
import { rowOf } from '../db/joins';
import {
	appUser,
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

/**
 * Puts a person on the LA's register of peer reviewers, reviewing from one setting; false if
 * they were on it from there already.
 */
export async function insertPeerReviewer(
	tx: Tx,
	tenantId: string,
	userId: string,
	settingId: string,
	addedBy: string | null = null
): Promise<boolean> {
	const added = await tx
		.insert(peerReviewer)
		.values({ tenantId, userId, settingId, addedBy })
		.onConflictDoNothing({
			target: [peerReviewer.tenantId, peerReviewer.userId, peerReviewer.settingId]
		})
		.returning({ id: peerReviewer.id });
	return added.length > 0;
}

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

/**
 * Roles held in settings by people whose account here is active, with who and where; `where`
 * narrows them. Each is a way onto the register, reviewing from that setting.
 */
const settingRoles = (tx: Tx, where: SQL | undefined) =>
	tx
		.select({
			membershipId: membership.id,
			userId: membership.userId,
			settingId: membership.organisationId,
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
		.where(and(eq(organisation.kind, 'setting'), isNull(tenantUser.deactivatedAt), where));

const CANDIDATE_LIMIT = 25;

/**
 * People whose name or email matches, with each role they hold in a setting that does not
 * already put them on the register from there: the choices for adding someone.
 */
export async function registerCandidates(scope: Scope, q: string) {
	assertLaStaff(scope);
	if (q.length < 2) return { rows: [], more: false };
	return inTenant(scope, async (tx) => {
		const onRegister = tx
			.select({ one: sql`1` })
			.from(peerReviewer)
			.where(
				and(
					eq(peerReviewer.tenantId, membership.tenantId),
					eq(peerReviewer.userId, membership.userId),
					eq(peerReviewer.settingId, membership.organisationId)
				)
			);
		const rows = await settingRoles(
			tx,
			and(
				or(ilike(appUser.name, containing(q)), ilike(appUser.email, containing(q))),
				notExists(onRegister)
			)
		)
			.orderBy(asc(sql`lower(${appUser.name})`), asc(appUser.id), asc(organisation.name))
			.limit(CANDIDATE_LIMIT + 1);
		return { rows: rows.slice(0, CANDIDATE_LIMIT), more: rows.length > CANDIDATE_LIMIT };
	});
}

/** Registers the holder of a role in a setting as a peer reviewer from that setting. */
export async function addPeerReviewer(
	scope: Scope,
	membershipId: string
): Promise<{ ok: true; name: string } | Invalid<'membershipId'> | typeof FORBIDDEN> {
	if (!isLaAdmin(scope)) return FORBIDDEN;
	const invalid = (message: string) =>
		({ ok: false, reason: 'invalid', field: 'membershipId', message }) as const;
	if (!isRecordId(membershipId)) return invalid('Choose a person and the setting they review from');
	return inTenant(scope, async (tx) => {
		const [role] = await settingRoles(tx, eq(membership.id, membershipId));
		if (!role) return invalid('Choose a person and the setting they review from');
		const added = await insertPeerReviewer(
			tx,
			scope.tenantId,
			role.userId,
			role.settingId,
			scope.userId
		);
		if (!added) return invalid(`${role.name} is already on the register from ${role.settingName}`);
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

type RemovePeerReviewerResult =
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
