import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { FrameworkFile } from '../../src/lib/schemas/framework-file';
import type { Scope } from '../../src/lib/server/auth/guards';
import { asSystem } from '../../src/lib/server/db/system';
import { createTenantWithAdmin } from '../../src/lib/server/services/platform';
import {
	appUser,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion
} from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import {
	parseFrameworkFile,
	readablePath,
	readFrameworkFile,
	writeFrameworkFile
} from '../../src/lib/server/services/framework-files';
import {
	addCriterion,
	addSection,
	deleteCriterion,
	deleteSection,
	moveCriterion,
	moveSection,
	updateCriterion,
	updateScale,
	updateSection
} from '../../src/lib/server/services/framework-content';
import {
	createDraft,
	deleteDraft,
	exportVersion,
	getVersion,
	importFile,
	listFrameworks,
	publish,
	publishProblems,
	retire,
	updateDetails
} from '../../src/lib/server/services/frameworks';
import { useTestDatabase } from './support/database';
import { latestAudit, useAdminScopes } from './support/fixtures';
import { atOnce } from './support/races';

const db = useTestDatabase();
const admin = useAdminScopes();

/** A small complete file: two sections, three criteria, a three-level scale. */
const sample = (key = 'sample'): FrameworkFile => ({
	format: 'inclusio-framework',
	formatVersion: 1,
	framework: { key, name: `Sample ${key}`, description: 'For tests.' },
	version: { label: 'First', notes: 'Written for the tests.' },
	scale: [
		{ value: 1, label: 'Not yet', colour: '#b3261e' },
		{ value: 2, label: 'Partly', colour: '#b25e09' },
		{ value: 3, label: 'Fully', colour: '#2e6b30' }
	],
	sections: [
		{
			code: 'S1',
			title: 'Leadership',
			description: '',
			criteria: [
				{
					code: 'S1.1',
					title: 'Leaders put inclusion first',
					descriptors: ['No sign of it', 'Some of the time', 'All of the time'],
					statutory: true,
					areasOfNeed: [],
					settingTypes: ['mainstream', 'special']
				},
				{
					code: 'S1.2',
					title: 'Governors check on it',
					descriptors: ['Never', 'Yearly', 'Termly'],
					statutory: false,
					areasOfNeed: ['semh', 'cognition_learning'],
					settingTypes: ['mainstream']
				}
			]
		},
		{
			code: 'S2',
			title: 'Teaching',
			description: 'In every classroom.',
			criteria: [
				{
					code: 'S2.1',
					title: 'Teaching adapts to need',
					descriptors: ['Rarely', 'Often', 'Always'],
					statutory: false,
					areasOfNeed: ['communication_interaction'],
					settingTypes: ['early_years']
				}
			]
		}
	]
});

const versionsOf = async (scope: Scope, key: string) =>
	(await listFrameworks(scope)).find((f) => f.key === key)?.versions ?? [];

/** Writes a file for the scope's tenant as it would be imported, and returns the version id. */
async function written(scope: Scope, file: FrameworkFile, status: 'draft' | 'published') {
	const result = await inTenant(scope, (tx) =>
		writeFrameworkFile(tx, scope.tenantId, file, status)
	);
	if (!result.ok) throw new Error(`could not write ${file.framework.key}`);
	return result.versionId;
}

const head = async (scope: Scope, id: string) => {
	const v = await getVersion(scope, id);
	if (!v) throw new Error(`no version ${id}`);
	return v;
};

const contentRows = (scope: Scope) =>
	inTenant(scope, async (tx) => {
		const [[f], [v], [s], [c]] = await Promise.all([
			tx.select({ n: count() }).from(framework),
			tx.select({ n: count() }).from(frameworkVersion),
			tx.select({ n: count() }).from(frameworkSection),
			tx.select({ n: count() }).from(frameworkCriterion)
		]);
		return [f?.n, v?.n, s?.n, c?.n];
	});

describe('the starter frameworks', () => {
	it('are installed, published, in each demo tenant', async () => {
		for (const scope of [admin.kent, admin.northbury]) {
			const list = await listFrameworks(scope);
			expect(list.map((f) => f.key).sort()).toEqual(['catie', 'early-years', 'mcs']);
			const criteria = (key: string) => {
				const [only, ...more] = list.find((f) => f.key === key)!.versions;
				expect(more).toEqual([]);
				expect(only).toMatchObject({ number: 1, status: 'published' });
				expect(only!.publishedAt).toBeInstanceOf(Date);
				return only!.criteria;
			};
			expect(criteria('mcs')).toBeGreaterThanOrEqual(60);
			expect(criteria('mcs')).toBeLessThanOrEqual(90);
			expect(criteria('catie')).toBeGreaterThanOrEqual(15);
			expect(criteria('catie')).toBeLessThanOrEqual(30);
			expect(criteria('early-years')).toBeGreaterThanOrEqual(30);
			expect(criteria('early-years')).toBeLessThanOrEqual(60);
		}
	});

	it('are each tenant’s own rows', async () => {
		const [kentMcs] = await versionsOf(admin.kent, 'mcs');
		const [northburyMcs] = await versionsOf(admin.northbury, 'mcs');
		expect(kentMcs!.id).not.toBe(northburyMcs!.id);
		expect(await getVersion(admin.northbury, kentMcs!.id)).toBeNull();
	});
});

describe('a framework file', () => {
	it('reads back exactly as it was written', async () => {
		const file = sample('round-trip');
		const id = await written(admin.kent, file, 'published');
		expect(await inTenant(admin.kent, (tx) => readFrameworkFile(tx, id))).toEqual(file);
	});

	it('exports as a download named by key and version number', async () => {
		const [mcs] = await versionsOf(admin.kent, 'mcs');
		const out = await exportVersion(admin.kent, mcs!.id);
		expect(out?.filename).toBe('mcs-v1.json');
		const again = parseFrameworkFile(out!.json);
		expect(again.ok).toBe(true);
		expect(await exportVersion(admin.northbury, mcs!.id)).toBeNull();
	});

	it('reads paths the way people write them', () => {
		expect(readablePath(['sections', 2, 'criteria', 0, 'descriptors'])).toBe(
			'sections[2].criteria[0].descriptors'
		);
		expect(readablePath([])).toBe('');
	});
});

describe('a draft from a published version', () => {
	let published: string;
	let draft: string;

	it('copies the scale, sections and criteria', async () => {
		published = await written(admin.kent, sample('copied'), 'published');
		const result = await createDraft(admin.kent, published);
		if (!result.ok) throw new Error(result.reason);
		draft = result.id;
		const [from, to] = await Promise.all([
			inTenant(admin.kent, (tx) => readFrameworkFile(tx, published)),
			inTenant(admin.kent, (tx) => readFrameworkFile(tx, draft))
		]);
		expect(to).toEqual(from);
		const view = await head(admin.kent, draft);
		expect(view).toMatchObject({ number: 2, status: 'draft', basedOn: { id: published } });
		expect((await latestAudit(admin.kent, 'framework.draft-created'))?.subject).toBe(
			'Sample copied, version 2'
		);
	});

	it('cannot be started twice: the second is told which draft exists', async () => {
		expect(await createDraft(admin.kent, published)).toEqual({
			ok: false,
			reason: 'draft-exists',
			draft: { id: draft, number: 2, label: 'First' }
		});
		expect((await head(admin.kent, published)).draft?.id).toBe(draft);
		expect(await createDraft(admin.kent, draft)).toEqual({ ok: false, reason: 'is-draft' });
	});

	it('takes edits, each moving its version on', async () => {
		let v = (await head(admin.kent, draft)).version;
		const details = await updateDetails(admin.kent, draft, v, {
			label: 'Second',
			notes: 'Changed.'
		});
		expect(details).toEqual({ ok: true, id: draft });
		const after = await head(admin.kent, draft);
		expect(after).toMatchObject({ label: 'Second', notes: 'Changed.', version: v + 1 });
		v = after.version;

		const section = await addSection(admin.kent, draft, v, {
			code: 'S3',
			title: 'Transition',
			description: ''
		});
		if (!section.ok) throw new Error(section.reason);
		v += 1;
		const criterion = await addCriterion(admin.kent, draft, v, {
			sectionId: section.id,
			code: 'S3.1',
			title: 'Moves between phases are planned',
			descriptors: ['a', 'b', 'c'],
			statutory: false,
			areasOfNeed: [],
			settingTypes: ['mainstream']
		});
		if (!criterion.ok) throw new Error(criterion.reason);
		v += 1;
		expect(
			await updateSection(admin.kent, draft, section.id, v, {
				code: 'S3',
				title: 'Transition and transfer',
				description: 'Between phases.'
			})
		).toEqual({ ok: true, id: section.id });
		v += 1;
		expect(await moveSection(admin.kent, draft, section.id, v, 'up')).toEqual({
			ok: true,
			id: section.id
		});
		v += 1;
		let view = await head(admin.kent, draft);
		expect(view.sections.map((s) => s.code)).toEqual(['S1', 'S3', 'S2']);
		expect(view.version).toBe(v);

		const s11 = view.sections[0]!.criteria[0]!;
		expect(await moveCriterion(admin.kent, draft, s11.id, v, 'down')).toMatchObject({ ok: true });
		v += 1;
		// Moving past the end changes nothing and leaves the version alone.
		expect(await moveCriterion(admin.kent, draft, s11.id, v, 'down')).toMatchObject({ ok: true });
		view = await head(admin.kent, draft);
		expect(view.sections[0]!.criteria.map((c) => c.code)).toEqual(['S1.2', 'S1.1']);
		expect(view.version).toBe(v);

		expect(
			await updateCriterion(admin.kent, draft, s11.id, v, {
				sectionId: view.sections[2]!.id,
				code: 'S2.0',
				title: 'Leaders put inclusion first',
				descriptors: ['x', 'y', 'z'],
				statutory: true,
				areasOfNeed: ['semh'],
				settingTypes: ['special']
			})
		).toEqual({ ok: true, id: s11.id });
		v += 1;
		view = await head(admin.kent, draft);
		expect(view.sections[2]!.criteria.map((c) => c.code)).toEqual(['S2.1', 'S2.0']);

		expect(await deleteCriterion(admin.kent, draft, criterion.id, v)).toMatchObject({ ok: true });
		v += 1;
		expect(await deleteSection(admin.kent, draft, section.id, v)).toMatchObject({ ok: true });
		v += 1;
		view = await head(admin.kent, draft);
		expect(view.sections.map((s) => s.code)).toEqual(['S1', 'S2']);
		expect(view.version).toBe(v);
		expect((await latestAudit(admin.kent, 'framework.section-deleted'))?.detail).toMatchObject({
			before: { code: 'S3', criteria: [] }
		});
	});

	it('refuses codes used twice in the version', async () => {
		const view = await head(admin.kent, draft);
		expect(
			await addSection(admin.kent, draft, view.version, {
				code: 's1',
				title: 'Again',
				description: ''
			})
		).toMatchObject({ ok: false, reason: 'invalid', field: 'code' });
		expect(
			await addCriterion(admin.kent, draft, view.version, {
				sectionId: view.sections[0]!.id,
				code: 'S2.1',
				title: 'Again',
				descriptors: ['', '', ''],
				statutory: false,
				areasOfNeed: [],
				settingTypes: ['mainstream']
			})
		).toMatchObject({ ok: false, reason: 'invalid', field: 'code' });
		expect(
			await addCriterion(admin.kent, draft, view.version, {
				sectionId: view.sections[0]!.id,
				code: 'S9.9',
				title: 'Too few descriptors',
				descriptors: ['', ''],
				statutory: false,
				areasOfNeed: [],
				settingTypes: ['mainstream']
			})
		).toMatchObject({ ok: false, reason: 'invalid', field: 'descriptors' });
		// Refusals change nothing, so the form's version is still good.
		expect((await head(admin.kent, draft)).version).toBe(view.version);
	});

	it('refuses a save made from a stale form, saying what is saved now', async () => {
		const view = await head(admin.kent, draft);
		const stale = view.version - 1;
		expect(await updateDetails(admin.kent, draft, stale, { label: 'Mine', notes: '' })).toEqual({
			ok: false,
			reason: 'conflict',
			version: view.version,
			current: { label: view.label, notes: view.notes }
		});
		const section = view.sections[0]!;
		expect(
			await updateSection(admin.kent, draft, section.id, stale, {
				code: 'S1',
				title: 'Mine',
				description: ''
			})
		).toEqual({
			ok: false,
			reason: 'conflict',
			version: view.version,
			current: { code: 'S1', title: section.title, description: section.description }
		});
		const criterion = section.criteria[0]!;
		expect(
			await updateCriterion(admin.kent, draft, criterion.id, stale, {
				sectionId: section.id,
				code: criterion.code,
				title: 'Mine',
				descriptors: ['', '', ''],
				statutory: false,
				areasOfNeed: [],
				settingTypes: ['mainstream']
			})
		).toMatchObject({ ok: false, reason: 'conflict', current: { title: criterion.title } });
		expect(await moveSection(admin.kent, draft, section.id, stale, 'down')).toMatchObject({
			reason: 'conflict'
		});
		expect(await deleteDraft(admin.kent, draft, stale)).toMatchObject({ reason: 'conflict' });
		expect(await publish(admin.kent, draft, stale)).toMatchObject({ reason: 'conflict' });
		expect(await head(admin.kent, draft)).toMatchObject({
			label: view.label,
			version: view.version,
			status: 'draft'
		});
	});

	it('keeps one descriptor per level as levels are added and removed', async () => {
		let view = await head(admin.kent, draft);
		const levels = view.scale.map(({ label, colour }) => ({ label, colour }));
		const added = await updateScale(admin.kent, draft, view.version, [
			...levels,
			{ label: 'Beyond', colour: '#1d4f91' }
		]);
		expect(added).toEqual({ ok: true, id: draft });
		view = await head(admin.kent, draft);
		expect(view.scale.map((l) => l.value)).toEqual([1, 2, 3, 4]);
		for (const c of view.sections.flatMap((s) => s.criteria)) {
			expect(c.descriptors).toHaveLength(4);
			expect(c.descriptors[3]).toBe('');
		}
		// The new level's descriptors are blank, so the draft cannot be published yet.
		const problems = await publishProblems(admin.kent, draft);
		expect(problems?.length).toBe(3);
		expect(problems?.[0]).toMatchObject({
			path: 'sections[0].criteria[0].descriptors[3]',
			criterionId: view.sections[0]!.criteria[0]!.id
		});
		expect(problems?.[0]?.where).toMatch(/level 4 \(Beyond\)$/);
		expect(await publish(admin.kent, draft, view.version)).toMatchObject({
			ok: false,
			reason: 'problems'
		});

		const removed = await updateScale(admin.kent, draft, view.version, levels);
		expect(removed).toEqual({ ok: true, id: draft });
		view = await head(admin.kent, draft);
		expect(view.sections.flatMap((s) => s.criteria.map((c) => c.descriptors))).toEqual([
			['Never', 'Yearly', 'Termly'],
			['Rarely', 'Often', 'Always'],
			['x', 'y', 'z']
		]);
		expect(await updateScale(admin.kent, draft, view.version, levels.slice(0, 1))).toMatchObject({
			reason: 'invalid'
		});
	});

	it('publishes once complete, and then never changes', async () => {
		let view = await head(admin.kent, draft);
		expect(await publishProblems(admin.kent, draft)).toEqual([]);
		expect(await publish(admin.kent, draft, view.version)).toEqual({ ok: true, id: draft });
		view = await head(admin.kent, draft);
		expect(view.status).toBe('published');
		expect(view.publishedAt).toBeInstanceOf(Date);
		expect(await publishProblems(admin.kent, draft)).toBeNull();

		const refused = { ok: false, reason: 'not-draft', status: 'published' };
		const section = view.sections[0]!;
		const criterion = section.criteria[0]!;
		expect(
			await updateDetails(admin.kent, draft, view.version, { label: 'Late', notes: '' })
		).toEqual(refused);
		expect(
			await updateSection(admin.kent, draft, section.id, view.version, {
				code: 'S1',
				title: 'Late',
				description: ''
			})
		).toEqual(refused);
		expect(await deleteCriterion(admin.kent, draft, criterion.id, view.version)).toEqual(refused);
		expect(await deleteDraft(admin.kent, draft, view.version)).toEqual(refused);
		expect(
			await updateScale(admin.kent, draft, view.version, [
				{ label: 'A', colour: '#000000' },
				{ label: 'B', colour: '#ffffff' }
			])
		).toEqual(refused);
	});

	it('is held by the database too: a direct change by the app role is refused', async () => {
		const view = await head(admin.kent, draft);
		const criterion = view.sections[0]!.criteria[0]!;
		const refusedWith55000 = async (statement: ReturnType<typeof sql>) => {
			const failure = await inTenant(admin.kent, (tx) => tx.execute(statement)).then(
				() => null,
				(e: unknown) => e
			);
			let code: unknown;
			for (let e = failure; e && typeof e === 'object'; e = (e as Error).cause)
				code ??= (e as { code?: unknown }).code;
			expect(code).toBe('55000');
		};
		await refusedWith55000(
			sql`update framework_criterion set title = 'Changed' where id = ${criterion.id}`
		);
		await refusedWith55000(sql`delete from framework_criterion where id = ${criterion.id}`);
		await refusedWith55000(
			sql`insert into framework_section (tenant_id, version_id, position, code, title)
				values (${admin.kent.tenantId}, ${draft}, 9, 'S9', 'Sneaked in')`
		);
		await refusedWith55000(sql`update framework_version set label = 'Changed' where id = ${draft}`);
		const after = await head(admin.kent, draft);
		expect(after.sections[0]!.criteria[0]!.title).toBe(criterion.title);
		expect(after.label).toBe(view.label);
	});

	it('retires a published version only', async () => {
		expect(await retire(admin.kent, draft)).toEqual({ ok: true, id: draft });
		const view = await head(admin.kent, draft);
		expect(view.status).toBe('retired');
		expect(view.retiredAt).toBeInstanceOf(Date);
		expect(await retire(admin.kent, draft)).toEqual({
			ok: false,
			reason: 'not-published',
			status: 'retired'
		});
		// A retired version can still be copied into a new draft.
		const next = await createDraft(admin.kent, draft);
		expect(next).toMatchObject({ ok: true });
		if (next.ok) {
			expect(await retire(admin.kent, next.id)).toMatchObject({ reason: 'not-published' });
			const v = (await head(admin.kent, next.id)).version;
			expect(await deleteDraft(admin.kent, next.id, v)).toMatchObject({ ok: true });
			expect(await getVersion(admin.kent, next.id)).toBeNull();
		}
	});
});

describe('two people at once', () => {
	it('start one draft between them: the second is told about the first', async () => {
		const published = await written(admin.kent, sample('raced'), 'published');
		const results = await atOnce(
			db.handle.db,
			(tx) => tx.execute(sql`select 1 from framework where key = 'raced' for update`),
			[() => createDraft(admin.kent, published), () => createDraft(admin.kent, published)]
		);
		expect(results.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['draft-exists', 'ok']);
	});

	it('save one change to a draft: the other gets a conflict, not an overwrite', async () => {
		const [raced] = await versionsOf(admin.kent, 'raced');
		const draft = raced!.status === 'draft' ? raced! : null;
		if (!draft) throw new Error('no draft to race on');
		const { version } = await head(admin.kent, draft.id);
		const results = await atOnce(
			db.handle.db,
			(tx) => tx.execute(sql`select 1 from framework_version where id = ${draft.id} for update`),
			[
				() => updateDetails(admin.kent, draft.id, version, { label: 'Mine', notes: '' }),
				() => updateDetails(admin.kent, draft.id, version, { label: 'Theirs', notes: '' })
			]
		);
		expect(results[0]).toEqual({ ok: true, id: draft.id });
		expect(results[1]).toMatchObject({
			ok: false,
			reason: 'conflict',
			current: { label: 'Mine' }
		});
		expect((await head(admin.kent, draft.id)).label).toBe('Mine');
	});
});

describe('another tenant', () => {
	it('finds none of Kent’s versions, sections or criteria', async () => {
		const [mcs] = await versionsOf(admin.kent, 'mcs');
		const draft = await createDraft(admin.kent, mcs!.id);
		if (!draft.ok) throw new Error(draft.reason);
		const view = await head(admin.kent, draft.id);
		const section = view.sections[0]!;
		const criterion = section.criteria[0]!;
		const n = admin.northbury;
		expect(await getVersion(n, draft.id)).toBeNull();
		expect(await createDraft(n, mcs!.id)).toEqual({ ok: false, reason: 'not-found' });
		expect(await updateDetails(n, draft.id, view.version, { label: 'x', notes: '' })).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await moveSection(n, draft.id, section.id, view.version, 'down')).toMatchObject({
			reason: 'not-found'
		});
		expect(await deleteCriterion(n, draft.id, criterion.id, view.version)).toMatchObject({
			reason: 'not-found'
		});
		expect(await publish(n, draft.id, view.version)).toMatchObject({ reason: 'not-found' });
		expect(await retire(n, mcs!.id)).toMatchObject({ reason: 'not-found' });
		expect(await deleteDraft(n, draft.id, view.version)).toMatchObject({ reason: 'not-found' });
		expect(await publishProblems(n, draft.id)).toBeNull();
		// Nor does a section of Kent's draft fit into Northbury's own draft.
		const [theirs] = await versionsOf(n, 'catie');
		const own = await createDraft(n, theirs!.id);
		if (!own.ok) throw new Error(own.reason);
		const ownVersion = (await head(n, own.id)).version;
		expect(
			await updateSection(n, own.id, section.id, ownVersion, {
				code: 'X',
				title: 'x',
				description: ''
			})
		).toMatchObject({ reason: 'not-found' });
		expect(await getVersion(admin.kent, own.id)).toBeNull();
		expect(await deleteDraft(n, own.id, ownVersion)).toMatchObject({ ok: true });
		expect(await deleteDraft(admin.kent, draft.id, view.version)).toMatchObject({ ok: true });
	});
});

describe('importing a file', () => {
	it('writes a valid file as a new draft of a new framework', async () => {
		const before = await contentRows(admin.kent);
		const result = await importFile(admin.kent, JSON.stringify(sample('imported')));
		expect(result).toMatchObject({ ok: true, number: 1, newFramework: true });
		if (!result.ok) return;
		const view = await head(admin.kent, result.id);
		expect(view).toMatchObject({ status: 'draft', label: 'First' });
		expect(view.sections.flatMap((s) => s.criteria)).toHaveLength(3);
		const after = await contentRows(admin.kent);
		expect(after).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 2, before[3]! + 3]);
		expect((await latestAudit(admin.kent, 'framework.imported'))?.subject).toBe(
			'Sample imported, version 1'
		);
	});

	it('adds a file whose key is known as the next version, unless a draft is open', async () => {
		const [mcs] = await versionsOf(admin.kent, 'mcs');
		const file = await inTenant(admin.kent, (tx) => readFrameworkFile(tx, mcs!.id));
		const first = await importFile(admin.kent, new TextEncoder().encode(JSON.stringify(file)));
		expect(first).toMatchObject({ ok: true, number: 2, newFramework: false });
		const second = await importFile(admin.kent, JSON.stringify(file));
		expect(second).toMatchObject({
			ok: false,
			reason: 'draft-exists',
			draft: { number: 2 }
		});
		if (first.ok) {
			const v = (await head(admin.kent, first.id)).version;
			await deleteDraft(admin.kent, first.id, v);
		}
	});

	it('reports every problem of a bad file by path, and writes nothing', async () => {
		const before = await contentRows(admin.kent);
		const file = sample('broken') as unknown as {
			scale: { label: string; colour: string }[];
			sections: {
				title: string;
				criteria: { descriptors: string[]; settingTypes: string[]; extra?: number }[];
			}[];
		};
		file.scale[1]!.colour = 'red';
		file.sections[0]!.title = '  ';
		file.sections[0]!.criteria[1]!.descriptors[2] = '';
		file.sections[1]!.criteria[0]!.settingTypes = ['nursery'];
		file.sections[1]!.criteria[0]!.extra = 1;
		const result = await importFile(admin.kent, JSON.stringify(file));
		if (result.ok || result.reason !== 'problems') throw new Error('imported a broken file');
		expect(result.problems.map((p) => p.path)).toEqual([
			'scale[1].colour',
			'sections[0].title',
			'sections[0].criteria[1].descriptors[2]',
			'sections[1].criteria[0].settingTypes[0]',
			'sections[1].criteria[0]'
		]);
		expect(result.problems.at(-1)?.message).toMatch(/unexpected field "extra"/);
		expect(await contentRows(admin.kent)).toEqual(before);
	});

	it('reports every rule that spans fields: codes used twice, descriptor counts', async () => {
		const before = await contentRows(admin.kent);
		const file = sample('clashing');
		file.sections[1]!.code = 's1';
		file.sections[1]!.criteria[0]!.code = 'S1.1';
		file.sections[0]!.criteria[1]!.descriptors = ['only one'];
		const result = await importFile(admin.kent, JSON.stringify(file));
		if (result.ok || result.reason !== 'problems') throw new Error('imported a broken file');
		expect(result.problems).toEqual([
			{
				path: 'sections[0].criteria[1].descriptors',
				message: 'needs one descriptor for each of the 3 scale levels, found 1'
			},
			{ path: 'sections[1].code', message: 'section code s1 is used twice' },
			{ path: 'sections[1].criteria[0].code', message: 'criterion code S1.1 is used twice' }
		]);
		expect(await contentRows(admin.kent)).toEqual(before);
	});

	it('names a missing field, and a file that is not JSON by line and column', async () => {
		const missing = sample('missing') as Partial<FrameworkFile>;
		delete missing.version;
		const noVersion = await importFile(admin.kent, JSON.stringify(missing));
		expect(noVersion).toMatchObject({
			ok: false,
			problems: [{ path: 'version', message: 'version is missing' }]
		});
		const broken = await importFile(admin.kent, '{\n  "format": "inclusio-framework",\n  }');
		expect(broken).toMatchObject({ ok: false, reason: 'problems' });
		if (!broken.ok && broken.reason === 'problems') {
			expect(broken.problems).toHaveLength(1);
			expect(broken.problems[0]!.message).toMatch(/not valid JSON at line 3, column 3/);
		}
		expect(await importFile(admin.kent, '')).toMatchObject({
			problems: [{ message: 'the file is empty' }]
		});
		expect(await importFile(admin.kent, new Uint8Array([0xff, 0xfe, 0x00]))).toMatchObject({
			problems: [{ message: 'the file is not UTF-8 text' }]
		});
	});
});

describe('a new tenant', () => {
	it('gets the starter frameworks, published', async () => {
		const [platform] = await asSystem('account', (tx) =>
			tx.select().from(appUser).where(eq(appUser.email, 'platform@inclusio.test'))
		);
		const created = await createTenantWithAdmin(
			{
				userId: platform!.id,
				email: platform!.email,
				ipAddress: '127.0.0.1',
				userAgent: 'vitest',
				requestId: 'test'
			},
			{
				name: 'Eastshire Council',
				slug: 'eastshire',
				laCode: '801',
				requireAdminMfa: false,
				adminName: 'Ada Admin',
				adminEmail: 'admin@eastshire.test',
				origin: 'https://inclusio.example'
			}
		);
		if (!created.ok) throw new Error(created.message);
		const versions = await asSystem('platform-admin', (tx) =>
			tx
				.select({ key: framework.key, status: frameworkVersion.status })
				.from(frameworkVersion)
				.innerJoin(framework, eq(framework.id, frameworkVersion.frameworkId))
				.where(eq(frameworkVersion.tenantId, created.tenantId))
				.orderBy(framework.key)
		);
		expect(versions).toEqual([
			{ key: 'catie', status: 'published' },
			{ key: 'early-years', status: 'published' },
			{ key: 'mcs', status: 'published' }
		]);
	});
});
