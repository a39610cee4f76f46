import { and, asc, count, desc, eq, gte, ilike, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { formatDate, todayInEngland } from '../../domain/dates';
import { isRecordId } from '../../domain/ids';
import {
	PUPILS_PAGE_SIZE,
	SAME_NEEDS_MESSAGE,
	type PupilValues,
	type PupilFilter,
	type PupilInput
} from '../../schemas/provision-pupils';
import type { Scope } from '../auth/guards';
import {
	apdrReview,
	appUser,
	intervention,
	provisionRecord,
	senPupil,
	senPupilChange,
	setting
} from '../db/schema';
import { brokenConstraint } from '../db/errors';
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
import { changesHistory, recordPupilChanges } from './pupil-history';
import type { Invalid } from './structure';

// The SEN register of the scope's own setting: pupils known by a reference, their history,
// and what the register page shows of their provision and reviews.

type Refusal = typeof NO_ACCESS | typeof READ_ONLY;

/** The subject of every provision audit event: the setting, never a pupil. */
export const provisionSubject = (access: ProvisionAccess) =>
	`Provision records of ${access.settingName}`;

const pupilColumns = {
	id: senPupil.id,
	reference: senPupil.reference,
	yearGroup: senPupil.yearGroup,
	senStatus: senPupil.senStatus,
	primaryNeed: senPupil.primaryNeed,
	secondaryNeed: senPupil.secondaryNeed,
	addedOn: senPupil.addedOn,
	removedOn: senPupil.removedOn,
	version: senPupil.version
};

/**
 * A pupil of the setting's register, locked if asked; undefined for an id that is not one,
 * or is another setting's (callers answer 404, never saying it exists).
 */
export async function findPupil(
	tx: Tx,
	access: ProvisionAccess,
	pupilId: string,
	options: { lock?: boolean } = {}
) {
	if (!isRecordId(pupilId)) return undefined;
	const query = tx
		.select(pupilColumns)
		.from(senPupil)
		.where(and(eq(senPupil.settingId, access.settingId), eq(senPupil.id, pupilId)));
	const [row] = options.lock ? await query.for('update') : await query;
	return row;
}
type PupilRow = NonNullable<Awaited<ReturnType<typeof findPupil>>>;

/** A saved entry as the form shows it. */
export const pupilFormValues = (row: PupilRow): PupilValues => ({
	reference: row.reference,
	yearGroup: row.yearGroup,
	senStatus: row.senStatus,
	primaryNeed: row.primaryNeed,
	secondaryNeed: row.secondaryNeed ?? '',
	addedOn: row.addedOn
});

/** The setting's type, which decides whether age bands or year groups come first. */
async function settingTypeOf(tx: Tx, access: ProvisionAccess) {
	const [row] = await tx
		.select({ settingType: setting.settingType })
		.from(setting)
		.where(eq(setting.id, access.settingId));
	return row?.settingType ?? null;
}

/** What the form to add a pupil needs; refused to anyone who may not change the register. */
export function newPupilContext(scope: Scope) {
	return writeProvision(scope, async (tx, access) => ({
		settingType: await settingTypeOf(tx, access)
	}));
}

/** Pupils on the register now, and taken off it, with how many are at SEN support and with a plan. */
async function registerCounts(tx: Tx, access: ProvisionAccess) {
	const onRegister = isNull(senPupil.removedOn);
	const [row] = await tx
		.select({
			onRegister: sql<number>`(count(*) filter (where ${onRegister}))::int`,
			senSupport: sql<number>`(count(*) filter (where ${and(onRegister, eq(senPupil.senStatus, 'K'))}))::int`,
			ehcPlan: sql<number>`(count(*) filter (where ${and(onRegister, eq(senPupil.senStatus, 'E'))}))::int`,
			removed: sql<number>`(count(*) filter (where ${senPupil.removedOn} is not null))::int`
		})
		.from(senPupil)
		.where(eq(senPupil.settingId, access.settingId));
	return row ?? { onRegister: 0, senSupport: 0, ehcPlan: 0, removed: 0 };
}

/**
 * A page of the register, searched by reference and filtered, with each pupil's current
 * provision (records not yet ended) and next review (the earliest not held), and the counts.
 */
export function listPupils(scope: Scope, filter: PupilFilter, today = todayInEngland()) {
	return readProvision(scope, async (tx, access) => {
		const conditions: (SQL | undefined)[] = [eq(senPupil.settingId, access.settingId)];
		if (!filter.removed) conditions.push(isNull(senPupil.removedOn));
		if (filter.q) {
			conditions.push(ilike(senPupil.reference, `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`));
		}
		if (filter.senStatus) conditions.push(eq(senPupil.senStatus, filter.senStatus));
		if (filter.need) conditions.push(eq(senPupil.primaryNeed, filter.need));
		if (filter.yearGroup) conditions.push(eq(senPupil.yearGroup, filter.yearGroup));
		const where = and(...conditions);
		const records = tx
			.select({
				tenantId: provisionRecord.tenantId,
				pupilId: provisionRecord.pupilId,
				n: count().as('n')
			})
			.from(provisionRecord)
			.where(
				and(
					eq(provisionRecord.settingId, access.settingId),
					or(isNull(provisionRecord.endDate), gte(provisionRecord.endDate, today))
				)
			)
			.groupBy(provisionRecord.tenantId, provisionRecord.pupilId)
			.as('current_records');
		const reviews = tx
			.select({
				tenantId: apdrReview.tenantId,
				pupilId: apdrReview.pupilId,
				nextDue: sql<string>`min(${apdrReview.dueOn})::text`.as('next_due')
			})
			.from(apdrReview)
			.where(and(eq(apdrReview.settingId, access.settingId), isNull(apdrReview.heldOn)))
			.groupBy(apdrReview.tenantId, apdrReview.pupilId)
			.as('next_reviews');
		const [rows, [total], counts] = await Promise.all([
			tx
				.select({
					...pupilColumns,
					provisionCount: sql<number>`coalesce(${records.n}, 0)::int`,
					nextReviewOn: sql<string | null>`${reviews.nextDue}`
				})
				.from(senPupil)
				.leftJoin(
					records,
					and(eq(records.tenantId, senPupil.tenantId), eq(records.pupilId, senPupil.id))
				)
				.leftJoin(
					reviews,
					and(eq(reviews.tenantId, senPupil.tenantId), eq(reviews.pupilId, senPupil.id))
				)
				.where(where)
				.orderBy(asc(sql`lower(${senPupil.reference})`), asc(senPupil.id))
				.limit(PUPILS_PAGE_SIZE)
				.offset((filter.page - 1) * PUPILS_PAGE_SIZE),
			tx.select({ n: count() }).from(senPupil).where(where),
			registerCounts(tx, access)
		]);
		return {
			rows: rows.map((r) => ({
				...r,
				reviewOverdue: r.nextReviewOn !== null && r.nextReviewOn < today
			})),
			total: total?.n ?? 0,
			counts
		};
	});
}

/** A line of the pupil's register history, with who recorded it. */
async function historyOf(tx: Tx, pupilId: string) {
	return (
		tx
			.select({
				id: senPupilChange.id,
				event: senPupilChange.event,
				effectiveOn: senPupilChange.effectiveOn,
				yearGroup: senPupilChange.yearGroup,
				senStatus: senPupilChange.senStatus,
				primaryNeed: senPupilChange.primaryNeed,
				secondaryNeed: senPupilChange.secondaryNeed,
				actorName: appUser.name,
				at: senPupilChange.at
			})
			.from(senPupilChange)
			.leftJoin(appUser, eq(appUser.id, senPupilChange.changedBy))
			.where(eq(senPupilChange.pupilId, pupilId))
			// In the order recorded: each line holds the whole entry as it then stood.
			.orderBy(asc(senPupilChange.at), asc(senPupilChange.effectiveOn))
	);
}

/** The pupil's provision records, newest first, for the register page to list and link. */
async function recordsOf(tx: Tx, access: ProvisionAccess, pupilId: string) {
	return tx
		.select({
			id: provisionRecord.id,
			interventionName: intervention.name,
			startDate: provisionRecord.startDate,
			endDate: provisionRecord.endDate,
			outcome: provisionRecord.outcome
		})
		.from(provisionRecord)
		.innerJoin(
			intervention,
			rowOf(intervention, provisionRecord.tenantId, provisionRecord.interventionId)
		)
		.where(
			and(eq(provisionRecord.settingId, access.settingId), eq(provisionRecord.pupilId, pupilId))
		)
		.orderBy(desc(provisionRecord.startDate), asc(intervention.name));
}

/**
 * One pupil of the setting's register with its history and provision records, and what the
 * reader may do; null when the id is not one of the setting's pupils.
 */
export function getPupil(scope: Scope, pupilId: string) {
	return readProvision(scope, async (tx, access) => {
		const pupil = await findPupil(tx, access, pupilId);
		if (!pupil) return null;
		const [history, records, settingType] = await Promise.all([
			historyOf(tx, pupil.id),
			recordsOf(tx, access, pupil.id),
			settingTypeOf(tx, access)
		]);
		return { pupil, history, records, settingType, canEdit: access.canEdit };
	});
}

export type AddPupilResult =
	{ ok: true; id: string } | Invalid<keyof PupilInput | 'effectiveOn'> | Refusal;
export type SavePupilResult =
	AddPupilResult | { ok: false; reason: 'conflict'; current: PupilValues; version: number } | null;

const invalid = <F extends string>(field: F, message: string): Invalid<F> => ({
	ok: false,
	reason: 'invalid',
	field,
	message
});

const REFERENCE_TAKEN =
	'Another pupil on your register already has this reference. Choose a different one';

/** Whether another of the setting's pupils has the reference, whatever its case. */
async function referenceTaken(
	tx: Tx,
	access: ProvisionAccess,
	reference: string,
	exceptId: string | null
) {
	const [row] = await tx
		.select({ id: senPupil.id })
		.from(senPupil)
		.where(
			and(
				eq(senPupil.settingId, access.settingId),
				eq(sql`lower(${senPupil.reference})`, reference.toLowerCase()),
				exceptId ? ne(senPupil.id, exceptId) : undefined
			)
		);
	return !!row;
}

/** Why an entry cannot be saved as it is, or null: what the forms check, for any caller. */
function entryRefusal(entry: ReturnType<typeof entryOf>, today: string) {
	if (entry.secondaryNeed === entry.primaryNeed)
		return invalid('secondaryNeed', SAME_NEEDS_MESSAGE);
	if (entry.addedOn > today)
		return invalid('addedOn', 'The date added must be today or in the past');
	return null;
}

/** The entry's columns from the form's values. */
const entryOf = (input: PupilInput) => ({
	reference: input.reference.trim(),
	yearGroup: input.yearGroup,
	senStatus: input.senStatus,
	primaryNeed: input.primaryNeed,
	secondaryNeed: input.secondaryNeed || null,
	addedOn: input.addedOn
});

/**
 * Turns a reference taken by someone saving at the same moment (which the check before the
 * write cannot see) into the same field error. The failed statement ends the transaction,
 * so this wraps it.
 */
async function saving<T>(work: () => Promise<T>): Promise<T | Invalid<'reference'>> {
	try {
		return await work();
	} catch (e) {
		if (brokenConstraint(e, '23505') === 'sen_pupil_reference_key')
			return invalid('reference', REFERENCE_TAKEN);
		throw e;
	}
}

/** Adds a pupil to the register, with the first line of their history. */
export function addPupil(
	scope: Scope,
	input: PupilInput,
	today = todayInEngland()
): Promise<AddPupilResult> {
	return saving(() =>
		writeProvision(scope, async (tx, access): Promise<AddPupilResult> => {
			const entry = entryOf(input);
			const refusal = entryRefusal(entry, today);
			if (refusal) return refusal;
			if (await referenceTaken(tx, access, entry.reference, null))
				return invalid('reference', REFERENCE_TAKEN);
			const [row] = await tx
				.insert(senPupil)
				.values({ tenantId: scope.tenantId, settingId: access.settingId, ...entry })
				.returning({ id: senPupil.id });
			const id = row!.id;
			await recordPupilChanges(tx, scope, [
				{
					pupilId: id,
					event: 'added',
					effectiveOn: entry.addedOn,
					entry
				}
			]);
			await writeAudit(tx, scope, {
				action: 'provision.pupil-added',
				subject: provisionSubject(access),
				detail: { pupilId: id }
			});
			return { ok: true, id };
		})
	);
}

/**
 * Changes a pupil's entry read at `version`; if someone saved it since, returns what they
 * saved. A change of status, need or year group adds a line to the history, effective on
 * the date given; a new reference or date added alone does not.
 */
export function updatePupil(
	scope: Scope,
	pupilId: string,
	version: number,
	input: PupilInput & { effectiveOn: string },
	today = todayInEngland()
): Promise<SavePupilResult> {
	return saving(() =>
		writeProvision(scope, async (tx, access): Promise<SavePupilResult> => {
			const before = await findPupil(tx, access, pupilId, { lock: true });
			if (!before) return null;
			if (before.version !== version)
				return {
					ok: false,
					reason: 'conflict',
					current: pupilFormValues(before),
					version: before.version
				};
			const after = entryOf(input);
			const fields = (Object.keys(after) as (keyof typeof after)[]).filter(
				(k) => before[k] !== after[k]
			);
			if (!fields.length) return { ok: true, id: before.id };
			const historic = changesHistory(before, after);
			const refusal = entryRefusal(after, today);
			if (refusal) return refusal;
			if (before.removedOn !== null && after.addedOn > before.removedOn)
				return invalid(
					'addedOn',
					`The date added must be on or before the date the pupil was taken off the register (${formatDate(before.removedOn)})`
				);
			if (historic && !input.effectiveOn)
				return invalid('effectiveOn', 'Enter the date the change takes effect');
			if (historic && input.effectiveOn > today)
				return invalid('effectiveOn', 'The date the change takes effect must be today or earlier');
			if (historic && input.effectiveOn < after.addedOn)
				return invalid(
					'effectiveOn',
					'The date the change takes effect must be on or after the date the pupil was added'
				);
			if (
				fields.includes('reference') &&
				(await referenceTaken(tx, access, after.reference, before.id))
			)
				return invalid('reference', REFERENCE_TAKEN);
			await tx
				.update(senPupil)
				.set({ ...after, version: before.version + 1, updatedAt: new Date() })
				.where(eq(senPupil.id, before.id));
			if (historic)
				await recordPupilChanges(tx, scope, [
					{
						pupilId: before.id,
						event: 'changed',
						effectiveOn: input.effectiveOn,
						entry: after
					}
				]);
			await writeAudit(tx, scope, {
				action: 'provision.pupil-changed',
				subject: provisionSubject(access),
				// Which fields changed, never their values: the log is read outside the setting.
				detail: {
					pupilId: before.id,
					fields,
					...(historic ? { effectiveOn: input.effectiveOn } : {})
				}
			});
			return { ok: true, id: before.id };
		})
	);
}

export type RegisterMoveResult =
	| { ok: true }
	| Invalid<'date'>
	| { ok: false; reason: 'already-removed' | 'not-removed' }
	| Refusal
	| null;

/** Takes a pupil off the register from a date (today or earlier), keeping everything recorded. */
export function removePupil(
	scope: Scope,
	pupilId: string,
	removedOn: string,
	today = todayInEngland()
): Promise<RegisterMoveResult> {
	return writeProvision(scope, async (tx, access): Promise<RegisterMoveResult> => {
		const pupil = await findPupil(tx, access, pupilId, { lock: true });
		if (!pupil) return null;
		if (pupil.removedOn !== null) return { ok: false, reason: 'already-removed' };
		if (removedOn > today) return invalid('date', 'The date must be today or in the past');
		if (removedOn < pupil.addedOn)
			return invalid(
				'date',
				`The date must be on or after the date the pupil was added (${formatDate(pupil.addedOn)})`
			);
		await tx
			.update(senPupil)
			.set({ removedOn, version: pupil.version + 1, updatedAt: new Date() })
			.where(eq(senPupil.id, pupil.id));
		await recordPupilChanges(tx, scope, [
			{
				pupilId: pupil.id,
				event: 'removed',
				effectiveOn: removedOn,
				entry: pupil
			}
		]);
		await writeAudit(tx, scope, {
			action: 'provision.pupil-removed',
			subject: provisionSubject(access),
			detail: { pupilId: pupil.id, removedOn }
		});
		return { ok: true };
	});
}

/** Puts a pupil taken off the register back on it, from a date not before they left it. */
export function restorePupil(
	scope: Scope,
	pupilId: string,
	restoredOn: string,
	today = todayInEngland()
): Promise<RegisterMoveResult> {
	return writeProvision(scope, async (tx, access): Promise<RegisterMoveResult> => {
		const pupil = await findPupil(tx, access, pupilId, { lock: true });
		if (!pupil) return null;
		if (pupil.removedOn === null) return { ok: false, reason: 'not-removed' };
		if (restoredOn > today) return invalid('date', 'The date must be today or in the past');
		if (restoredOn < pupil.removedOn)
			return invalid(
				'date',
				`The date must be on or after the date the pupil was taken off the register (${formatDate(pupil.removedOn)})`
			);
		await tx
			.update(senPupil)
			.set({ removedOn: null, version: pupil.version + 1, updatedAt: new Date() })
			.where(eq(senPupil.id, pupil.id));
		await recordPupilChanges(tx, scope, [
			{
				pupilId: pupil.id,
				event: 'restored',
				effectiveOn: restoredOn,
				entry: pupil
			}
		]);
		await writeAudit(tx, scope, {
			action: 'provision.pupil-restored',
			subject: provisionSubject(access),
			detail: { pupilId: pupil.id, restoredOn }
		});
		return { ok: true };
	});
}

/** A pupil for a page that changes their entry; refused to anyone who may not edit. */
export function pupilToChange(scope: Scope, pupilId: string) {
	return writeProvision(
		scope,
		async (tx, access) => (await findPupil(tx, access, pupilId)) ?? null
	);
}

/** How much of the pupil's record goes with their entry if it is deleted. */
async function dependentsOf(tx: Tx, pupilId: string) {
	const [[records], [reviews], [history]] = await Promise.all([
		tx.select({ n: count() }).from(provisionRecord).where(eq(provisionRecord.pupilId, pupilId)),
		tx.select({ n: count() }).from(apdrReview).where(eq(apdrReview.pupilId, pupilId)),
		tx.select({ n: count() }).from(senPupilChange).where(eq(senPupilChange.pupilId, pupilId))
	]);
	return { records: records?.n ?? 0, reviews: reviews?.n ?? 0, history: history?.n ?? 0 };
}

/** A pupil as the deletion page shows it, with what would go with them; editors only. */
export function pupilForDeletion(scope: Scope, pupilId: string) {
	return writeProvision(scope, async (tx, access) => {
		const pupil = await findPupil(tx, access, pupilId);
		if (!pupil) return null;
		return { pupil, ...(await dependentsOf(tx, pupil.id)) };
	});
}

/**
 * Deletes a pupil added in error, with their provision records, reviews and history (which
 * follow by cascade). Taking a pupil off the register is how to record that they left.
 */
export function deletePupil(scope: Scope, pupilId: string) {
	return writeProvision(scope, async (tx, access) => {
		const pupil = await findPupil(tx, access, pupilId, { lock: true });
		if (!pupil) return null;
		const dependents = await dependentsOf(tx, pupil.id);
		await tx.delete(senPupil).where(eq(senPupil.id, pupil.id));
		await writeAudit(tx, scope, {
			action: 'provision.pupil-deleted',
			subject: provisionSubject(access),
			detail: { pupilId: pupil.id, ...dependents }
		});
		return { ok: true } as const;
	});
}
