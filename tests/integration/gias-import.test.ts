import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { and, asc, count, eq, isNotNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
	auditEvent,
	district,
	importBatch,
	organisation,
	setting
} from '../../src/lib/server/db/schema';
import {
	applyGiasBatch,
	cancelGiasBatch,
	getGiasBatch,
	uploadGiasFile,
	type GiasBatch
} from '../../src/lib/server/services/gias-import';
import { useTestDatabase } from './support/database';
import { useAdminScopes } from './support/fixtures';

const db = useTestDatabase();
const admin = useAdminScopes();

const fixture = (name: string) => ({
	name,
	bytes: new Uint8Array(readFileSync(resolve('tests/fixtures/gias', name)))
});
const ORIGINAL = fixture('kent-establishments.csv');
const CHANGED = fixture('kent-establishments-changed.csv');

async function upload(file: { name: string; bytes: Uint8Array }) {
	const result = await uploadGiasFile(admin.kent, file);
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

async function previewed(id: string) {
	const batch = await getGiasBatch(admin.kent, id);
	if (batch?.status !== 'previewed') throw new Error(`Batch ${id} is ${batch?.status}`);
	return batch;
}

const counts = (batch: Extract<GiasBatch, { status: 'previewed' }>) => ({
	create: batch.plan.create.length,
	update: batch.plan.update.length,
	unchanged: batch.plan.unchanged.length,
	skipped: batch.plan.skipped.length,
	bad: batch.plan.bad.length
});

/** Every Kent setting with a URN: its name and version, read past row-level security. */
async function kentSettings() {
	return db.handle.db
		.select({ urn: setting.urn, version: setting.version, name: organisation.name })
		.from(setting)
		.innerJoin(
			organisation,
			and(eq(organisation.tenantId, setting.tenantId), eq(organisation.id, setting.id))
		)
		.where(and(eq(setting.tenantId, admin.kent.tenantId), isNotNull(setting.urn)))
		.orderBy(asc(setting.urn));
}

/** The audit events about one batch, oldest first. */
async function auditOf(batchId: string) {
	const events = await db.handle.db
		.select({ action: auditEvent.action, detail: auditEvent.detail })
		.from(auditEvent)
		.where(
			and(
				eq(auditEvent.tenantId, admin.kent.tenantId),
				sql`${auditEvent.detail}->>'batchId' = ${batchId}`
			)
		)
		.orderBy(asc(auditEvent.at));
	return events;
}

async function tableSizes() {
	const [[s], [o], [b]] = await Promise.all([
		db.handle.db.select({ n: count() }).from(setting),
		db.handle.db.select({ n: count() }).from(organisation),
		db.handle.db.select({ n: count() }).from(importBatch)
	]);
	return { settings: s?.n, organisations: o?.n, batches: b?.n };
}

describe('GIAS import', () => {
	let firstBatch: string;

	it('refuses files it cannot read, storing nothing', async () => {
		const before = await tableSizes();
		const refused = async (file: { name: string; bytes: Uint8Array }) => {
			const result = await uploadGiasFile(admin.kent, file);
			expect(result.ok).toBe(false);
			return result.ok ? '' : result.error;
		};
		expect(await refused({ name: 'empty.csv', bytes: new Uint8Array() })).toBe(
			'The selected file is empty'
		);
		expect(
			await refused({ name: 'book.csv', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]) })
		).toContain('not a CSV file');
		expect(await refused(fixture('missing-columns.csv'))).toBe(
			'The selected file is missing these columns: Postcode, NumberOfPupils. Download the establishment fields CSV from GIAS, which has them'
		);
		expect(await tableSizes()).toEqual(before);
	});

	it('previews creates, updates, unchanged, skipped and bad rows with line numbers', async () => {
		firstBatch = await upload(ORIGINAL);
		const batch = await previewed(firstBatch);
		expect(batch.fileName).toBe('kent-establishments.csv');
		expect(counts(batch)).toEqual({ create: 6, update: 2, unchanged: 1, skipped: 1, bad: 8 });
		expect(batch.plan.create.map((r) => [r.line, r.urn, r.settingType, r.districtName])).toEqual([
			[2, 920001, 'mainstream', 'Ashford'],
			[3, 920002, 'mainstream', 'Dover'],
			[4, 920003, 'special', 'Folkestone & Hythe'],
			[5, 920004, 'pru', 'Thanet'],
			[6, 920005, 'early_years', 'Canterbury'],
			[7, 920006, 'mainstream', '']
		]);
		expect(batch.plan.create[5]).toMatchObject({ postcode: 'ME15 6AB', numberOfPupils: null });
		expect(batch.plan.unchanged.map((r) => [r.line, r.urn])).toEqual([[8, 990001]]);
		expect(
			batch.plan.update.map((u) => [u.record.line, u.record.urn, u.changes.map((c) => c.label)])
		).toEqual([
			[9, 990002, ['Postcode', 'Number of pupils', 'Resourced provision']],
			[10, 990003, ['Status']]
		]);
		expect(batch.plan.skipped.map((s) => [s.record.line, s.record.urn, s.reason])).toEqual([
			[11, 920010, 'Closed, not imported']
		]);
		expect(batch.plan.bad.map((b) => [b.line, b.reasons.join('; ')])).toEqual([
			[12, 'URN is missing'],
			[13, 'URN "12345" must be a whole number from 100000 to 999999'],
			[14, "LA code 919 is not this local authority's (886)"],
			[15, 'Establishment name is missing'],
			[16, 'Number of pupils "about 200" must be a whole number from 0 to 99999'],
			[17, 'Postcode "TBC" is not a valid UK postcode'],
			[
				18,
				`District "Medway" is not one of this local authority's districts. Add it in Areas and districts first, then import the file again`
			],
			[19, 'URN 920001 also appears on line 2']
		]);
		expect(await auditOf(firstBatch)).toMatchObject([
			{ action: 'import.previewed', detail: { counts: { create: 6, update: 2, bad: 8 } } }
		]);
	});

	it('hides the batch from another tenant, which can neither apply nor cancel it', async () => {
		const before = await tableSizes();
		const key = (await previewed(firstBatch)).planKey;
		expect(await getGiasBatch(admin.northbury, firstBatch)).toBeNull();
		expect(await applyGiasBatch(admin.northbury, firstBatch, key)).toBeNull();
		expect(await cancelGiasBatch(admin.northbury, firstBatch)).toBeNull();
		expect(await getGiasBatch(admin.kent, 'not-a-uuid')).toBeNull();
		expect(await tableSizes()).toEqual(before);
		expect((await getGiasBatch(admin.kent, firstBatch))?.status).toBe('previewed');
	});

	it('cancelling writes nothing, and a cancelled batch cannot be applied', async () => {
		const id = await upload(ORIGINAL);
		const key = (await previewed(id)).planKey;
		const before = await kentSettings();
		expect(await cancelGiasBatch(admin.kent, id)).toEqual({ outcome: 'cancelled' });
		expect(await cancelGiasBatch(admin.kent, id)).toEqual({
			outcome: 'finished',
			status: 'cancelled'
		});
		expect(await applyGiasBatch(admin.kent, id, key)).toEqual({
			outcome: 'finished',
			status: 'cancelled'
		});
		expect(await kentSettings()).toEqual(before);
		expect((await getGiasBatch(admin.kent, id))?.status).toBe('cancelled');
		expect((await auditOf(id)).map((e) => e.action)).toEqual([
			'import.previewed',
			'import.cancelled'
		]);
	});

	it('refuses to apply a plan that changed since the preview', async () => {
		const key = (await previewed(firstBatch)).planKey;
		await db.handle.db
			.update(setting)
			.set({ numberOfPupils: 400 })
			.where(and(eq(setting.tenantId, admin.kent.tenantId), eq(setting.urn, 990001)));
		const before = await kentSettings();
		expect(await applyGiasBatch(admin.kent, firstBatch, key)).toEqual({ outcome: 'changed' });
		expect(await kentSettings()).toEqual(before);
		const again = await previewed(firstBatch);
		expect(again.planKey).not.toBe(key);
		expect(again.plan.update.map((u) => u.record.urn)).toContain(990001);
		await db.handle.db
			.update(setting)
			.set({ numberOfPupils: 412 })
			.where(and(eq(setting.tenantId, admin.kent.tenantId), eq(setting.urn, 990001)));
	});

	it('a failure part-way through applying leaves nothing written', async () => {
		const key = (await previewed(firstBatch)).planKey;
		const before = { sizes: await tableSizes(), settings: await kentSettings() };
		// After the preview, the database gains a rule that the fifth new setting breaks: the
		// first four are inserted before it fails, and must be rolled back with it.
		await db.handle.db.execute(
			sql.raw(
				`create unique index gias_test_block on organisation (tenant_id) where name in ('Marsh Lane Primary School', 'Little Wrens Nursery School')`
			)
		);
		try {
			expect(await applyGiasBatch(admin.kent, firstBatch, key)).toEqual({ outcome: 'failed' });
		} finally {
			await db.handle.db.execute(sql.raw('drop index gias_test_block'));
		}
		expect(await tableSizes()).toEqual(before.sizes);
		expect(await kentSettings()).toEqual(before.settings);
		expect((await getGiasBatch(admin.kent, firstBatch))?.status).toBe('previewed');
	});

	it('applying creates exactly the good rows and updates the changed ones, once', async () => {
		const before = await kentSettings();
		const key = (await previewed(firstBatch)).planKey;
		const result = await applyGiasBatch(admin.kent, firstBatch, key);
		expect(result).toEqual({
			outcome: 'applied',
			counts: { create: 6, update: 2, unchanged: 1, skipped: 1, bad: 8 }
		});

		const after = await kentSettings();
		const created = after.filter((s) => !before.some((b) => b.urn === s.urn));
		expect(created.map((s) => [s.urn, s.name, s.version])).toEqual([
			[920001, 'Marsh Lane Primary School', 1],
			[920002, 'Kingsdown, Ringwould and Oxney Church of England Primary School', 1],
			[920003, 'Foxglove Special Academy', 1],
			[920004, 'Beacon Learning Centre', 1],
			[920005, 'Little Wrens Nursery School', 1],
			[920006, 'Orchard View Primary School', 1]
		]);
		const version = (rows: typeof after, urn: number) => rows.find((s) => s.urn === urn)?.version;
		expect(version(after, 990001)).toBe(version(before, 990001));
		expect(version(after, 990002)).toBe(version(before, 990002)! + 1);
		expect(version(after, 990003)).toBe(version(before, 990003)! + 1);
		const [riverside] = await db.handle.db
			.select()
			.from(setting)
			.where(and(eq(setting.tenantId, admin.kent.tenantId), eq(setting.urn, 990002)));
		expect(riverside).toMatchObject({
			postcode: 'CT2 7AA',
			numberOfPupils: 1135,
			resourcedProvision: 'Not applicable',
			settingType: 'mainstream'
		});

		// A second confirm (a double click, or the back button) reports and changes nothing.
		expect(await applyGiasBatch(admin.kent, firstBatch, key)).toEqual({
			outcome: 'finished',
			status: 'applied'
		});
		expect(await kentSettings()).toEqual(after);
		expect(await getGiasBatch(admin.kent, firstBatch)).toMatchObject({
			status: 'applied',
			counts: { create: 6, update: 2 }
		});
		expect((await auditOf(firstBatch)).map((e) => e.action)).toEqual([
			'import.previewed',
			'import.applied'
		]);
	});

	it('re-importing the same file changes nothing', async () => {
		const before = { sizes: await tableSizes(), settings: await kentSettings() };
		const id = await upload(ORIGINAL);
		const batch = await previewed(id);
		expect(counts(batch)).toEqual({ create: 0, update: 0, unchanged: 9, skipped: 1, bad: 8 });
		expect(await applyGiasBatch(admin.kent, id, batch.planKey)).toMatchObject({
			outcome: 'applied',
			counts: { create: 0, update: 0 }
		});
		expect(await kentSettings()).toEqual(before.settings);
		expect(await tableSizes()).toEqual({
			...before.sizes,
			batches: (before.sizes.batches ?? 0) + 1
		});
	});

	it('a changed file updates only the rows that changed', async () => {
		const before = await kentSettings();
		const id = await upload(CHANGED);
		const batch = await previewed(id);
		expect(counts(batch)).toEqual({ create: 1, update: 2, unchanged: 7, skipped: 1, bad: 8 });
		expect(batch.plan.update.map((u) => [u.record.urn, u.changes])).toEqual([
			[
				920001,
				[{ field: 'numberOfPupils', label: 'Number of pupils', before: '305', after: '312' }]
			],
			[
				920002,
				[
					{
						field: 'name',
						label: 'Name',
						before: 'Kingsdown, Ringwould and Oxney Church of England Primary School',
						after: 'Kingsdown and Ringwould Church of England Primary School'
					}
				]
			]
		]);
		await applyGiasBatch(admin.kent, id, batch.planKey);
		const after = await kentSettings();
		for (const s of after) {
			const was = before.find((b) => b.urn === s.urn);
			if (s.urn === 920007) expect(was).toBeUndefined();
			else if (s.urn === 920001 || s.urn === 920002) expect(s.version).toBe(was!.version + 1);
			else expect(s).toEqual(was);
		}
		expect(after.find((s) => s.urn === 920002)?.name).toBe(
			'Kingsdown and Ringwould Church of England Primary School'
		);
	});

	it('takes a setting out of its community when the file moves it to another district', async () => {
		// Oakfield is in Ashford and in the Ashford Central community; GIAS now says Dover.
		const [header, ...rows] = new TextDecoder().decode(ORIGINAL.bytes).trim().split(/\r?\n/);
		const oakfield = rows
			.find((r) => r.startsWith('990001,'))!
			.replace(/,Ashford,,,$/, ',Dover,,,');
		const id = await upload({
			name: 'oakfield-moves.csv',
			bytes: new TextEncoder().encode(`${header}\n${oakfield}\n`)
		});
		const batch = await previewed(id);
		expect(batch.plan.update.map((u) => [u.record.urn, u.changes])).toEqual([
			[
				990001,
				[
					{ field: 'districtId', label: 'District', before: 'Ashford', after: 'Dover' },
					{
						field: 'communityId',
						label: 'Community',
						before: 'Ashford Central Community of Schools',
						after: ''
					}
				]
			]
		]);
		expect(await applyGiasBatch(admin.kent, id, batch.planKey)).toMatchObject({
			outcome: 'applied'
		});
		const [moved] = await db.handle.db
			.select({ district: district.name, communityId: setting.communityId })
			.from(setting)
			.innerJoin(
				district,
				and(eq(district.tenantId, setting.tenantId), eq(district.id, setting.districtId))
			)
			.where(and(eq(setting.tenantId, admin.kent.tenantId), eq(setting.urn, 990001)));
		expect(moved).toEqual({ district: 'Dover', communityId: null });
		expect((await auditOf(id)).at(-1)?.detail).toMatchObject({
			updated: [
				{
					urn: 990001,
					changes: {
						District: ['Ashford', 'Dover'],
						Community: ['Ashford Central Community of Schools', '']
					}
				}
			]
		});
	});

	it('reads a file saved by Excel in Windows-1252', async () => {
		const batch = await previewed(await upload(fixture('kent-windows-1252.csv')));
		expect(batch.plan.create.map((r) => r.name)).toEqual([
			'St Mary\u2019s Church of England Primary School \u2013 Sandgate'
		]);
		expect(await cancelGiasBatch(admin.kent, batch.id)).toEqual({ outcome: 'cancelled' });
	});
});
