import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BenchFixture } from '../../bench/fixture';
import { measureImports, type ImportTiming, type ImportTimings } from '../../bench/imports';
import type { Scope } from '../../src/lib/server/auth/guards';
import { importBatch, provisionRecord, setting } from '../../src/lib/server/db/schema';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

const db = useTestDatabase();

/** The demo county as the benchmark's generator would describe it; only the imports' parts. */
const demoFixture = (tenantId: string): BenchFixture => ({
	scale: 'smoke',
	tenantId,
	password: '',
	users: {
		senco: 'senco@kent.test',
		head: 'head@kent.test',
		reviewer: 'reviewer@kent.test',
		board: 'board@kent.test',
		la: 'la.admin@kent.test',
		autosavers: []
	},
	paths: {
		section: '',
		summary: '',
		moderation: '',
		provision: '/provision',
		boardDistrict: '',
		laDistricts: '/la/districts',
		gapReport: '/cpd'
	},
	autosaves: [],
	contested: { evaluationId: '', criterionId: '' },
	rows: {}
});

/** The version of each of Kent's settings, by id, read past row-level security. */
const settingVersions = async (tenantId: string) =>
	new Map(
		(
			await db.handle.db
				.select({ id: setting.id, version: setting.version })
				.from(setting)
				.where(eq(setting.tenantId, tenantId))
		).map((s) => [s.id, s.version])
	);

/** The version of each of the setting's provision records, by id. */
const recordVersions = async (scope: Scope) =>
	new Map(
		(
			await db.handle.db
				.select({ id: provisionRecord.id, version: provisionRecord.version })
				.from(provisionRecord)
				.where(
					and(
						eq(provisionRecord.tenantId, scope.tenantId),
						eq(provisionRecord.settingId, scope.membership.organisationId)
					)
				)
		).map((r) => [r.id, r.version])
	);

/** How many ids are new, and how many held before have a higher version now. */
function compare(before: Map<string, number>, after: Map<string, number>) {
	const added = [...after.keys()].filter((id) => !before.has(id)).length;
	const raised = [...before].filter(([id, v]) => (after.get(id) ?? v) > v).length;
	return { added, raised };
}

const batchStatus = async (id: string) =>
	(await db.handle.db.select().from(importBatch).where(eq(importBatch.id, id)))[0]?.status;

function expectTimed(timing: ImportTiming) {
	for (const ms of [timing.uploadMs, timing.previewMs, timing.applyMs]) {
		expect(ms).toBeGreaterThan(0);
	}
	expect(timing.totalMs).toBeCloseTo(timing.uploadMs + timing.previewMs + timing.applyMs, 6);
}

describe('the benchmark’s import timings, on the demo county', () => {
	let la: Scope;
	let senco: Scope;
	let settingsBefore: Map<string, number>;
	let recordsBefore: Map<string, number>;
	let timings: ImportTimings;

	beforeAll(async () => {
		la = await scopeFor('la.admin@kent.test');
		senco = await scopeFor('senco@kent.test');
		settingsBefore = await settingVersions(la.tenantId);
		recordsBefore = await recordVersions(senco);
		timings = await measureImports(demoFixture(la.tenantId), { giasRows: 60, provisionRows: 300 });
	}, 120_000);

	it('imports a GIAS file that refreshes the county’s settings and adds new ones', async () => {
		const { gias } = timings;
		expect(gias.rows).toBe(60);
		const { create, update, unchanged, skipped, bad } = gias.counts;
		expect(bad).toBe(0);
		expect(create! + update! + unchanged! + skipped!).toBe(60);
		// Every demo setting is in the file; some have changed in GIAS, some are new, a few closed.
		expect(update).toBeGreaterThan(0);
		expect(create).toBeGreaterThan(0);
		expect(skipped).toBeGreaterThan(0);
		expect(compare(settingsBefore, await settingVersions(la.tenantId))).toEqual({
			added: create,
			raised: update
		});
		expect(await batchStatus(gias.batchId)).toBe('applied');
		expectTimed(gias);
	});

	it('imports a provision records file of new records and updates of held ones', async () => {
		const { provision } = timings;
		expect(provision.rows).toBe(300);
		expect(provision.counts).toMatchObject({ bad: 0, unchanged: 0 });
		expect(provision.counts.update).toBeGreaterThan(0);
		expect(provision.counts.create! + provision.counts.update!).toBe(300);
		expect(compare(recordsBefore, await recordVersions(senco))).toEqual({
			added: provision.counts.create,
			raised: provision.counts.update
		});
		expect(await batchStatus(provision.batchId)).toBe('applied');
		expectTimed(provision);
	});
});
