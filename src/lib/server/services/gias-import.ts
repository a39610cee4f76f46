import { and, eq, isNotNull, sql } from 'drizzle-orm';
import {
	decodeCsvBytes,
	giasFieldsOf,
	planGiasImport,
	readGiasCsv,
	type ExistingSetting,
	type GiasFile,
	type GiasPart,
	type GiasPlan,
	type GiasRecord,
	type GiasUpdate,
	type Outcome
} from '../../domain/gias';
import { isRecordId } from '../../domain/ids';
import type { Scope } from '../auth/guards';
import { community, district, importBatch, organisation, setting, tenant } from '../db/schema';
import { chunked } from '../db/chunks';
import { inTenant, type Tx } from '../db/tenant';
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

const KIND = 'gias-settings';

export type GiasCounts = Record<GiasPart, number>;

export type GiasBatch = BatchView<
	{ plan: GiasPlan; counts: GiasCounts; planKey: string },
	GiasCounts
>;

export type ApplyResult =
	| { outcome: 'applied'; counts: GiasCounts }
	| Finished
	/** The database changed since the preview, so the plan the user confirmed is not the plan. */
	| { outcome: 'changed' }
	/** A write failed part-way (someone changed settings at the same moment); nothing was kept. */
	| { outcome: 'failed' };

const countsOf = (plan: GiasPlan): GiasCounts => ({
	bad: plan.bad.length,
	create: plan.create.length,
	update: plan.update.length,
	unchanged: plan.unchanged.length,
	skipped: plan.skipped.length
});

const clearsCommunity = (update: GiasUpdate) =>
	update.changes.some((c) => c.field === 'communityId');

/** What the user is shown and confirms: every value that would be written. */
const planKey = (plan: GiasPlan) =>
	planKeyOf({
		create: plan.create.map(giasFieldsOf),
		update: plan.update.map((u) => [u.settingId, giasFieldsOf(u.record), clearsCommunity(u)])
	});

const auditSubject = (fileName: string) => `GIAS file ${fileName}`;

/** The rows of a stored batch's file. */
function storedFile(content: string): GiasFile {
	const read = readGiasCsv(content);
	// Only files that read cleanly are stored, so this is a bug, not a user's mistake.
	if (!read.ok) throw new Error(`A stored GIAS file no longer reads: ${read.error}`);
	return read.value;
}

/**
 * The file read against the tenant as it is now: its LA code, districts and settings by URN.
 * A community belongs to a district, so a setting the file moves out of its community's
 * district leaves the community too, and the preview says so.
 */
async function planFor(tx: Tx, tenantId: string, file: GiasFile): Promise<GiasPlan> {
	const [[own], districts, settings] = await Promise.all([
		tx.select({ laCode: tenant.laCode }).from(tenant).where(eq(tenant.id, tenantId)),
		tx.select({ id: district.id, name: district.name }).from(district),
		tx
			.select({
				id: setting.id,
				urn: setting.urn,
				version: setting.version,
				name: organisation.name,
				settingType: setting.settingType,
				establishmentType: setting.establishmentType,
				phase: setting.phase,
				status: setting.status,
				districtId: setting.districtId,
				postcode: setting.postcode,
				numberOfPupils: setting.numberOfPupils,
				resourcedProvision: setting.resourcedProvision,
				community: { name: community.name, districtId: community.districtId }
			})
			.from(setting)
			.innerJoin(
				organisation,
				and(eq(organisation.tenantId, setting.tenantId), eq(organisation.id, setting.id))
			)
			.leftJoin(
				community,
				and(eq(community.tenantId, setting.tenantId), eq(community.id, setting.communityId))
			)
			.where(isNotNull(setting.urn))
	]);
	if (!own) throw new Error('The current tenant is not visible.');
	const existing = settings.flatMap(({ community: _, ...s }): ExistingSetting[] =>
		s.urn === null ? [] : [{ ...s, urn: s.urn }]
	);
	const plan = planGiasImport(file, { laCode: own.laCode, districts, existing });
	const communityOf = new Map(settings.map((s) => [s.id, s.community]));
	for (const update of plan.update) {
		const held = communityOf.get(update.settingId);
		const moved = update.changes.some((c) => c.field === 'districtId');
		if (moved && held?.districtId && held.districtId !== update.record.districtId) {
			update.changes.push({
				field: 'communityId',
				label: 'Community',
				before: held.name,
				after: ''
			});
		}
	}
	return plan;
}

const findGiasBatch = (tx: Tx, id: string, forUpdate = false) =>
	findBatch(tx, id, eq(importBatch.kind, KIND), forUpdate);

/**
 * Reads an uploaded GIAS file and stores it as a batch waiting for confirmation. A file
 * that cannot be read (empty, not a CSV, missing columns) is refused and nothing is stored.
 */
export async function uploadGiasFile(
	scope: Scope,
	file: { name: string; bytes: Uint8Array }
): Promise<Outcome<string>> {
	const text = decodeCsvBytes(file.bytes);
	if (!text.ok) return text;
	const read = readGiasCsv(text.value);
	if (!read.ok) return read;
	const fileName = file.name.slice(0, 200);
	return inTenant(scope, async (tx) => {
		const plan = await planFor(tx, scope.tenantId, read.value);
		const id = await storeBatch(
			tx,
			scope,
			{ kind: KIND, fileName, content: text.value },
			(batchId) => ({
				action: 'import.previewed',
				subject: auditSubject(fileName),
				detail: { batchId, fileName, counts: countsOf(plan) }
			})
		);
		return { ok: true, value: id };
	});
}

/** A batch of the tenant with its current plan or its outcome, or null if there is none. */
export async function getGiasBatch(scope: Scope, id: string): Promise<GiasBatch | null> {
	if (!isRecordId(id)) return null;
	return inTenant(scope, async (tx) => {
		const batch = await findGiasBatch(tx, id);
		if (!batch) return null;
		return viewBatch(tx, batch, 'import.applied', async () => {
			const plan = await planFor(tx, scope.tenantId, storedFile(batch.content));
			return { plan, counts: countsOf(plan), planKey: planKey(plan) };
		});
	});
}

/** Adds the planned settings, each with its organisation, a thousand to a statement. */
async function insertSettings(tx: Tx, tenantId: string, records: readonly GiasRecord[]) {
	for (const part of chunked(records)) {
		const rows = part.map((record) => ({ id: crypto.randomUUID(), ...giasFieldsOf(record) }));
		await tx
			.insert(organisation)
			.values(rows.map(({ id, name }) => ({ tenantId, id, kind: 'setting' as const, name })));
		await tx
			.insert(setting)
			.values(rows.map(({ name: _, ...fields }) => ({ tenantId, ...fields })));
	}
}

/**
 * Writes the planned changes to settings, each only at the version the plan read (else the
 * import is undone), and the new names of those GIAS renamed, a thousand to a statement.
 */
async function updateSettings(tx: Tx, tenantId: string, updates: readonly GiasUpdate[]) {
	const now = new Date();
	await updateAll(updates, (part) =>
		tx
			.update(setting)
			.set({
				settingType: v('setting_type'),
				establishmentType: v('establishment_type'),
				phase: v('phase'),
				status: v('status'),
				districtId: v('district_id'),
				postcode: v('postcode'),
				numberOfPupils: v('number_of_pupils'),
				resourcedProvision: v('resourced_provision'),
				communityId: sql`case when ${v('clears_community')} then null else ${setting.communityId} end`,
				version: sql`${setting.version} + 1`,
				updatedAt: now
			})
			.from(
				valuesTable(
					[
						...KEYS,
						['setting_type', 'text'],
						['establishment_type', 'text'],
						['phase', 'text'],
						['status', 'text'],
						['district_id', 'uuid'],
						['postcode', 'text'],
						['number_of_pupils', 'integer'],
						['resourced_provision', 'text'],
						['clears_community', 'boolean']
					],
					part.map((u) => [
						u.settingId,
						u.version,
						u.record.settingType,
						u.record.establishmentType,
						u.record.phase,
						u.record.status,
						u.record.districtId,
						u.record.postcode,
						u.record.numberOfPupils,
						u.record.resourcedProvision,
						clearsCommunity(u)
					])
				)
			)
			.where(
				and(
					eq(setting.tenantId, tenantId),
					sql`${setting.id} = ${v('id')}`,
					sql`${setting.version} = ${v('version')}`
				)
			)
			.returning({ id: setting.id })
	);
	const renamed = updates.filter((u) => u.changes.some((c) => c.field === 'name'));
	for (const part of chunked(renamed)) {
		await tx
			.update(organisation)
			.set({ name: v('name'), updatedAt: now })
			.from(
				valuesTable(
					[
						['id', 'uuid'],
						['name', 'text']
					],
					part.map((u) => [u.settingId, u.record.name])
				)
			)
			.where(and(eq(organisation.tenantId, tenantId), sql`${organisation.id} = ${v('id')}`));
	}
}

/**
 * Writes a previewed batch: re-reads the file and re-plans against the tenant as it is now,
 * in one transaction, and writes every good row or none. A batch is applied at most once;
 * asking again reports how it finished. Null if the tenant has no such batch.
 */
export async function applyGiasBatch(
	scope: Scope,
	id: string,
	confirmedPlanKey: string
): Promise<ApplyResult | null> {
	if (!isRecordId(id)) return null;
	return applyOrRollBack(scope, `GIAS import ${id}`, () =>
		inTenant(scope, async (tx): Promise<ApplyResult | null> => {
			// The row lock makes a second, simultaneous confirm wait and then see 'applied'.
			const batch = await findGiasBatch(tx, id, true);
			if (!batch) return null;
			if (batch.status !== 'previewed') return { outcome: 'finished', status: batch.status };
			const plan = await planFor(tx, scope.tenantId, storedFile(batch.content));
			if (planKey(plan) !== confirmedPlanKey) return { outcome: 'changed' };

			await insertSettings(tx, scope.tenantId, plan.create);
			await updateSettings(tx, scope.tenantId, plan.update);
			await finishBatch(tx, batch, 'applied');
			const counts = countsOf(plan);
			await writeAudit(tx, scope, {
				action: 'import.applied',
				subject: auditSubject(batch.fileName),
				detail: {
					batchId: id,
					fileName: batch.fileName,
					counts,
					created: plan.create.map((r) => r.urn),
					updated: plan.update.map((u) => ({
						urn: u.record.urn,
						changes: Object.fromEntries(u.changes.map((c) => [c.label, [c.before, c.after]]))
					}))
				}
			});
			return { outcome: 'applied', counts };
		})
	);
}

/** Discards a previewed batch without writing any setting. Null if there is no such batch. */
export async function cancelGiasBatch(scope: Scope, id: string): Promise<CancelResult | null> {
	if (!isRecordId(id)) return null;
	return inTenant(scope, async (tx) => {
		const batch = await findGiasBatch(tx, id, true);
		if (!batch) return null;
		return cancelBatch(tx, scope, batch, {
			action: 'import.cancelled',
			subject: auditSubject(batch.fileName),
			detail: { batchId: id, fileName: batch.fileName }
		});
	});
}
