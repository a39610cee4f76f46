import { and, eq, inArray, sql } from 'drizzle-orm';
import { todayInEngland } from '../../domain/dates';
import { isRecordId } from '../../domain/ids';
import {
	BATCH_KINDS,
	countsOf,
	decodeImportFile,
	IMPORT_KINDS,
	IMPORT_MAX_BYTES,
	kindOfBatch,
	planInterventionImport,
	planPupilImport,
	planRecordImport,
	readImportFile,
	type AnyPlan,
	type ImportCounts,
	type ImportKind,
	type InterventionPlan,
	type Outcome,
	type PupilPlan,
	type RecordPlan
} from '../../domain/provision-import';
import type { Scope } from '../auth/guards';
import { chunked } from '../db/chunks';
import { importBatch, intervention, provisionRecord, senPupil } from '../db/schema';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';
import {
	applyOrRollBack,
	cancelBatch,
	findBatch,
	finishBatch,
	KEYS,
	planKeyOf,
	storeBatch,
	updateAll,
	v,
	valuesTable,
	viewBatch,
	type BatchView,
	type CancelResult,
	type Finished
} from './import-batches';
import {
	writeProvision,
	type NO_ACCESS,
	type ProvisionAccess,
	type READ_ONLY
} from './provision-access';
import { provisionSubject } from './provision-pupils';
import { changesHistory, recordPupilChanges, type PupilChange } from './pupil-history';

// Importing the setting's register, offer and provision records from CSV: a file is stored
// as a batch and previewed; confirming re-plans it against the setting as it is then and
// writes every row or none. Only the setting's SENCO and head import.

type Refusal = typeof NO_ACCESS | typeof READ_ONLY;

type Preview = { plan: AnyPlan; counts: ImportCounts; planKey: string };
export type ProvisionBatch = { kind: ImportKind } & BatchView<Preview, ImportCounts>;

export type ApplyResult =
	| { outcome: 'applied'; counts: ImportCounts }
	| Finished
	/** Some rows cannot be imported: nothing is, until the file is corrected. */
	| { outcome: 'invalid' }
	/** The setting's records changed since the preview, so the plan confirmed is not the plan. */
	| { outcome: 'changed' }
	/** A write failed part-way (someone saved at the same moment); nothing was kept. */
	| { outcome: 'failed' };

/** What the user is shown and confirms: every value that would be written, and where. */
const planKey = (kind: ImportKind, plan: AnyPlan) =>
	planKeyOf({
		kind,
		create: plan.create.map((r) => r.value),
		update: plan.update.map((u) => [u.existing.id, u.value, u.changes])
	});

/** The rows of a stored batch's file; only files that read cleanly are stored. */
function storedFile<K extends ImportKind>(kind: K, content: string) {
	const read = readImportFile(kind, content);
	if (!read.ok) throw new Error(`A stored provision file no longer reads: ${read.error}`);
	return read.value;
}

const heldPupils = (tx: Tx, settingId: string) =>
	tx
		.select({
			id: senPupil.id,
			version: senPupil.version,
			reference: senPupil.reference,
			yearGroup: senPupil.yearGroup,
			senStatus: senPupil.senStatus,
			primaryNeed: senPupil.primaryNeed,
			secondaryNeed: senPupil.secondaryNeed,
			addedOn: senPupil.addedOn,
			removedOn: senPupil.removedOn
		})
		.from(senPupil)
		.where(eq(senPupil.settingId, settingId));

const heldInterventions = async (tx: Tx, settingId: string) =>
	(
		await tx
			.select({
				id: intervention.id,
				version: intervention.version,
				name: intervention.name,
				areaOfNeed: intervention.areaOfNeed,
				tier: intervention.tier,
				groupSize: intervention.groupSize,
				sessionsPerWeek: intervention.sessionsPerWeek,
				minutesPerSession: intervention.minutesPerSession,
				staffRole: intervention.staffRole,
				hourlyCostPence: intervention.hourlyCostPence,
				outcomeMeasure: intervention.outcomeMeasure,
				archivedAt: intervention.archivedAt
			})
			.from(intervention)
			.where(eq(intervention.settingId, settingId))
	).map(({ archivedAt, ...i }) => ({ ...i, archived: archivedAt !== null }));

const heldRecords = (tx: Tx, settingId: string) =>
	tx
		.select({
			id: provisionRecord.id,
			version: provisionRecord.version,
			pupilId: provisionRecord.pupilId,
			interventionId: provisionRecord.interventionId,
			startDate: provisionRecord.startDate,
			endDate: provisionRecord.endDate,
			weeks: provisionRecord.weeks,
			entryMeasure: provisionRecord.entryMeasure,
			exitMeasure: provisionRecord.exitMeasure,
			outcome: provisionRecord.outcome,
			notes: provisionRecord.notes
		})
		.from(provisionRecord)
		.where(eq(provisionRecord.settingId, settingId));

/** The file read against the setting as it is now, with one query for each table it needs. */
async function planFor(
	tx: Tx,
	settingId: string,
	kind: ImportKind,
	content: string,
	today: string
): Promise<AnyPlan> {
	switch (kind) {
		case 'pupils':
			return planPupilImport(storedFile(kind, content), {
				today,
				pupils: await heldPupils(tx, settingId)
			});
		case 'interventions':
			return planInterventionImport(storedFile(kind, content), {
				interventions: await heldInterventions(tx, settingId)
			});
		case 'records': {
			const [pupils, interventions, records] = await Promise.all([
				heldPupils(tx, settingId),
				heldInterventions(tx, settingId),
				heldRecords(tx, settingId)
			]);
			return planRecordImport(storedFile(kind, content), { pupils, interventions, records });
		}
	}
}

/** The setting's own batch of one of the provision kinds, locked if asked. */
async function findSettingBatch(tx: Tx, access: ProvisionAccess, id: string, forUpdate = false) {
	const batch = await findBatch(
		tx,
		id,
		and(
			eq(importBatch.organisationId, access.settingId),
			inArray(
				importBatch.kind,
				IMPORT_KINDS.map((k) => BATCH_KINDS[k])
			)
		),
		forUpdate
	);
	const kind = batch && kindOfBatch(batch.kind);
	return batch && kind ? { ...batch, kind } : null;
}

/** The setting's access, for the import pages and templates: its SENCO and head only. */
export const importAccess = (scope: Scope) =>
	writeProvision(scope, (_, access) => Promise.resolve(access));

/**
 * Reads an uploaded file of one kind and stores it as a batch of the setting waiting for
 * confirmation. A file that cannot be read (empty, not a CSV, too large, wrong columns)
 * is refused and nothing is stored.
 */
export function uploadProvisionFile(
	scope: Scope,
	kind: ImportKind,
	file: { name: string; bytes: Uint8Array },
	today = todayInEngland()
): Promise<Outcome<string> | Refusal> {
	return writeProvision(scope, async (tx, access): Promise<Outcome<string>> => {
		if (file.bytes.length > IMPORT_MAX_BYTES) {
			return { ok: false, error: 'The selected file must be smaller than 5 MB' };
		}
		const text = decodeImportFile(file.bytes);
		if (!text.ok) return text;
		const read = readImportFile(kind, text.value);
		if (!read.ok) return read;
		const plan = await planFor(tx, access.settingId, kind, text.value, today);
		const id = await storeBatch(
			tx,
			scope,
			{
				kind: BATCH_KINDS[kind],
				organisationId: access.settingId,
				fileName: file.name.slice(0, 200),
				content: text.value
			},
			// Counts and ids only: the audit log is read outside the setting.
			(batchId) => ({
				action: 'provision.import-previewed',
				subject: provisionSubject(access),
				detail: { batchId, kind, counts: countsOf(plan) }
			})
		);
		return { ok: true, value: id };
	});
}

/** A batch of the setting with its current plan or its outcome; null if it has no such batch. */
export function getProvisionBatch(
	scope: Scope,
	id: string,
	today = todayInEngland()
): Promise<ProvisionBatch | Refusal | null> {
	return writeProvision(scope, async (tx, access): Promise<ProvisionBatch | null> => {
		if (!isRecordId(id)) return null;
		const batch = await findSettingBatch(tx, access, id);
		if (!batch) return null;
		const view = await viewBatch<Preview, ImportCounts>(
			tx,
			batch,
			'provision.import-applied',
			async () => {
				const plan = await planFor(tx, access.settingId, batch.kind, batch.content, today);
				return { plan, counts: countsOf(plan), planKey: planKey(batch.kind, plan) };
			}
		);
		return { ...view, kind: batch.kind };
	});
}

// Writing. Rows go in many at a time: a file of thousands of rows is a few statements.

async function writePupils(
	tx: Tx,
	scope: Scope,
	access: ProvisionAccess,
	plan: PupilPlan,
	today: string
) {
	const history: PupilChange[] = [];
	for (const part of chunked(plan.create)) {
		const inserted = await tx
			.insert(senPupil)
			.values(
				part.map(({ value }) => ({
					tenantId: scope.tenantId,
					settingId: access.settingId,
					...value
				}))
			)
			.returning({ id: senPupil.id, reference: senPupil.reference });
		const idOf = new Map(inserted.map((p) => [p.reference, p.id]));
		for (const { value } of part) {
			const pupilId = idOf.get(value.reference)!;
			history.push({ pupilId, event: 'added', effectiveOn: value.addedOn, entry: value });
			if (value.removedOn !== null) {
				history.push({ pupilId, event: 'removed', effectiveOn: value.removedOn, entry: value });
			}
		}
	}
	await updateAll(plan.update, (part) =>
		tx
			.update(senPupil)
			.set({
				yearGroup: v('year_group'),
				senStatus: v('sen_status'),
				primaryNeed: v('primary_need'),
				secondaryNeed: v('secondary_need'),
				addedOn: v('added_on'),
				removedOn: v('removed_on'),
				version: sql`${senPupil.version} + 1`,
				updatedAt: new Date()
			})
			.from(
				valuesTable(
					[
						...KEYS,
						['year_group', 'text'],
						['sen_status', 'text'],
						['primary_need', 'text'],
						['secondary_need', 'text'],
						['added_on', 'date'],
						['removed_on', 'date']
					],
					part.map(({ existing, value }) => [
						existing.id,
						existing.version,
						value.yearGroup,
						value.senStatus,
						value.primaryNeed,
						value.secondaryNeed,
						value.addedOn,
						value.removedOn
					])
				)
			)
			.where(
				and(
					eq(senPupil.settingId, access.settingId),
					sql`${senPupil.id} = ${v('id')}`,
					sql`${senPupil.version} = ${v('version')}`
				)
			)
			.returning({ id: senPupil.id })
	);
	// Leaving and coming back are events of their own; otherwise only a change of status,
	// need or year group is history (a new date added alone is not).
	for (const { existing: before, value: after } of plan.update) {
		const left = before.removedOn === null && after.removedOn !== null;
		const returned = before.removedOn !== null && after.removedOn === null;
		if (!left && !returned && !changesHistory(before, after)) continue;
		history.push({
			pupilId: before.id,
			event: left ? 'removed' : returned ? 'restored' : 'changed',
			effectiveOn: left ? after.removedOn! : today,
			entry: after
		});
	}
	await recordPupilChanges(tx, scope, history);
}

async function writeInterventions(
	tx: Tx,
	scope: Scope,
	access: ProvisionAccess,
	plan: InterventionPlan
) {
	for (const part of chunked(plan.create)) {
		await tx.insert(intervention).values(
			part.map(({ value }) => ({
				tenantId: scope.tenantId,
				settingId: access.settingId,
				...value
			}))
		);
	}
	// The name the setting holds is kept: the file matched it ignoring capitals.
	await updateAll(plan.update, (part) =>
		tx
			.update(intervention)
			.set({
				areaOfNeed: v('area_of_need'),
				tier: v('tier'),
				groupSize: v('group_size'),
				sessionsPerWeek: v('sessions_per_week'),
				minutesPerSession: v('minutes_per_session'),
				staffRole: v('staff_role'),
				hourlyCostPence: v('hourly_cost_pence'),
				outcomeMeasure: v('outcome_measure'),
				version: sql`${intervention.version} + 1`,
				updatedAt: new Date()
			})
			.from(
				valuesTable(
					[
						...KEYS,
						['area_of_need', 'text'],
						['tier', 'text'],
						['group_size', 'integer'],
						['sessions_per_week', 'integer'],
						['minutes_per_session', 'integer'],
						['staff_role', 'text'],
						['hourly_cost_pence', 'integer'],
						['outcome_measure', 'text']
					],
					part.map(({ existing, value }) => [
						existing.id,
						existing.version,
						value.areaOfNeed,
						value.tier,
						value.groupSize,
						value.sessionsPerWeek,
						value.minutesPerSession,
						value.staffRole,
						value.hourlyCostPence,
						value.outcomeMeasure
					])
				)
			)
			.where(
				and(
					eq(intervention.settingId, access.settingId),
					sql`${intervention.id} = ${v('id')}`,
					sql`${intervention.version} = ${v('version')}`
				)
			)
			.returning({ id: intervention.id })
	);
}

async function writeRecords(tx: Tx, scope: Scope, access: ProvisionAccess, plan: RecordPlan) {
	for (const part of chunked(plan.create)) {
		await tx.insert(provisionRecord).values(
			part.map(({ value: { pupilReference: _, interventionName: __, ...record } }) => ({
				tenantId: scope.tenantId,
				settingId: access.settingId,
				...record
			}))
		);
	}
	await updateAll(plan.update, (part) =>
		tx
			.update(provisionRecord)
			.set({
				endDate: v('end_date'),
				weeks: v('weeks'),
				entryMeasure: v('entry_measure'),
				exitMeasure: v('exit_measure'),
				outcome: v('outcome'),
				notes: v('notes'),
				version: sql`${provisionRecord.version} + 1`,
				updatedAt: new Date()
			})
			.from(
				valuesTable(
					[
						...KEYS,
						['end_date', 'date'],
						['weeks', 'integer'],
						['entry_measure', 'text'],
						['exit_measure', 'text'],
						['outcome', 'text'],
						['notes', 'text']
					],
					part.map(({ existing, value }) => [
						existing.id,
						existing.version,
						value.endDate,
						value.weeks,
						value.entryMeasure,
						value.exitMeasure,
						value.outcome,
						value.notes
					])
				)
			)
			.where(
				and(
					eq(provisionRecord.settingId, access.settingId),
					sql`${provisionRecord.id} = ${v('id')}`,
					sql`${provisionRecord.version} = ${v('version')}`
				)
			)
			.returning({ id: provisionRecord.id })
	);
}

/**
 * Writes a previewed batch: re-reads the file and re-plans it against the setting as it is
 * now, in one transaction, and writes every row or none. A file with any row that cannot
 * be imported writes nothing. A batch is applied at most once; asking again reports how it
 * finished. Null if the setting has no such batch.
 */
export async function applyProvisionBatch(
	scope: Scope,
	id: string,
	confirmedPlanKey: string,
	today = todayInEngland()
): Promise<ApplyResult | Refusal | null> {
	return applyOrRollBack(scope, `Provision import ${id}`, () =>
		writeProvision(scope, async (tx, access): Promise<ApplyResult | null> => {
			if (!isRecordId(id)) return null;
			// The row lock makes a second, simultaneous confirm wait and then see 'applied'.
			const batch = await findSettingBatch(tx, access, id, true);
			if (!batch) return null;
			if (batch.status !== 'previewed') return { outcome: 'finished', status: batch.status };
			const plan = await planFor(tx, access.settingId, batch.kind, batch.content, today);
			if (plan.bad.length) return { outcome: 'invalid' };
			if (planKey(batch.kind, plan) !== confirmedPlanKey) return { outcome: 'changed' };

			if (batch.kind === 'pupils') {
				await writePupils(tx, scope, access, plan as PupilPlan, today);
			} else if (batch.kind === 'interventions') {
				await writeInterventions(tx, scope, access, plan as InterventionPlan);
			} else {
				await writeRecords(tx, scope, access, plan as RecordPlan);
			}
			await finishBatch(tx, batch, 'applied');
			const counts = countsOf(plan);
			await writeAudit(tx, scope, {
				action: 'provision.import-applied',
				subject: provisionSubject(access),
				detail: { batchId: id, kind: batch.kind, counts }
			});
			return { outcome: 'applied', counts };
		})
	);
}

/** Discards a previewed batch without writing anything. Null if there is no such batch. */
export function cancelProvisionBatch(
	scope: Scope,
	id: string
): Promise<CancelResult | Refusal | null> {
	return writeProvision(scope, async (tx, access): Promise<CancelResult | null> => {
		if (!isRecordId(id)) return null;
		const batch = await findSettingBatch(tx, access, id, true);
		if (!batch) return null;
		return cancelBatch(tx, scope, batch, {
			action: 'provision.import-cancelled',
			subject: provisionSubject(access),
			detail: { batchId: id, kind: batch.kind }
		});
	});
}
