import {
	and,
	asc,
	count,
	desc,
	eq,
	gte,
	isNull,
	lt,
	lte,
	ne,
	or,
	sql,
	type SQL
} from 'drizzle-orm';
import { formatDate, todayInEngland } from '../../domain/dates';
import { isRecordId } from '../../domain/ids';
import type { Outcome } from '../../domain/provision';
import { costInWords, weeksSourceOf } from '../../domain/provision-cost';
import { recordFigures } from '../../domain/provision-map';
import {
	RECORDS_PAGE_SIZE,
	type RecordFilter,
	type RecordInput
} from '../../schemas/provision-offer';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { rowOf } from '../db/joins';
import { intervention, provisionRecord, senPupil } from '../db/schema';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { readProvision, writeProvision, type ProvisionAccess } from './provision-access';
import { findIntervention } from './provision-interventions';
import type { Invalid } from './structure';

// Provision records: a pupil of the setting's SEN register on one of its interventions.

/** A record with its pupil and what the cost arithmetic needs of its intervention. */
const selection = {
	id: provisionRecord.id,
	pupilId: provisionRecord.pupilId,
	startDate: provisionRecord.startDate,
	endDate: provisionRecord.endDate,
	weeks: provisionRecord.weeks,
	outcome: provisionRecord.outcome,
	entryMeasure: provisionRecord.entryMeasure,
	exitMeasure: provisionRecord.exitMeasure,
	notes: provisionRecord.notes,
	version: provisionRecord.version,
	pupil: {
		reference: senPupil.reference,
		yearGroup: senPupil.yearGroup,
		senStatus: senPupil.senStatus,
		primaryNeed: senPupil.primaryNeed,
		removedOn: senPupil.removedOn
	},
	intervention: {
		id: intervention.id,
		name: intervention.name,
		areaOfNeed: intervention.areaOfNeed,
		tier: intervention.tier,
		groupSize: intervention.groupSize,
		sessionsPerWeek: intervention.sessionsPerWeek,
		minutesPerSession: intervention.minutesPerSession,
		hourlyCostPence: intervention.hourlyCostPence,
		staffRole: intervention.staffRole,
		outcomeMeasure: intervention.outcomeMeasure,
		archivedAt: intervention.archivedAt
	}
};

const recordsWith = (tx: Tx, where: SQL | undefined) =>
	tx
		.select(selection)
		.from(provisionRecord)
		.innerJoin(senPupil, rowOf(senPupil, provisionRecord.tenantId, provisionRecord.pupilId))
		.innerJoin(
			intervention,
			rowOf(intervention, provisionRecord.tenantId, provisionRecord.interventionId)
		)
		.where(where);

/** One of the setting's records, or undefined when the id is not one of them. */
async function findRecord(tx: Tx, settingId: string, id: string) {
	if (!isRecordId(id)) return undefined;
	const [row] = await recordsWith(
		tx,
		and(eq(provisionRecord.settingId, settingId), eq(provisionRecord.id, id))
	);
	return row;
}
type RecordRow = NonNullable<Awaited<ReturnType<typeof findRecord>>>;

/** A saved record as its form shows it. */
export const recordFormValues = (row: RecordRow): RecordInput => ({
	pupilId: row.pupilId,
	interventionId: row.intervention.id,
	startDate: row.startDate,
	endDate: row.endDate ?? '',
	weeks: row.weeks === null ? '' : String(row.weeks),
	entryMeasure: row.entryMeasure,
	exitMeasure: row.exitMeasure,
	outcome: row.outcome ?? '',
	notes: row.notes
});

/** The columns a form sets, from what the schema has already checked. */
const toColumns = (input: RecordInput) => ({
	pupilId: input.pupilId,
	interventionId: input.interventionId,
	startDate: input.startDate,
	endDate: input.endDate || null,
	weeks: input.weeks === '' ? null : Number(input.weeks),
	entryMeasure: input.entryMeasure,
	exitMeasure: input.exitMeasure,
	outcome: (input.outcome || null) as Outcome | null,
	notes: input.notes
});
type Columns = ReturnType<typeof toColumns>;

const subjectOf = (access: ProvisionAccess) => `Provision records of ${access.settingName}`;

/**
 * The pupils and interventions a record's form offers: those on the register and those
 * still offered, and, for a record being changed, its own pupil and intervention whatever
 * has become of them since.
 */
async function choicesFor(tx: Tx, settingId: string, record: RecordRow | null) {
	const [pupils, interventions] = await Promise.all([
		tx
			.select({ id: senPupil.id, reference: senPupil.reference, removedOn: senPupil.removedOn })
			.from(senPupil)
			.where(
				and(
					eq(senPupil.settingId, settingId),
					record
						? or(isNull(senPupil.removedOn), eq(senPupil.id, record.pupilId))
						: isNull(senPupil.removedOn)
				)
			)
			.orderBy(asc(sql`lower(${senPupil.reference})`), asc(senPupil.id)),
		tx
			.select({ id: intervention.id, name: intervention.name, archivedAt: intervention.archivedAt })
			.from(intervention)
			.where(
				and(
					eq(intervention.settingId, settingId),
					record
						? or(isNull(intervention.archivedAt), eq(intervention.id, record.intervention.id))
						: isNull(intervention.archivedAt)
				)
			)
			.orderBy(asc(sql`lower(${intervention.name})`), asc(intervention.id))
	]);
	return {
		pupils: pupils.map((p) => ({
			value: p.id,
			label: p.removedOn ? `${p.reference} (off the register)` : p.reference
		})),
		interventions: interventions.map((i) => ({
			value: i.id,
			label: i.archivedAt ? `${i.name} (archived)` : i.name
		}))
	};
}

/** What the form to add a record needs: the pupils and interventions to choose from. */
export function newRecordChoices(scope: Scope) {
	return readProvision(scope, (tx, access) => choicesFor(tx, access.settingId, null));
}

/**
 * One of the setting's records with its pupil, its intervention, and what one pupil's place
 * cost so far (an ongoing record counted to today), with the arithmetic in words; and, for
 * the SENCO or head, what the form to change it offers. Null when it is not the setting's.
 */
export function getRecord(scope: Scope, id: string, today = todayInEngland()) {
	return readProvision(scope, async (tx, access) => {
		const record = await findRecord(tx, access.settingId, id);
		if (!record) return null;
		const figures = recordFigures(record, today);
		return {
			record,
			canEdit: access.canEdit,
			cost: {
				...figures,
				weeksSource: weeksSourceOf(record),
				words: costInWords(record.intervention, figures.weeks)
			},
			choices: access.canEdit ? await choicesFor(tx, access.settingId, record) : null
		};
	});
}

export type SaveRecordResult =
	| { ok: true; id: string }
	| Invalid<keyof RecordInput>
	| { ok: false; reason: 'conflict'; current: RecordInput; version: number }
	| null;

const invalid = <F extends keyof RecordInput>(field: F, message: string): Invalid<F> => ({
	ok: false,
	reason: 'invalid',
	field,
	message
});

/**
 * Why a record's pupil, intervention or start cannot be saved, or null when they can: the
 * pupil and intervention must be the setting's; a new place (or a record moved to another
 * pupil, intervention or start) needs a pupil still on the register at its start and an
 * intervention still offered; and a pupil has one record of an intervention from a date.
 */
async function refusal(
	tx: Tx,
	access: ProvisionAccess,
	input: RecordInput,
	before: RecordRow | null
): Promise<Invalid<keyof RecordInput> | null> {
	const [pupil] = isRecordId(input.pupilId)
		? await tx
				.select({ id: senPupil.id, reference: senPupil.reference, removedOn: senPupil.removedOn })
				.from(senPupil)
				.where(and(eq(senPupil.settingId, access.settingId), eq(senPupil.id, input.pupilId)))
				.for('share')
		: [];
	if (!pupil) return invalid('pupilId', 'Choose a pupil from the list');
	const offered = await findIntervention(tx, access.settingId, input.interventionId, {
		lock: 'share'
	});
	if (!offered) return invalid('interventionId', 'Choose an intervention from the list');

	const samePlace =
		before !== null &&
		before.pupilId === pupil.id &&
		before.intervention.id === offered.id &&
		before.startDate === input.startDate;
	if (!samePlace && pupil.removedOn !== null && pupil.removedOn <= input.startDate)
		return invalid(
			'pupilId',
			`${pupil.reference} was taken off the SEN register on ${formatDate(pupil.removedOn)}, before this provision starts. Check the start date, or put the pupil back on the register first`
		);
	if (offered.archivedAt !== null && before?.intervention.id !== offered.id)
		return invalid(
			'interventionId',
			`${offered.name} is archived, so it is no longer offered. Choose another, or bring it back from its page first`
		);

	const [same] = await tx
		.select({ id: provisionRecord.id })
		.from(provisionRecord)
		.where(
			and(
				eq(provisionRecord.pupilId, pupil.id),
				eq(provisionRecord.interventionId, offered.id),
				eq(provisionRecord.startDate, input.startDate),
				before ? ne(provisionRecord.id, before.id) : undefined
			)
		);
	if (same)
		return invalid(
			'startDate',
			`${pupil.reference} already has a record of ${offered.name} starting on ${formatDate(input.startDate)}. Change that record, or choose another start date`
		);
	return null;
}

/** Runs a save, turning what a racing save broke into the field's error. */
async function saving<T>(work: () => Promise<T>): Promise<T | Invalid<keyof RecordInput>> {
	try {
		return await work();
	} catch (e) {
		if (brokenConstraint(e, '23505') === 'provision_record_key')
			return invalid(
				'startDate',
				'This pupil already has a record of this intervention starting on that date. Change that record, or choose another start date'
			);
		// The pupil or intervention was deleted while this was being saved.
		const reference = brokenConstraint(e, '23503');
		if (reference === null) throw e;
		return reference.includes('pupil')
			? invalid('pupilId', 'The pupil you chose has just been deleted. Choose another')
			: invalid(
					'interventionId',
					'The intervention you chose has just been deleted. Choose another'
				);
	}
}

/** The SENCO or head puts a pupil on an intervention. */
export function createRecord(scope: Scope, input: RecordInput) {
	return saving(() =>
		writeProvision(scope, async (tx, access): Promise<SaveRecordResult> => {
			const refused = await refusal(tx, access, input, null);
			if (refused) return refused;
			const values = toColumns(input);
			const [row] = await tx
				.insert(provisionRecord)
				.values({ tenantId: scope.tenantId, settingId: access.settingId, ...values })
				.returning({ id: provisionRecord.id });
			await writeAudit(tx, scope, {
				action: 'provision.record-added',
				subject: subjectOf(access),
				detail: {
					recordId: row!.id,
					pupilId: values.pupilId,
					interventionId: values.interventionId
				}
			});
			return { ok: true, id: row!.id };
		})
	);
}

/** Changes a record read at `version`; if someone saved it since, returns what they saved. */
export function updateRecord(scope: Scope, id: string, version: number, input: RecordInput) {
	return saving(() =>
		writeProvision(scope, async (tx, access): Promise<SaveRecordResult> => {
			const before = await findRecord(tx, access.settingId, id);
			if (!before) return null;
			if (before.version !== version)
				return {
					ok: false,
					reason: 'conflict',
					current: recordFormValues(before),
					version: before.version
				};
			const refused = await refusal(tx, access, input, before);
			if (refused) return refused;
			const after = toColumns(input);
			const was = toColumns(recordFormValues(before));
			// Which fields changed, by name only: the log never holds what was written of a pupil.
			const changed = (Object.keys(after) as (keyof Columns)[]).filter((k) => was[k] !== after[k]);
			if (!changed.length) return { ok: true, id: before.id };
			const updated = await tx
				.update(provisionRecord)
				.set({ ...after, version: before.version + 1, updatedAt: new Date() })
				.where(and(eq(provisionRecord.id, before.id), eq(provisionRecord.version, version)))
				.returning({ id: provisionRecord.id });
			if (!updated.length) {
				const now = await findRecord(tx, access.settingId, id);
				return now
					? { ok: false, reason: 'conflict', current: recordFormValues(now), version: now.version }
					: null;
			}
			await writeAudit(tx, scope, {
				action: 'provision.record-changed',
				subject: subjectOf(access),
				detail: {
					recordId: before.id,
					pupilId: after.pupilId,
					interventionId: after.interventionId,
					changed
				}
			});
			return { ok: true, id: before.id };
		})
	);
}

/** Deletes a record, answering its pupil's id so the page can go back to the pupil. */
export function deleteRecord(scope: Scope, id: string) {
	return writeProvision(scope, async (tx, access) => {
		const before = await findRecord(tx, access.settingId, id);
		if (!before) return null;
		await tx.delete(provisionRecord).where(eq(provisionRecord.id, before.id));
		await writeAudit(tx, scope, {
			action: 'provision.record-deleted',
			subject: subjectOf(access),
			detail: {
				recordId: before.id,
				pupilId: before.pupilId,
				interventionId: before.intervention.id
			}
		});
		return { ok: true, pupilId: before.pupilId } as const;
	});
}

/**
 * A page of the setting's records, newest first, filtered by intervention, pupil and
 * whether they have ended, each with its cost per pupil so far; and the interventions to
 * filter by.
 */
export function listRecords(scope: Scope, filter: RecordFilter, today = todayInEngland()) {
	return readProvision(scope, async (tx, access) => {
		const where = and(
			eq(provisionRecord.settingId, access.settingId),
			filter.interventionId ? eq(provisionRecord.interventionId, filter.interventionId) : undefined,
			filter.pupilId ? eq(provisionRecord.pupilId, filter.pupilId) : undefined,
			filter.status === 'current'
				? or(isNull(provisionRecord.endDate), gte(provisionRecord.endDate, today))
				: filter.status === 'ended'
					? lt(provisionRecord.endDate, today)
					: undefined
		);
		const [rows, [total], interventions, [pupil]] = await Promise.all([
			recordsWith(tx, where)
				.orderBy(
					desc(provisionRecord.startDate),
					asc(sql`lower(${senPupil.reference})`),
					asc(provisionRecord.id)
				)
				.limit(RECORDS_PAGE_SIZE)
				.offset((filter.page - 1) * RECORDS_PAGE_SIZE),
			tx.select({ n: count() }).from(provisionRecord).where(where),
			tx
				.select({ value: intervention.id, label: intervention.name })
				.from(intervention)
				.where(eq(intervention.settingId, access.settingId))
				.orderBy(asc(sql`lower(${intervention.name})`), asc(intervention.id)),
			filter.pupilId
				? tx
						.select({ id: senPupil.id, reference: senPupil.reference })
						.from(senPupil)
						.where(and(eq(senPupil.settingId, access.settingId), eq(senPupil.id, filter.pupilId)))
				: []
		]);
		return {
			canEdit: access.canEdit,
			total: total?.n ?? 0,
			interventions,
			pupil: pupil ?? null,
			rows: rows.map((row) => ({ ...row, ...recordFigures(row, today) }))
		};
	});
}

/** Dates a listing of records covers, both days included (YYYY-MM-DD). */
export interface RecordRange {
	from: string;
	to: string;
}

/**
 * The setting's records that ran on any day of the range (those still going count as
 * running to today and beyond), with their pupil and the intervention fields the cost
 * arithmetic needs, oldest first. For other services, inside their own provision
 * transaction: the caller has checked access and passes `access.settingId`.
 */
export async function listSettingRecords(tx: Tx, settingId: string, range: RecordRange) {
	const rows = await recordsWith(
		tx,
		and(
			eq(provisionRecord.settingId, settingId),
			lte(provisionRecord.startDate, range.to),
			or(isNull(provisionRecord.endDate), gte(provisionRecord.endDate, range.from))
		)
	).orderBy(
		asc(provisionRecord.startDate),
		asc(sql`lower(${senPupil.reference})`),
		asc(provisionRecord.id)
	);
	return rows.map(({ pupil, intervention: i, ...record }) => ({
		id: record.id,
		pupilId: record.pupilId,
		startDate: record.startDate,
		endDate: record.endDate,
		weeks: record.weeks,
		outcome: record.outcome,
		entryMeasure: record.entryMeasure,
		exitMeasure: record.exitMeasure,
		notes: record.notes,
		pupil: {
			reference: pupil.reference,
			yearGroup: pupil.yearGroup,
			senStatus: pupil.senStatus,
			primaryNeed: pupil.primaryNeed
		},
		intervention: {
			id: i.id,
			name: i.name,
			areaOfNeed: i.areaOfNeed,
			tier: i.tier,
			groupSize: i.groupSize,
			sessionsPerWeek: i.sessionsPerWeek,
			minutesPerSession: i.minutesPerSession,
			hourlyCostPence: i.hourlyCostPence
		}
	}));
}
export type SettingRecord = Awaited<ReturnType<typeof listSettingRecords>>[number];
