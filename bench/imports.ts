/**
 * How long the two CSV imports take at county size: a GIAS establishment file uploaded by
 * the fixture's LA admin and a provision records file by its SENCO, each taken through the
 * app's own import services as its pages call them (upload, the check page, confirm).
 * Runs in the runner's process once `useDatabase` points the services at the benchmark
 * database; the imports change that database, so the runner measures them last.
 */
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { OrganisationKind, Role } from '../src/lib/domain/organisation';
import type { Scope } from '../src/lib/server/auth/guards';
import { loadMemberships } from '../src/lib/server/auth/memberships';
import {
	appUser,
	district,
	intervention,
	organisation,
	provisionRecord,
	senPupil,
	setting,
	tenant
} from '../src/lib/server/db/schema';
import { asSystem } from '../src/lib/server/db/system';
import { inTenant } from '../src/lib/server/db/tenant';
import {
	applyGiasBatch,
	getGiasBatch,
	uploadGiasFile
} from '../src/lib/server/services/gias-import';
import {
	applyProvisionBatch,
	getProvisionBatch,
	uploadProvisionFile
} from '../src/lib/server/services/provision-import';
import type { BenchFixture } from './fixture';
import { giasFile, provisionFile, type GiasSource, type ProvisionSource } from './import-files';

export interface ImportTiming {
	/** Data rows in the file. */
	rows: number;
	/** Rows in each part of the confirmed plan: created, updated, unchanged, skipped, bad. */
	counts: Record<string, number>;
	batchId: string;
	/** The upload action: the file read, planned against the database and stored as a batch. */
	uploadMs: number;
	/** The check page's load: the stored file planned again for the preview. */
	previewMs: number;
	/** The confirm action: planned once more and every row written in one transaction. */
	applyMs: number;
	totalMs: number;
}

export interface ImportTimings {
	gias: ImportTiming;
	provision: ImportTiming;
}

/** What a page's guard needs the membership to be. */
type Need = { kind: OrganisationKind; roles: readonly Role[] };
const LA_ADMIN: Need = { kind: 'la', roles: ['admin'] };
const SETTING_EDITOR: Need = { kind: 'setting', roles: ['senco', 'headteacher'] };

/**
 * The Scope the import pages' guards give the account, acting as its membership of the
 * needed kind and role in the fixture's tenant (requireScope does the same for a session).
 */
async function scopeOf(email: string, tenantId: string, need: Need): Promise<Scope> {
	const [user] = await asSystem('account', (tx) =>
		tx
			.select({ id: appUser.id, email: appUser.email })
			.from(appUser)
			.where(eq(sql`lower(${appUser.email})`, email.toLowerCase()))
	);
	if (!user) throw new Error(`The benchmark database has no account ${email}.`);
	const membership = (await loadMemberships(user.id)).find(
		(m) =>
			m.tenantId === tenantId && m.organisationKind === need.kind && need.roles.includes(m.role)
	);
	if (!membership) throw new Error(`${email} has no ${need.kind} role that can import.`);
	return {
		tenantId,
		userId: user.id,
		email: user.email,
		membership,
		requestId: 'bench-imports',
		ipAddress: '127.0.0.1'
	};
}

/** The tenant's LA code, districts and settings with a URN, for its GIAS file. */
function giasSource(scope: Scope): Promise<GiasSource> {
	return inTenant(scope, async (tx) => {
		const [[own], districts, held] = await Promise.all([
			tx.select({ laCode: tenant.laCode, laName: tenant.name }).from(tenant),
			tx.select({ name: district.name }).from(district).orderBy(asc(district.name)),
			tx
				.select({
					urn: setting.urn,
					name: organisation.name,
					settingType: setting.settingType,
					establishmentType: setting.establishmentType,
					phase: setting.phase,
					status: setting.status,
					districtName: sql<string>`coalesce(${district.name}, '')`,
					postcode: setting.postcode,
					numberOfPupils: setting.numberOfPupils,
					resourcedProvision: setting.resourcedProvision
				})
				.from(setting)
				.innerJoin(
					organisation,
					and(eq(organisation.tenantId, setting.tenantId), eq(organisation.id, setting.id))
				)
				.leftJoin(
					district,
					and(eq(district.tenantId, setting.tenantId), eq(district.id, setting.districtId))
				)
				.where(isNotNull(setting.urn))
		]);
		if (!own) throw new Error('The fixture tenant is not visible.');
		return {
			...own,
			districtNames: districts.map((d) => d.name),
			held: held.map((e) => ({ ...e, urn: e.urn! }))
		};
	});
}

/** The setting's pupils, interventions in use and records on them, for its records file. */
function provisionSource(scope: Scope): Promise<ProvisionSource> {
	const settingId = scope.membership.organisationId;
	return inTenant(scope, async (tx) => {
		const [pupils, interventions, records] = await Promise.all([
			tx
				.select({ reference: senPupil.reference })
				.from(senPupil)
				.where(eq(senPupil.settingId, settingId))
				.orderBy(asc(senPupil.reference)),
			tx
				.select({ name: intervention.name })
				.from(intervention)
				.where(and(eq(intervention.settingId, settingId), isNull(intervention.archivedAt)))
				.orderBy(asc(intervention.name)),
			tx
				.select({
					pupilReference: senPupil.reference,
					interventionName: intervention.name,
					startDate: provisionRecord.startDate,
					endDate: provisionRecord.endDate,
					weeks: provisionRecord.weeks,
					entryMeasure: provisionRecord.entryMeasure,
					exitMeasure: provisionRecord.exitMeasure,
					outcome: provisionRecord.outcome,
					notes: provisionRecord.notes
				})
				.from(provisionRecord)
				.innerJoin(
					senPupil,
					and(
						eq(senPupil.tenantId, provisionRecord.tenantId),
						eq(senPupil.id, provisionRecord.pupilId)
					)
				)
				.innerJoin(
					intervention,
					and(
						eq(intervention.tenantId, provisionRecord.tenantId),
						eq(intervention.id, provisionRecord.interventionId)
					)
				)
				.where(and(eq(provisionRecord.settingId, settingId), isNull(intervention.archivedAt)))
				.orderBy(asc(provisionRecord.startDate), asc(senPupil.reference), asc(intervention.name))
		]);
		return {
			pupilReferences: pupils.map((p) => p.reference),
			interventionNames: interventions.map((i) => i.name),
			records
		};
	});
}

/** The steps of one import as its pages take them, each with what it returned. */
interface ImportSteps<Id> {
	upload: () => Promise<Id>;
	preview: (id: Id) => Promise<{ planKey: string; counts: Record<string, number> }>;
	apply: (id: Id, planKey: string) => Promise<Record<string, number>>;
}

/** Times each step of an import, and the whole, with the rows of the file. */
async function timed(rows: number, steps: ImportSteps<string>): Promise<ImportTiming> {
	const start = performance.now();
	const batchId = await steps.upload();
	const uploaded = performance.now();
	const { planKey } = await steps.preview(batchId);
	const previewed = performance.now();
	const counts = await steps.apply(batchId, planKey);
	const applied = performance.now();
	return {
		rows,
		counts,
		batchId,
		uploadMs: uploaded - start,
		previewMs: previewed - uploaded,
		applyMs: applied - previewed,
		totalMs: applied - start
	};
}

/** A failed step stops the benchmark: timing a refusal would report a fast import that was none. */
function refused(step: string, result: unknown): never {
	throw new Error(`${step} did not succeed: ${JSON.stringify(result)}`);
}

const bytesOf = (text: string) => new TextEncoder().encode(text);

/** The GIAS import of a file of `rows` establishments, as the LA admin. */
async function measureGias(scope: Scope, rows: number): Promise<ImportTiming> {
	const file = {
		name: 'bench-gias-establishments.csv',
		bytes: bytesOf(giasFile(await giasSource(scope), rows))
	};
	return timed(rows, {
		async upload() {
			const uploaded = await uploadGiasFile(scope, file);
			return uploaded.ok ? uploaded.value : refused('The GIAS upload', uploaded);
		},
		async preview(id) {
			const batch = await getGiasBatch(scope, id);
			// The generated file has no bad rows: any would be a bug in it, and a smaller import.
			if (batch?.status !== 'previewed' || batch.counts.bad) refused('The GIAS preview', batch);
			return batch;
		},
		async apply(id, planKey) {
			const result = await applyGiasBatch(scope, id, planKey);
			return result?.outcome === 'applied' ? result.counts : refused('The GIAS import', result);
		}
	});
}

/** The provision records import of a file of `rows` records, as the setting's SENCO. */
async function measureProvision(scope: Scope, rows: number): Promise<ImportTiming> {
	const file = {
		name: 'bench-provision-records.csv',
		bytes: bytesOf(provisionFile(await provisionSource(scope), rows))
	};
	return timed(rows, {
		async upload() {
			const uploaded = await uploadProvisionFile(scope, 'records', file);
			return uploaded.ok ? uploaded.value : refused('The provision upload', uploaded);
		},
		async preview(id) {
			const batch = await getProvisionBatch(scope, id);
			if (!batch || 'ok' in batch || batch.status !== 'previewed' || batch.counts.bad) {
				// Bad rows would show the first few reasons: the generated file should have none.
				return refused(
					'The provision preview',
					batch && 'plan' in batch ? batch.plan.bad.slice(0, 3) : batch
				);
			}
			return batch;
		},
		async apply(id, planKey) {
			const result = await applyProvisionBatch(scope, id, planKey);
			return result && 'outcome' in result && result.outcome === 'applied'
				? result.counts
				: refused('The provision import', result);
		}
	});
}

/**
 * Imports a GIAS file of 1,500 establishments for the fixture's tenant and then a file of
 * 10,000 provision records for its SENCO's setting (fewer when told, for a smoke run),
 * timing each step of each.
 */
export async function measureImports(
	fixture: BenchFixture,
	options: { giasRows?: number; provisionRows?: number } = {}
): Promise<ImportTimings> {
	const { giasRows = 1500, provisionRows = 10_000 } = options;
	const la = await scopeOf(fixture.users.la, fixture.tenantId, LA_ADMIN);
	const senco = await scopeOf(fixture.users.senco, fixture.tenantId, SETTING_EDITOR);
	const gias = await measureGias(la, giasRows);
	const provision = await measureProvision(senco, provisionRows);
	return { gias, provision };
}
