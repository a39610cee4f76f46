import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInEngland } from '../../src/lib/domain/dates';
import { DEFAULT_SCALE, type VersionStatus } from '../../src/lib/domain/framework';
import type { SettingType } from '../../src/lib/domain/organisation';
import {
	cycleFormSchema,
	NO_FRAMEWORK_MESSAGE,
	type CycleForm,
	type CycleInput
} from '../../src/lib/schemas/cycles';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	selfEvaluation,
	setting,
	tenant
} from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import {
	createCycle,
	cycleFormOptions,
	cycleFormValues,
	getCycle,
	listCycles,
	openCyclesForSetting,
	updateCycle
} from '../../src/lib/server/services/cycles';
import { useTestDatabase } from './support/database';
import { latestAudit, useAdminScopes } from './support/fixtures';
import { atOnce } from './support/races';

const db = useTestDatabase();
const admin = useAdminScopes();

/**
 * A framework version made by hand, as the framework pages would: content goes into a draft,
 * which is then published (and retired, if asked), since a published version cannot change.
 */
async function makeVersion(
	scope: Scope,
	fw: { key: string; name: string },
	number: number,
	types: SettingType[],
	status: VersionStatus
) {
	const spec = { ...fw, number, types, status };
	return inTenant(scope, async (tx) => {
		const tenantId = scope.tenantId;
		let [fw] = await tx.select().from(framework).where(eq(framework.key, spec.key));
		fw ??= (
			await tx.insert(framework).values({ tenantId, key: spec.key, name: spec.name }).returning()
		)[0]!;
		const [version] = await tx
			.insert(frameworkVersion)
			.values({
				tenantId,
				frameworkId: fw.id,
				number: spec.number,
				label: `${2025 + spec.number}`,
				scale: DEFAULT_SCALE
			})
			.returning();
		const versionId = version!.id;
		const [section] = await tx
			.insert(frameworkSection)
			.values({ tenantId, versionId, position: 1, code: 'A', title: 'Leadership' })
			.returning();
		await tx.insert(frameworkCriterion).values({
			tenantId,
			versionId,
			sectionId: section!.id,
			position: 1,
			code: 'A1',
			title: 'Leaders plan for inclusion',
			descriptors: ['None', 'Some', 'Most', 'All'],
			settingTypes: spec.types
		});
		const set = (status: VersionStatus) =>
			tx
				.update(frameworkVersion)
				.set(
					status === 'published'
						? { status, publishedAt: new Date() }
						: { status, retiredAt: new Date() }
				)
				.where(eq(frameworkVersion.id, versionId));
		if (spec.status !== 'draft') await set('published');
		if (spec.status === 'retired') await set('retired');
		return versionId;
	});
}

const v = {} as Record<'core1' | 'core2' | 'coreDraft' | 'catie' | 'early' | 'elsewhere', string>;
const CORE = { key: 'test-core', name: 'Test Core Standards' };
const CATIE = { key: 'test-catie', name: 'Test Inclusive Education' };
const EARLY = { key: 'test-early', name: 'Test Early Years Guidance' };

beforeAll(async () => {
	v.core1 = await makeVersion(admin.kent, CORE, 1, ['mainstream'], 'retired');
	v.core2 = await makeVersion(admin.kent, CORE, 2, ['mainstream'], 'published');
	v.coreDraft = await makeVersion(admin.kent, CORE, 3, ['mainstream'], 'draft');
	v.catie = await makeVersion(admin.kent, CATIE, 1, ['mainstream', 'special', 'pru'], 'published');
	v.early = await makeVersion(admin.kent, EARLY, 1, ['early_years'], 'published');
	v.elsewhere = await makeVersion(admin.northbury, CORE, 1, ['mainstream'], 'published');
});

const nextYear = `${Number(todayInEngland().slice(0, 4)) + 1}-07-31`;
const cycle = (
	name: string,
	frameworks: Partial<Record<SettingType, string>> = {}
): CycleInput => ({
	name,
	deadline: nextYear,
	framework_mainstream: frameworks.mainstream ?? '',
	framework_special: frameworks.special ?? '',
	framework_pru: frameworks.pru ?? '',
	framework_early_years: frameworks.early_years ?? ''
});
const created = async (scope: Scope, input: CycleInput) => {
	const result = await createCycle(scope, input);
	if (!result.ok) throw new Error(`Could not start ${input.name}: ${JSON.stringify(result)}`);
	return result.id;
};
const read = async (id: string) => {
	const found = await getCycle(admin.kent, id);
	if (!found) throw new Error(`No cycle ${id}`);
	return found;
};
const openSettings = async (scope: Scope, type: SettingType) =>
	inTenant(scope, async (tx) =>
		tx
			.select({ id: setting.id })
			.from(setting)
			.where(and(eq(setting.settingType, type), eq(setting.status, 'Open')))
	);
const startEvaluation = (cycleId: string, settingId: string, versionId: string) =>
	inTenant(admin.kent, (tx) =>
		tx
			.insert(selfEvaluation)
			.values({ tenantId: admin.kent.tenantId, cycleId, settingId, versionId })
	);

describe('the choice of frameworks', () => {
	it('offers each type the published versions with criteria for it, grouped by framework', async () => {
		const options = await cycleFormOptions(admin.kent);
		const ours = (type: SettingType) => options[type].filter((g) => g.label.startsWith('Test '));
		expect(ours('mainstream')).toEqual([
			{ label: CORE.name, options: [{ value: v.core2, label: 'Test Core Standards — 2027 (v2)' }] },
			{
				label: CATIE.name,
				options: [{ value: v.catie, label: 'Test Inclusive Education — 2026 (v1)' }]
			}
		]);
		expect(ours('pru').map((g) => g.label)).toEqual([CATIE.name]);
		expect(ours('early_years')).toEqual([
			{
				label: EARLY.name,
				options: [{ value: v.early, label: 'Test Early Years Guidance — 2026 (v1)' }]
			}
		]);
		const offered = Object.values(options).flatMap((groups) =>
			groups.flatMap((g) => g.options.map((o) => o.value))
		);
		expect(offered).not.toContain(v.core1);
		expect(offered).not.toContain(v.coreDraft);
		expect(offered).not.toContain(v.elsewhere);
	});
});

describe('starting a cycle', () => {
	it('saves the cycle open, with a version per type, and audits it', async () => {
		const id = await created(
			admin.kent,
			cycle('Pilot 2026/27', { mainstream: v.core2, special: v.catie, early_years: v.early })
		);
		const saved = await read(id);
		expect(saved).toMatchObject({
			name: 'Pilot 2026/27',
			deadline: nextYear,
			status: 'open',
			version: 1
		});
		expect(saved.frameworks.map((f) => [f.settingType, f.versionId, f.title])).toEqual([
			['mainstream', v.core2, 'Test Core Standards — 2027 (v2)'],
			['special', v.catie, 'Test Inclusive Education — 2026 (v1)'],
			['early_years', v.early, 'Test Early Years Guidance — 2026 (v1)']
		]);
		const expected =
			(await openSettings(admin.kent, 'mainstream')).length +
			(await openSettings(admin.kent, 'special')).length +
			(await openSettings(admin.kent, 'early_years')).length;
		expect(saved.settings).toBe(expected);
		const listed = (await listCycles(admin.kent)).find((c) => c.id === id);
		expect(listed).toMatchObject({
			name: 'Pilot 2026/27',
			settings: expected,
			started: 0,
			evaluations: { in_progress: 0, submitted: 0, returned: 0, signed_off: 0 }
		});
		expect(listed?.frameworks.map((f) => f.settingType)).toEqual([
			'mainstream',
			'special',
			'early_years'
		]);
		expect(await latestAudit(admin.kent, 'cycle.created')).toMatchObject({
			subject: 'Pilot 2026/27',
			detail: {
				after: {
					name: 'Pilot 2026/27',
					deadline: nextYear,
					status: 'open',
					mainstreamFramework: 'Test Core Standards — 2027 (v2)',
					specialFramework: 'Test Inclusive Education — 2026 (v1)',
					pruFramework: null,
					earlyYearsFramework: 'Test Early Years Guidance — 2026 (v1)'
				}
			}
		});
	});

	it('refuses a name another cycle has, whatever its case', async () => {
		await created(admin.kent, cycle('Spring review', { pru: v.catie }));
		expect(await createCycle(admin.kent, cycle('SPRING REVIEW', { pru: v.catie }))).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'name',
			message: 'There is already a cycle called SPRING REVIEW'
		});
		// Names are per tenant.
		expect(
			(await createCycle(admin.northbury, cycle('Spring review', { mainstream: v.elsewhere }))).ok
		).toBe(true);
	});

	it('refuses a draft, a retired or another tenant’s version, and one without criteria for the type', async () => {
		const refused = (frameworks: Partial<Record<SettingType, string>>) =>
			createCycle(admin.kent, cycle('Refused', frameworks));
		const unknown = 'Select a published framework from the list';
		expect(await refused({ mainstream: v.coreDraft })).toMatchObject({
			field: 'framework_mainstream',
			message: unknown
		});
		expect(await refused({ special: v.catie, mainstream: v.elsewhere })).toMatchObject({
			field: 'framework_mainstream',
			message: unknown
		});
		expect(await refused({ pru: 'not-an-id' })).toMatchObject({
			field: 'framework_pru',
			message: unknown
		});
		expect(await refused({ mainstream: v.core1 })).toMatchObject({
			field: 'framework_mainstream',
			message: 'Test Core Standards — 2026 (v1) has been retired. Choose a published version'
		});
		expect(await refused({ early_years: v.catie })).toMatchObject({
			field: 'framework_early_years',
			message:
				'Test Inclusive Education — 2026 (v1) has no criteria for early years settings. Choose another'
		});
		expect(await refused({})).toMatchObject({
			field: 'framework_mainstream',
			message: NO_FRAMEWORK_MESSAGE
		});
		expect((await listCycles(admin.kent)).map((c) => c.name)).not.toContain('Refused');
	});

	it('refuses a deadline that has passed', async () => {
		expect(
			await createCycle(admin.kent, { ...cycle('Late', { pru: v.catie }), deadline: '2020-07-31' })
		).toMatchObject({ field: 'deadline', message: 'The deadline must be today or later' });
	});

	it('starts one cycle when the same name is submitted twice at once', async () => {
		const results = await atOnce(
			db.handle.db,
			// Holding the tenant's row stops each insert at its foreign key check.
			(tx) => tx.select().from(tenant).where(eq(tenant.id, admin.kent.tenantId)).for('update'),
			[
				() => createCycle(admin.kent, cycle('Summer check', { pru: v.catie })),
				() => createCycle(admin.kent, cycle('summer check', { pru: v.catie }))
			]
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toMatchObject({
			field: 'name',
			message: 'There is already a cycle called summer check'
		});
	});
});

describe('changing a cycle', () => {
	let id: string;
	beforeAll(async () => {
		id = await created(
			admin.kent,
			cycle('Pilot 2027/28', { mainstream: v.core2, early_years: v.early })
		);
	});

	it('changes a framework, bumps the version and records only what changed', async () => {
		const [school] = await openSettings(admin.kent, 'mainstream');
		await startEvaluation(id, school!.id, v.core2);
		const before = await read(id);
		const result = await updateCycle(admin.kent, id, before.version, {
			...cycleFormValues(before),
			deadline: '2024-03-31',
			framework_mainstream: v.catie
		});
		expect(result).toEqual({ ok: true, id });
		const after = await read(id);
		expect(after.version).toBe(before.version + 1);
		expect(after.deadline).toBe('2024-03-31');
		expect(after.frameworks.find((f) => f.settingType === 'mainstream')?.versionId).toBe(v.catie);
		// The self-evaluation already started stays on the version it began with.
		expect(after.pinned).toEqual([
			{ versionId: v.core2, title: 'Test Core Standards — 2027 (v2)', count: 1 }
		]);
		expect(after).toMatchObject({ started: 1, evaluations: { in_progress: 1 } });
		expect(await latestAudit(admin.kent, 'cycle.updated')).toMatchObject({
			subject: 'Pilot 2027/28',
			detail: {
				before: { deadline: nextYear, mainstreamFramework: 'Test Core Standards — 2027 (v2)' },
				after: {
					deadline: '2024-03-31',
					mainstreamFramework: 'Test Inclusive Education — 2026 (v1)'
				}
			}
		});
		const audit = await latestAudit(admin.kent, 'cycle.updated');
		expect(Object.keys(audit?.detail.after as object)).toEqual(['deadline', 'mainstreamFramework']);
	});

	it('saves nothing and records nothing when nothing changed', async () => {
		const before = await read(id);
		const audits = (await latestAudit(admin.kent, 'cycle.updated'))?.id;
		expect(await updateCycle(admin.kent, id, before.version, cycleFormValues(before))).toEqual({
			ok: true,
			id
		});
		expect((await read(id)).version).toBe(before.version);
		expect((await latestAudit(admin.kent, 'cycle.updated'))?.id).toBe(audits);
	});

	it('keeps a version retired since it was chosen, but will not newly choose one', async () => {
		const retiring = await makeVersion(
			admin.kent,
			{ key: 'test-retiring', name: 'Test Retiring Framework' },
			1,
			['special'],
			'published'
		);
		const before = await read(id);
		expect(
			await updateCycle(admin.kent, id, before.version, {
				...cycleFormValues(before),
				framework_special: retiring
			})
		).toMatchObject({ ok: true });
		await inTenant(admin.kent, (tx) =>
			tx
				.update(frameworkVersion)
				.set({ status: 'retired', retiredAt: new Date() })
				.where(eq(frameworkVersion.id, retiring))
		);
		const now = await read(id);
		expect(now.frameworks.find((f) => f.settingType === 'special')?.retired).toBe(true);
		const options = await cycleFormOptions(admin.kent, id);
		expect(options.special.flatMap((g) => g.options)).toContainEqual({
			value: retiring,
			label: 'Test Retiring Framework — 2026 (v1), retired'
		});
		expect(
			(await cycleFormOptions(admin.kent)).special.flatMap((g) => g.options)
		).not.toContainEqual(expect.objectContaining({ value: retiring }));
		expect(
			await updateCycle(admin.kent, id, now.version, {
				...cycleFormValues(now),
				name: 'Pilot 2027-28'
			})
		).toMatchObject({ ok: true });
		const other = await created(admin.kent, cycle('Elsewhere', { pru: v.catie }));
		const otherNow = await read(other);
		expect(
			await updateCycle(admin.kent, other, otherNow.version, {
				...cycleFormValues(otherNow),
				framework_special: retiring
			})
		).toMatchObject({
			field: 'framework_special',
			message: 'Test Retiring Framework — 2026 (v1) has been retired. Choose a published version'
		});
	});

	it('will not take the framework from a type whose settings have started', async () => {
		const before = await read(id);
		expect(
			await updateCycle(admin.kent, id, before.version, {
				...cycleFormValues(before),
				framework_mainstream: ''
			})
		).toMatchObject({
			field: 'framework_mainstream',
			message:
				'1 self-evaluation has started in this cycle for mainstream schools, so they need a framework. Choose one; those started stay on the version they began with'
		});
		// Early years settings have not started, so theirs can go.
		expect(
			await updateCycle(admin.kent, id, before.version, {
				...cycleFormValues(before),
				framework_early_years: ''
			})
		).toMatchObject({ ok: true });
	});

	it('closes and reopens the cycle', async () => {
		const before = await read(id);
		const closing = { ...cycleFormValues(before), status: 'closed' as const };
		expect(await updateCycle(admin.kent, id, before.version, closing)).toMatchObject({ ok: true });
		expect((await read(id)).status).toBe('closed');
		expect(await latestAudit(admin.kent, 'cycle.updated')).toMatchObject({
			detail: { before: { status: 'open' }, after: { status: 'closed' } }
		});
		const closed = await read(id);
		expect(
			await updateCycle(admin.kent, id, closed.version, { ...closing, status: 'open' })
		).toMatchObject({ ok: true });
	});

	it('refuses to overwrite a newer save and returns what is saved now', async () => {
		const stale = await read(id);
		const theirs = { ...cycleFormValues(stale), name: 'Pilot 2027/28 (extended)' };
		expect(await updateCycle(admin.kent, id, stale.version, theirs)).toMatchObject({ ok: true });
		expect(
			await updateCycle(admin.kent, id, stale.version, {
				...cycleFormValues(stale),
				status: 'closed'
			})
		).toEqual({ ok: false, reason: 'conflict', current: theirs, version: stale.version + 1 });
		expect((await read(id)).status).toBe('open');
	});

	it('refuses a name another cycle has', async () => {
		const now = await read(id);
		expect(
			await updateCycle(admin.kent, id, now.version, {
				...cycleFormValues(now),
				name: 'Pilot 2026/27'
			})
		).toMatchObject({ field: 'name', message: 'There is already a cycle called Pilot 2026/27' });
	});

	it("cannot see or change another tenant's cycle", async () => {
		const now = await read(id);
		expect(await getCycle(admin.northbury, id)).toBeNull();
		expect((await listCycles(admin.northbury)).map((c) => c.id)).not.toContain(id);
		expect(
			await updateCycle(admin.northbury, id, now.version, {
				...cycleFormValues(now),
				framework_mainstream: v.elsewhere,
				framework_early_years: ''
			})
		).toEqual({ ok: false, reason: 'not-found' });
		expect(await getCycle(admin.kent, 'no-such-cycle')).toBeNull();
		expect(
			(await cycleFormOptions(admin.northbury, id)).mainstream.flatMap((g) => g.options)
		).not.toContainEqual(expect.objectContaining({ value: v.catie }));
	});
});

describe('open cycles for a setting', () => {
	it('gives each type its own version and leaves out closed cycles', async () => {
		const open = await created(
			admin.kent,
			cycle('Open for types', { mainstream: v.catie, early_years: v.early })
		);
		const shut = await created(admin.kent, cycle('Closed for types', { mainstream: v.core2 }));
		const shutNow = await read(shut);
		await updateCycle(admin.kent, shut, shutNow.version, {
			...cycleFormValues(shutNow),
			status: 'closed'
		});
		const forType = (type: SettingType) =>
			inTenant(admin.kent, (tx) => openCyclesForSetting(tx, type, { lock: true }));
		const mainstream = await forType('mainstream');
		expect(mainstream.find((c) => c.id === open)).toMatchObject({
			id: open,
			name: 'Open for types',
			deadline: nextYear,
			versionId: v.catie
		});
		expect(mainstream.map((c) => c.id)).not.toContain(shut);
		expect((await forType('early_years')).find((c) => c.id === open)?.versionId).toBe(v.early);
		expect((await forType('special')).map((c) => c.id)).not.toContain(open);
		const northbury = await inTenant(admin.northbury, (tx) =>
			openCyclesForSetting(tx, 'mainstream')
		);
		expect(northbury.map((c) => c.id)).not.toContain(open);
	});
});

describe('the form schema', () => {
	const form = (values: Partial<CycleForm>): CycleForm => ({
		...cycle('Pilot 2026/27', { mainstream: '0b8f9a52-4a43-4c54-9a7c-3a0f0f5b0a11' }),
		status: 'open',
		version: 0,
		...values
	});
	const errors = (values: Partial<CycleForm>) =>
		cycleFormSchema.safeParse(form(values)).error?.issues.map((i) => [i.path.join('.'), i.message]);

	it('reads the deadline as a date, and a British one typed by hand', () => {
		expect(errors({ deadline: '' })).toEqual([['deadline', 'Enter the deadline']]);
		expect(errors({ deadline: 'next July' })).toEqual([
			['deadline', 'Enter the deadline as a date, like 31/07/2027']
		]);
		expect(errors({ deadline: '2027-06-31' })).toEqual([
			['deadline', 'Enter the deadline as a date, like 31/07/2027']
		]);
		expect(cycleFormSchema.parse(form({ deadline: '1/7/2099' })).deadline).toBe('2099-07-01');
	});

	it('allows a past deadline only on a cycle being changed', () => {
		expect(errors({ deadline: '2020-07-31' })).toEqual([
			['deadline', 'The deadline must be today or later']
		]);
		expect(errors({ deadline: todayInEngland() })).toBeUndefined();
		expect(errors({ deadline: '2020-07-31', version: 3 })).toBeUndefined();
	});

	it('needs a name and a framework for at least one type', () => {
		expect(errors({ name: ' ', framework_mainstream: '', framework_pru: 'x' })).toEqual([
			['name', 'Enter a name for the cycle, like 2026/27'],
			['framework_pru', 'Select a framework from the list']
		]);
		expect(errors({ framework_mainstream: '' })).toEqual([
			['framework_mainstream', NO_FRAMEWORK_MESSAGE]
		]);
		expect(errors({ name: 'x'.repeat(61) })).toEqual([
			['name', 'Name must be 60 characters or fewer']
		]);
	});
});
