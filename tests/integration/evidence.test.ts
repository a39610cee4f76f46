import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCALE } from '../../src/lib/domain/framework';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	evaluationCycle,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	selfEvaluation
} from '../../src/lib/server/db/schema';
import { asSystem } from '../../src/lib/server/db/system';
import { inTenant } from '../../src/lib/server/db/tenant';
import { grantMembership, insertUser } from '../../src/lib/server/services/accounts';
import {
	addEvidenceFile,
	addEvidenceLink,
	evidenceFile,
	evidenceForCriterion,
	listEvidence,
	removeEvidence
} from '../../src/lib/server/services/evidence';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor } from './support/fixtures';
import { atOnce } from './support/races';

const db = useTestDatabase();

const who = {} as Record<
	'senco' | 'head' | 'staff' | 'otherStaff' | 'riverside' | 'northbury',
	Scope
>;
const ids = { evaluation: '', criterion: '', otherCriterion: '' };

/** Adds someone to Oakfield Primary School with a staff role. */
async function addStaff(email: string, name: string, oakfield: Scope) {
	await asSystem('account', async (tx) => {
		const user = await insertUser(tx, { email, name, passwordHash: null });
		await grantMembership(
			tx,
			oakfield.tenantId,
			user.id,
			oakfield.membership.organisationId,
			'staff'
		);
	});
	return scopeFor(email);
}

/**
 * A published framework of one criterion, a cycle, and Oakfield's self-evaluation pinned
 * to that version; plus a draft second version whose criterion the evaluation does not use.
 */
async function buildEvaluation(senco: Scope) {
	await inTenant(senco, async (tx) => {
		const tenantId = senco.tenantId;
		const [fw] = await tx
			.insert(framework)
			.values({ tenantId, key: 'test-evidence', name: 'Evidence test standards' })
			.returning();
		const version = async (number: number) => {
			const [v] = await tx
				.insert(frameworkVersion)
				.values({
					tenantId,
					frameworkId: fw!.id,
					number,
					label: `v${number}`,
					scale: DEFAULT_SCALE
				})
				.returning();
			const [section] = await tx
				.insert(frameworkSection)
				.values({ tenantId, versionId: v!.id, position: 1, code: 'S1', title: 'Teaching' })
				.returning();
			const [criterion] = await tx
				.insert(frameworkCriterion)
				.values({
					tenantId,
					versionId: v!.id,
					sectionId: section!.id,
					position: 1,
					code: 'S1.1',
					title: 'Lessons are adapted for pupils with SEND',
					descriptors: ['Rarely', 'Sometimes', 'Usually', 'Always'],
					settingTypes: ['mainstream']
				})
				.returning();
			return { versionId: v!.id, criterionId: criterion!.id };
		};
		const first = await version(1);
		await tx
			.update(frameworkVersion)
			.set({ status: 'published', publishedAt: new Date() })
			.where(eq(frameworkVersion.id, first.versionId));
		const second = await version(2);
		const [cycle] = await tx
			.insert(evaluationCycle)
			.values({ tenantId, name: 'Evidence test cycle', deadline: '2027-07-16' })
			.returning();
		const [evaluation] = await tx
			.insert(selfEvaluation)
			.values({
				tenantId,
				cycleId: cycle!.id,
				settingId: senco.membership.organisationId,
				versionId: first.versionId
			})
			.returning();
		ids.evaluation = evaluation!.id;
		ids.criterion = first.criterionId;
		ids.otherCriterion = second.criterionId;
	});
}

async function setStatus(status: 'in_progress' | 'submitted' | 'signed_off') {
	await inTenant(who.senco, (tx) =>
		tx.update(selfEvaluation).set({ status }).where(eq(selfEvaluation.id, ids.evaluation))
	);
}

beforeAll(async () => {
	who.senco = await scopeFor('senco@kent.test');
	who.head = await scopeFor('head@kent.test');
	who.riverside = await scopeFor('reviewer@kent.test');
	who.northbury = await scopeFor('senco@northbury.test');
	who.staff = await addStaff('teacher.one@kent.test', 'Tara Teacher', who.senco);
	who.otherStaff = await addStaff('teacher.two@kent.test', 'Owen Assistant', who.senco);
	await buildEvaluation(who.senco);
});

const PDF = new TextEncoder().encode(
	'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
);
const PNG = Uint8Array.from(
	Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')
);
const fileOf = (bytes: Uint8Array, name: string, type = 'application/octet-stream') =>
	new File([bytes as Uint8Array<ArrayBuffer>], name, { type });

const addFile = (scope: Scope, file: File, title = '') =>
	addEvidenceFile(scope, ids.evaluation, ids.criterion, { title, file });

const listed = () => inTenant(who.senco, (tx) => listEvidence(tx, ids.evaluation, ids.criterion));

describe('adding files', () => {
	it('accepts a PDF, stores the type its bytes show, and gives back the exact bytes', async () => {
		const result = await addFile(who.senco, fileOf(PDF, 'SEN policy.pdf', 'text/html'));
		if (!result.ok) throw new Error(`PDF refused: ${JSON.stringify(result)}`);

		const item = (await listed()).find((e) => e.id === result.id);
		expect(item).toMatchObject({
			kind: 'file',
			title: 'SEN policy.pdf',
			fileName: 'SEN policy.pdf',
			typeLabel: 'PDF',
			byteSize: PDF.byteLength,
			url: null,
			addedByName: 'Sam Patel'
		});
		expect(item).not.toHaveProperty('content');

		const download = await evidenceFile(who.head, ids.evaluation, result.id);
		expect(download?.mediaType).toBe('application/pdf');
		expect(download?.fileName).toBe('SEN policy.pdf');
		expect(Buffer.from(download!.content).equals(Buffer.from(PDF))).toBe(true);

		const audit = await latestAudit(who.senco, 'evidence.added');
		expect(audit).toMatchObject({ subject: 'SEN policy.pdf', actorEmail: 'senco@kent.test' });
		expect(audit?.detail).toMatchObject({
			kind: 'file',
			mediaType: 'application/pdf',
			criterion: 'S1.1'
		});
	});

	it('keeps a title when one is given', async () => {
		const result = await addFile(who.senco, fileOf(PNG, 'walk.png'), '  Learning walk photo ');
		expect(result.ok).toBe(true);
		expect((await listed()).map((e) => e.title)).toContain('Learning walk photo');
	});

	it('refuses HTML, whatever its name says', async () => {
		const html = new TextEncoder().encode('<!doctype html><script>alert(document.cookie)</script>');
		expect(await addFile(who.senco, fileOf(html, 'report.pdf', 'application/pdf'))).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'file',
			message:
				'The selected file must be a PDF, a Word document, an Excel spreadsheet, or a PNG, JPEG, GIF or WebP image'
		});
		const svg = new TextEncoder().encode(
			'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'
		);
		expect(await addFile(who.senco, fileOf(svg, 'logo.png'))).toMatchObject({ reason: 'invalid' });
	});

	it('refuses a PNG renamed .pdf', async () => {
		const result = await addFile(who.senco, fileOf(PNG, 'scan.pdf', 'application/pdf'));
		expect(result).toMatchObject({ ok: false, reason: 'invalid', field: 'file' });
		if (result.ok || result.reason !== 'invalid') return;
		expect(result.message).toMatch(/ends in \.pdf but the file is a PNG image/);
	});

	it('refuses a file over 10 MB, and an empty one', async () => {
		const big = new Uint8Array(10 * 1024 * 1024 + 1);
		big.set(PDF);
		expect(await addFile(who.senco, fileOf(big, 'big.pdf'))).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'file',
			message: 'The selected file must be 10 MB or smaller'
		});
		expect(await addFile(who.senco, fileOf(new Uint8Array(0), 'empty.pdf'))).toMatchObject({
			reason: 'invalid',
			message: 'The selected file is empty'
		});
	});
});

describe('adding links', () => {
	it('adds web pages only', async () => {
		const add = (url: string) =>
			addEvidenceLink(who.head, ids.evaluation, ids.criterion, { title: 'SEN report', url });
		const added = await add('https://oakfield.example.org/send-report');
		expect(added.ok).toBe(true);
		expect((await listed()).find((e) => added.ok && e.id === added.id)).toMatchObject({
			kind: 'link',
			url: 'https://oakfield.example.org/send-report',
			fileName: null,
			typeLabel: null,
			addedByName: 'Helen Carter'
		});
		expect(await add('javascript:alert(1)')).toMatchObject({ reason: 'invalid', field: 'url' });
		expect(await add('data:text/html,hi')).toMatchObject({ reason: 'invalid', field: 'url' });
	});
});

describe('who may add and remove', () => {
	it('lets staff add, and remove only what they added; the SENCO may remove anything', async () => {
		const staffPdf = await addFile(who.staff, fileOf(PDF, 'Lesson plan.pdf'));
		const ownLink = await addEvidenceLink(who.staff, ids.evaluation, ids.criterion, {
			title: 'Class blog',
			url: 'https://blog.example.org'
		});
		if (!staffPdf.ok || !ownLink.ok) throw new Error('staff could not add evidence');

		expect(await removeEvidence(who.otherStaff, ids.evaluation, staffPdf.id)).toEqual({
			ok: false,
			reason: 'not-allowed'
		});
		const page = await evidenceForCriterion(who.otherStaff, ids.evaluation, ids.criterion);
		expect(page?.items.find((e) => e.id === staffPdf.id)?.canRemove).toBe(false);
		expect(
			(await evidenceForCriterion(who.staff, ids.evaluation, ids.criterion))?.items.find(
				(e) => e.id === staffPdf.id
			)?.canRemove
		).toBe(true);

		expect(await removeEvidence(who.staff, ids.evaluation, ownLink.id)).toEqual({
			ok: true,
			title: 'Class blog'
		});
		expect(await removeEvidence(who.senco, ids.evaluation, staffPdf.id)).toEqual({
			ok: true,
			title: 'Lesson plan.pdf'
		});
		expect((await listed()).map((e) => e.id)).not.toContain(staffPdf.id);
		expect(await latestAudit(who.senco, 'evidence.removed')).toMatchObject({
			subject: 'Lesson plan.pdf',
			actorEmail: 'senco@kent.test'
		});
		expect(await removeEvidence(who.senco, ids.evaluation, staffPdf.id)).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});

	it('changes nothing once the evaluation is submitted or signed off', async () => {
		const kept = await addFile(who.staff, fileOf(PDF, 'Kept.pdf'));
		if (!kept.ok) throw new Error('could not add evidence');
		try {
			for (const status of ['submitted', 'signed_off'] as const) {
				await setStatus(status);
				expect(await addFile(who.senco, fileOf(PDF, 'Late.pdf'))).toEqual({
					ok: false,
					reason: 'locked'
				});
				expect(
					await addEvidenceLink(who.head, ids.evaluation, ids.criterion, {
						title: 'Late link',
						url: 'https://example.org'
					})
				).toEqual({ ok: false, reason: 'locked' });
				expect(await removeEvidence(who.head, ids.evaluation, kept.id)).toEqual({
					ok: false,
					reason: 'locked'
				});
				const page = await evidenceForCriterion(who.senco, ids.evaluation, ids.criterion);
				expect(page?.editable).toBe(false);
				expect(page?.items.every((e) => !e.canRemove)).toBe(true);
				expect((await evidenceFile(who.staff, ids.evaluation, kept.id))?.fileName).toBe('Kept.pdf');
			}
		} finally {
			await setStatus('in_progress');
		}
	});
});

describe('a submission at the same moment', () => {
	it('is never followed by evidence added on the strength of the old status', async () => {
		const submit = () =>
			inTenant(who.head, (tx) =>
				tx
					.update(selfEvaluation)
					.set({ status: 'submitted' })
					.where(eq(selfEvaluation.id, ids.evaluation))
			);
		try {
			const [, added] = await atOnce(
				db.handle.db,
				(tx) =>
					tx.execute(sql`select 1 from self_evaluation where id = ${ids.evaluation} for update`),
				[submit, () => addFile(who.staff, fileOf(PDF, 'Racing.pdf'))]
			);
			expect(added).toEqual({ ok: false, reason: 'locked' });
			expect((await listed()).map((e) => e.title)).not.toContain('Racing.pdf');
		} finally {
			await setStatus('in_progress');
		}
	});
});

describe('other settings and tenants', () => {
	it('answers not found to another Kent setting and to the other tenant', async () => {
		const [file] = (await listed()).filter((e) => e.kind === 'file');
		if (!file) throw new Error('no file evidence');
		const before = (await listed()).length;
		for (const outsider of [who.riverside, who.northbury]) {
			expect(await evidenceForCriterion(outsider, ids.evaluation, ids.criterion)).toBeNull();
			expect(await addFile(outsider, fileOf(PDF, 'Sneaky.pdf'))).toEqual({
				ok: false,
				reason: 'not-found'
			});
			expect(
				await addEvidenceLink(outsider, ids.evaluation, ids.criterion, {
					title: 'Sneaky',
					url: 'https://example.org'
				})
			).toEqual({ ok: false, reason: 'not-found' });
			expect(await evidenceFile(outsider, ids.evaluation, file.id)).toBeNull();
			expect(await removeEvidence(outsider, ids.evaluation, file.id)).toEqual({
				ok: false,
				reason: 'not-found'
			});
		}
		// Row-level security alone keeps the other tenant's reads empty, whatever the ids.
		expect(
			await inTenant(who.northbury, (tx) => listEvidence(tx, ids.evaluation, ids.criterion))
		).toEqual([]);
		expect((await listed()).length).toBe(before);
	});

	it('answers not found for a criterion outside the evaluation’s framework version, or a bad id', async () => {
		const add = (criterionId: string) =>
			addEvidenceLink(who.senco, ids.evaluation, criterionId, {
				title: 'Wrong place',
				url: 'https://example.org'
			});
		expect(await add(ids.otherCriterion)).toEqual({ ok: false, reason: 'not-found' });
		expect(await add('not-an-id')).toEqual({ ok: false, reason: 'not-found' });
		expect(await evidenceForCriterion(who.senco, ids.evaluation, ids.otherCriterion)).toBeNull();
		expect(await evidenceForCriterion(who.senco, 'not-an-id', ids.criterion)).toBeNull();
		expect(await evidenceFile(who.senco, ids.evaluation, 'not-an-id')).toBeNull();
	});

	it('never serves a link as a file', async () => {
		const link = (await listed()).find((e) => e.kind === 'link');
		expect(link).toBeDefined();
		expect(await evidenceFile(who.senco, ids.evaluation, link!.id)).toBeNull();
	});
});
