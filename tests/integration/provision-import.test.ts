import { and, asc, count, eq, ilike, like, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/lib/server/auth/guards';
import { todayInEngland } from '../../src/lib/domain/dates';
import {
	auditEvent,
	importBatch,
	intervention,
	provisionRecord,
	senPupil,
	senPupilChange
} from '../../src/lib/server/db/schema';
import {
	NO_ACCESS,
	READ_ONLY,
	setStaffAccess
} from '../../src/lib/server/services/provision-access';
import {
	applyProvisionBatch,
	cancelProvisionBatch,
	getProvisionBatch,
	uploadProvisionFile
} from '../../src/lib/server/services/provision-import';
import type { ImportKind } from '../../src/lib/domain/provision-import';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

const db = useTestDatabase();
const TODAY = todayInEngland();

const PUPILS =
	'Reference,Year group,SEN status,Primary need,Secondary need,Date added,Date removed';
const INTERVENTIONS =
	'Name,Area of need,Tier,Group size,Sessions a week,Minutes a session,Staff role,Cost per hour,Outcome measure';
const RECORDS =
	'Pupil reference,Intervention,Start date,End date,Weeks,Entry measure,Exit measure,Outcome,Notes';

/** A file as the browser sends it: a header and rows, line 1 being the header. */
const file = (header: string, ...rows: string[]) => ({
	name: 'provision.csv',
	bytes: new TextEncoder().encode([header, ...rows].join('\r\n') + '\r\n')
});

const EMAILS = {
	senco: 'senco@kent.test',
	head: 'head@kent.test',
	staff: 'staff@kent.test',
	board: 'board@kent.test',
	laAdmin: 'la.admin@kent.test',
	/** The SENCO of Willowbrook, another setting of the same tenant. */
	otherSenco: 'reviewer@kent.test',
	northburySenco: 'senco@northbury.test'
};
const as = {} as Record<keyof typeof EMAILS, Scope>;
let senco: Scope;

beforeAll(async () => {
	for (const [who, email] of Object.entries(EMAILS)) {
		as[who as keyof typeof EMAILS] = await scopeFor(email);
	}
	senco = as.senco;
});

/** A service's answer to someone who may import, failing the test on a refusal or null. */
function granted<T extends object>(result: T | typeof NO_ACCESS | typeof READ_ONLY | null): T {
	if (result === null || 'reason' in result) throw new Error(`Refused: ${JSON.stringify(result)}`);
	return result;
}

async function upload(kind: ImportKind, f: { name: string; bytes: Uint8Array }, scope = senco) {
	const result = granted(await uploadProvisionFile(scope, kind, f));
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

async function previewed(id: string, scope = senco) {
	const batch = granted(await getProvisionBatch(scope, id));
	if (batch.status !== 'previewed') throw new Error(`Batch ${id} is ${batch.status}`);
	return batch;
}

/** Uploads, checks the preview has no bad rows, and confirms it. */
async function importFile(kind: ImportKind, f: { name: string; bytes: Uint8Array }) {
	const id = await upload(kind, f);
	const batch = await previewed(id);
	expect(batch.plan.bad).toEqual([]);
	return { id, result: await applyProvisionBatch(senco, id, batch.planKey) };
}

/** The test's pupils of Oakfield (references starting IMP-), read past row-level security. */
const pupilsOf = () =>
	db.handle.db
		.select({
			id: senPupil.id,
			reference: senPupil.reference,
			yearGroup: senPupil.yearGroup,
			senStatus: senPupil.senStatus,
			primaryNeed: senPupil.primaryNeed,
			secondaryNeed: senPupil.secondaryNeed,
			addedOn: senPupil.addedOn,
			removedOn: senPupil.removedOn,
			version: senPupil.version,
			settingId: senPupil.settingId
		})
		.from(senPupil)
		.where(ilike(senPupil.reference, 'IMP-%'))
		// In code-unit order, whatever the database's collation.
		.then((rows) => rows.sort((a, b) => (a.reference < b.reference ? -1 : 1)));

const historyOf = (reference: string) =>
	db.handle.db
		.select({
			event: senPupilChange.event,
			effectiveOn: senPupilChange.effectiveOn,
			yearGroup: senPupilChange.yearGroup,
			changedBy: senPupilChange.changedBy
		})
		.from(senPupilChange)
		.innerJoin(senPupil, eq(senPupil.id, senPupilChange.pupilId))
		.where(eq(senPupil.reference, reference))
		.orderBy(asc(senPupilChange.at), asc(senPupilChange.effectiveOn));

async function sizes() {
	const n = async (table: typeof senPupil | typeof senPupilChange | typeof intervention) =>
		(await db.handle.db.select({ n: count() }).from(table))[0]?.n;
	const [records] = await db.handle.db.select({ n: count() }).from(provisionRecord);
	const [batches] = await db.handle.db.select({ n: count() }).from(importBatch);
	return {
		pupils: await n(senPupil),
		history: await n(senPupilChange),
		interventions: await n(intervention),
		records: records?.n,
		batches: batches?.n
	};
}

const auditOf = (batchId: string) =>
	db.handle.db
		.select({ action: auditEvent.action, subject: auditEvent.subject, detail: auditEvent.detail })
		.from(auditEvent)
		.where(sql`${auditEvent.detail}->>'batchId' = ${batchId}`)
		.orderBy(asc(auditEvent.at));

describe('provision import', () => {
	const batches: string[] = [];

	it('refuses files it cannot read, storing nothing', async () => {
		const before = await sizes();
		const refused = async (kind: ImportKind, f: { name: string; bytes: Uint8Array }) => {
			const result = granted(await uploadProvisionFile(senco, kind, f));
			expect(result.ok).toBe(false);
			return result.ok ? '' : result.error;
		};
		const bytes = (...values: number[]) => ({ name: 'x.csv', bytes: new Uint8Array(values) });
		expect(await refused('pupils', bytes())).toBe('The selected file is empty');
		expect(await refused('pupils', bytes(0x50, 0x4b, 3, 4, 0, 0))).toContain('not a CSV file');
		expect(await refused('pupils', bytes(0xff, 0xfe, 0x52, 0))).toContain('UTF-16');
		expect(await refused('pupils', file(PUPILS))).toBe(
			'The selected file has a header row but no pupils'
		);
		expect(await refused('records', file('Pupil reference,Intervention', 'IMP-001,Lego'))).toBe(
			'The selected file is missing these columns: Start date, End date, Weeks, Entry measure, Exit measure, Outcome, Notes. Start from the provision records template, which has them'
		);
		expect(await refused('pupils', file(INTERVENTIONS, 'Lego,C&I,Targeted,3,1,40,,12,'))).toContain(
			'It looks like a file of interventions'
		);
		const large = { name: 'big.csv', bytes: new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41) };
		expect(await refused('pupils', large)).toBe('The selected file must be smaller than 5 MB');
		expect(await sizes()).toEqual(before);
	});

	it('shows a bad row with its line and reasons, and then nothing can be written', async () => {
		const before = await sizes();
		const id = await upload(
			'pupils',
			file(
				PUPILS,
				'IMP-001,3,K,SEMH,,2025-09-03,',
				'IMP-002,Year 4,SEN support,asd,slcn,03/09/2025,',
				'IMP-003,5,E,XYZ,,2025-09-03,'
			)
		);
		batches.push(id);
		const batch = await previewed(id);
		expect(batch.kind).toBe('pupils');
		expect(batch.counts).toEqual({ bad: 1, create: 2, update: 0, unchanged: 0 });
		expect(batch.plan.bad).toEqual([
			{
				line: 4,
				label: 'IMP-003',
				reasons: [
					'Primary need "XYZ" is not a census code. Use one of SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, NSA'
				]
			}
		]);
		expect(await applyProvisionBatch(senco, id, batch.planKey)).toEqual({ outcome: 'invalid' });
		expect(await sizes()).toEqual({ ...before, batches: before.batches! + 1 });
		expect((await previewed(id)).status).toBe('previewed');
		expect(await cancelProvisionBatch(senco, id)).toEqual({ outcome: 'cancelled' });
	});

	it('imports the corrected file: every pupil, each with the first line of its history', async () => {
		const { id, result } = await importFile(
			'pupils',
			file(
				PUPILS,
				'IMP-001,3,K,SEMH,,2025-09-03,',
				'IMP-002,Year 4,SEN support,asd,slcn,03/09/2025,',
				'IMP-003,5,E,MLD,,2025-09-03,',
				'imp-004,R,K,SLCN,,2025-09-03,2026-01-09'
			)
		);
		batches.push(id);
		expect(result).toEqual({
			outcome: 'applied',
			counts: { bad: 0, create: 4, update: 0, unchanged: 0 }
		});
		const pupils = await pupilsOf();
		expect(
			pupils.map((p) => [p.reference, p.yearGroup, p.senStatus, p.primaryNeed, p.secondaryNeed])
		).toEqual([
			['IMP-001', '3', 'K', 'SEMH', null],
			['IMP-002', '4', 'K', 'ASD', 'SLCN'],
			['IMP-003', '5', 'E', 'MLD', null],
			['imp-004', 'R', 'K', 'SLCN', null]
		]);
		expect(new Set(pupils.map((p) => p.settingId))).toEqual(
			new Set([senco.membership.organisationId])
		);
		expect(await historyOf('IMP-002')).toEqual([
			{ event: 'added', effectiveOn: '2025-09-03', yearGroup: '4', changedBy: senco.userId }
		]);
		expect((await historyOf('imp-004')).map((h) => [h.event, h.effectiveOn])).toEqual([
			['added', '2025-09-03'],
			['removed', '2026-01-09']
		]);
		const batch = await getProvisionBatch(senco, id);
		expect(batch).toMatchObject({ status: 'applied', counts: { create: 4 } });
		// A second confirm (a double click) finds the batch applied and writes nothing more.
		const before = await sizes();
		expect(await applyProvisionBatch(senco, id, 'f'.repeat(64))).toEqual({
			outcome: 'finished',
			status: 'applied'
		});
		expect(await sizes()).toEqual(before);
	});

	it('refuses rows that repeat a key of the file, pointing at the first line', async () => {
		const pupils = await previewed(
			await upload(
				'pupils',
				file(
					PUPILS,
					'IMP-010,3,K,SEMH,,2025-09-03,',
					'IMP-011,3,K,SEMH,,2025-09-03,',
					'imp-010,4,K,SEMH,,2025-09-03,'
				)
			)
		);
		expect(pupils.plan.bad).toEqual([
			{ line: 4, label: 'imp-010', reasons: ['Reference "imp-010" also appears on line 2'] }
		]);
		const offer = await previewed(
			await upload(
				'interventions',
				file(
					INTERVENTIONS,
					'Lego club,C&I,Targeted,3,1,40,,£12,',
					'LEGO CLUB,C&I,Targeted,3,1,40,,£12,'
				)
			)
		);
		expect(offer.plan.bad.map((b) => [b.line, b.reasons])).toEqual([
			[3, ['Name "LEGO CLUB" also appears on line 2']]
		]);
		const records = await previewed(
			await upload(
				'records',
				file(RECORDS, 'IMP-001,Lego club,2025-09-08,,,,,,', 'imp-001,lego club,08/09/2025,,,,,,')
			)
		);
		expect(records.plan.bad.map((b) => [b.line, b.reasons.at(-1)])).toEqual([
			[
				2,
				'Intervention "Lego club" is not one of the setting’s interventions. Import interventions first, or add it'
			],
			[
				3,
				'The same pupil, intervention and start date ("imp-001", "lego club", 08/09/2025) also appear on line 2'
			]
		]);
		for (const batch of [pupils, offer, records]) {
			expect(await applyProvisionBatch(senco, batch.id, batch.planKey)).toEqual({
				outcome: 'invalid'
			});
		}
	});

	it('re-importing updates pupils rather than adding them again, with history', async () => {
		const before = await pupilsOf();
		const id = await upload(
			'pupils',
			file(
				PUPILS,
				'IMP-001,4,K,SEMH,,2025-09-03,',
				'IMP-002,4,K,ASD,SLCN,2025-09-03,2026-02-13',
				'IMP-003,5,E,MLD,,2025-09-03,',
				'IMP-004,R,K,SLCN,,2025-09-03,',
				'IMP-005,6,K,HI,,2025-09-03,'
			)
		);
		const batch = await previewed(id);
		expect(batch.counts).toEqual({ bad: 0, create: 1, update: 3, unchanged: 1 });
		expect(
			batch.plan.update.map((u) => [
				u.line,
				u.label,
				u.changes.map((c) => [c.label, c.before, c.after])
			])
		).toEqual([
			[2, 'IMP-001', [['Year group', 'Year 3', 'Year 4']]],
			[3, 'IMP-002', [['Date removed', '', '13 February 2026']]],
			[5, 'IMP-004', [['Date removed', '9 January 2026', '']]]
		]);
		expect(await applyProvisionBatch(senco, id, batch.planKey)).toMatchObject({
			outcome: 'applied'
		});

		const after = await pupilsOf();
		expect(after.map((p) => p.reference)).toEqual([
			'IMP-001',
			'IMP-002',
			'IMP-003',
			'IMP-005',
			'imp-004'
		]);
		const byRef = new Map(after.map((p) => [p.reference.toUpperCase(), p]));
		const was = new Map(before.map((p) => [p.reference.toUpperCase(), p]));
		expect(byRef.get('IMP-001')).toMatchObject({
			id: was.get('IMP-001')!.id,
			yearGroup: '4',
			version: 2
		});
		expect(byRef.get('IMP-002')).toMatchObject({ removedOn: '2026-02-13', version: 2 });
		expect(byRef.get('IMP-003')?.version).toBe(1);
		// The reference keeps the spelling the register has; the match ignored capitals.
		expect(byRef.get('IMP-004')).toMatchObject({
			reference: 'imp-004',
			removedOn: null,
			version: 2
		});

		expect((await historyOf('IMP-001')).map((h) => [h.event, h.effectiveOn, h.yearGroup])).toEqual([
			['added', '2025-09-03', '3'],
			['changed', TODAY, '4']
		]);
		expect((await historyOf('IMP-002')).map((h) => [h.event, h.effectiveOn])).toEqual([
			['added', '2025-09-03'],
			['removed', '2026-02-13']
		]);
		expect((await historyOf('imp-004')).map((h) => h.event)).toEqual([
			'added',
			'removed',
			'restored'
		]);
		expect((await historyOf('imp-004')).at(-1)?.effectiveOn).toBe(TODAY);
		expect(await historyOf('IMP-003')).toHaveLength(1);

		// The same file again changes nothing.
		const again = await previewed(
			await upload('pupils', file(PUPILS, 'IMP-003,5,E,MLD,,2025-09-03,'))
		);
		expect(again.counts).toEqual({ bad: 0, create: 0, update: 0, unchanged: 1 });
	});

	it('imports interventions and provision records, and updates records on re-import', async () => {
		const offer = await importFile(
			'interventions',
			file(
				INTERVENTIONS,
				'Phonics catch-up (import),C&L,Targeted,4,3,20,Teaching assistant,£18.50,Phonics score',
				'Nurture group (import),SEMH,Specialist,6,5,45,Teacher,38,Boxall profile'
			)
		);
		expect(offer.result).toMatchObject({ outcome: 'applied', counts: { create: 2 } });
		const [phonics] = await db.handle.db
			.select()
			.from(intervention)
			.where(eq(intervention.name, 'Phonics catch-up (import)'));
		expect(phonics).toMatchObject({
			settingId: senco.membership.organisationId,
			areaOfNeed: 'cognition_learning',
			tier: 'targeted',
			hourlyCostPence: 1850
		});

		const first = await importFile(
			'records',
			file(
				RECORDS,
				'IMP-001,phonics catch-up (import),08/09/2025,19/12/2025,14,12 of 40,31 of 40,met,Moved on',
				'IMP-002,Nurture group (import),2025-09-08,,,,,,',
				'IMP-003,Nurture group (import),2025-09-08,,,,,Too early,'
			)
		);
		expect(first.result).toMatchObject({ outcome: 'applied', counts: { create: 3 } });
		const records = () =>
			db.handle.db
				.select({
					pupilId: provisionRecord.pupilId,
					outcome: provisionRecord.outcome,
					endDate: provisionRecord.endDate,
					weeks: provisionRecord.weeks,
					version: provisionRecord.version
				})
				.from(provisionRecord)
				.innerJoin(intervention, eq(intervention.id, provisionRecord.interventionId))
				.where(like(intervention.name, '%(import)'))
				.orderBy(asc(provisionRecord.startDate), asc(provisionRecord.outcome));
		expect(await records()).toHaveLength(3);

		const second = await upload(
			'records',
			file(
				RECORDS,
				'IMP-001,Phonics catch-up (import),2025-09-08,2025-12-19,14,12 of 40,31 of 40,Target met,Moved on',
				'imp-002,Nurture group (import),2025-09-08,2026-02-13,,,,Partly met,',
				'IMP-003,Nurture group (import),2026-01-05,,,,,,'
			)
		);
		const plan = await previewed(second);
		expect(plan.counts).toEqual({ bad: 0, create: 1, update: 1, unchanged: 1 });
		expect(plan.plan.update[0]?.changes.map((c) => [c.label, c.before, c.after])).toEqual([
			['End date', '', '13 February 2026'],
			['Outcome', '', 'Target partly met']
		]);
		expect(await applyProvisionBatch(senco, second, plan.planKey)).toMatchObject({
			outcome: 'applied'
		});
		const after = await records();
		expect(after).toHaveLength(4);
		expect(after.filter((r) => r.version === 2)).toEqual([
			expect.objectContaining({ outcome: 'partly_met', endDate: '2026-02-13' })
		]);
	});

	it('writes nothing when the register changed between the preview and the confirm', async () => {
		const id = await upload(
			'pupils',
			file(PUPILS, 'IMP-001,5,K,SEMH,,2025-09-03,', 'IMP-006,2,K,PD,,2025-09-03,')
		);
		const batch = await previewed(id);
		expect(batch.counts).toMatchObject({ create: 1, update: 1 });
		// Someone else changes the pupil's need after the preview was shown.
		await db.handle.db
			.update(senPupil)
			.set({ primaryNeed: 'ASD', version: sql`${senPupil.version} + 1` })
			.where(eq(senPupil.reference, 'IMP-001'));
		const before = { sizes: await sizes(), pupils: await pupilsOf() };
		expect(await applyProvisionBatch(senco, id, batch.planKey)).toEqual({ outcome: 'changed' });
		expect(await sizes()).toEqual(before.sizes);
		expect(await pupilsOf()).toEqual(before.pupils);
		const again = await previewed(id);
		expect(again.planKey).not.toBe(batch.planKey);
		expect(again.plan.update[0]?.changes.map((c) => c.label)).toEqual([
			'Year group',
			'Primary need'
		]);
		await cancelProvisionBatch(senco, id);
	});

	it('a failure part-way through applying leaves nothing written', async () => {
		const id = await upload(
			'pupils',
			file(
				PUPILS,
				'IMP-001,6,K,SEMH,,2025-09-03,',
				'IMP-007,2,K,PD,,2001-01-02,2001-01-03',
				'IMP-008,2,K,PD,,2001-01-02,2001-01-04'
			)
		);
		const batch = await previewed(id);
		const before = { sizes: await sizes(), pupils: await pupilsOf() };
		// After the preview, the database gains a rule the second removal breaks: the new
		// pupils and their first history lines are written before it fails.
		await db.handle.db.execute(
			sql.raw(
				`create unique index provision_import_test_block on sen_pupil_change (tenant_id) where event = 'removed' and effective_on between '2001-01-03' and '2001-01-04'`
			)
		);
		try {
			expect(await applyProvisionBatch(senco, id, batch.planKey)).toEqual({ outcome: 'failed' });
		} finally {
			await db.handle.db.execute(sql.raw('drop index provision_import_test_block'));
		}
		expect(await sizes()).toEqual(before.sizes);
		expect(await pupilsOf()).toEqual(before.pupils);
		expect((await previewed(id)).status).toBe('previewed');
		await cancelProvisionBatch(senco, id);
	});

	it('cancelling writes nothing, and a cancelled batch cannot be applied', async () => {
		const id = await upload('pupils', file(PUPILS, 'IMP-009,2,K,PD,,2025-09-03,'));
		batches.push(id);
		const key = (await previewed(id)).planKey;
		const before = await sizes();
		expect(await cancelProvisionBatch(senco, id)).toEqual({ outcome: 'cancelled' });
		expect(await cancelProvisionBatch(senco, id)).toEqual({
			outcome: 'finished',
			status: 'cancelled'
		});
		expect(await applyProvisionBatch(senco, id, key)).toEqual({
			outcome: 'finished',
			status: 'cancelled'
		});
		expect(await sizes()).toEqual(before);
		expect(await getProvisionBatch(as.head, id)).toMatchObject({ status: 'cancelled' });
	});

	it("shows a batch only to its own setting's SENCO and head", async () => {
		const id = await upload('pupils', file(PUPILS, 'IMP-020,2,K,PD,,2025-09-03,'), as.head);
		const key = (await previewed(id, senco)).planKey;
		const before = await sizes();
		for (const outsider of [as.otherSenco, as.northburySenco]) {
			expect(await getProvisionBatch(outsider, id)).toBeNull();
			expect(await applyProvisionBatch(outsider, id, key)).toBeNull();
			expect(await cancelProvisionBatch(outsider, id)).toBeNull();
		}
		expect(await getProvisionBatch(senco, 'not-a-uuid')).toBeNull();
		expect(await sizes()).toEqual(before);
		expect((await previewed(id, as.head)).status).toBe('previewed');
		await cancelProvisionBatch(as.head, id);
	});

	it('refuses staff, area board members and the LA', async () => {
		const id = batches[0]!;
		const f = file(PUPILS, 'IMP-030,2,K,PD,,2025-09-03,');
		const before = await sizes();
		for (const outsider of [as.staff, as.board, as.laAdmin]) {
			expect(await uploadProvisionFile(outsider, 'pupils', f)).toBe(NO_ACCESS);
			expect(await getProvisionBatch(outsider, id)).toBe(NO_ACCESS);
			expect(await applyProvisionBatch(outsider, id, 'f'.repeat(64))).toBe(NO_ACCESS);
			expect(await cancelProvisionBatch(outsider, id)).toBe(NO_ACCESS);
		}
		// Staff the head lets read the records still cannot import them.
		await setStaffAccess(as.head, true);
		try {
			expect(await uploadProvisionFile(as.staff, 'pupils', f)).toBe(READ_ONLY);
			expect(await getProvisionBatch(as.staff, id)).toBe(READ_ONLY);
		} finally {
			await setStaffAccess(as.head, false);
		}
		expect(await sizes()).toEqual(before);
	});

	it('audits each step with the kind, the batch and counts, never a pupil reference', async () => {
		const [rejected, applied, cancelled] = batches as [string, string, string];
		expect((await auditOf(rejected)).map((e) => e.action)).toEqual([
			'provision.import-previewed',
			'provision.import-cancelled'
		]);
		const events = await auditOf(applied);
		expect(events).toEqual([
			{
				action: 'provision.import-previewed',
				subject: 'Provision records of Oakfield Primary School',
				detail: {
					batchId: applied,
					kind: 'pupils',
					counts: { bad: 0, create: 4, update: 0, unchanged: 0 }
				}
			},
			{
				action: 'provision.import-applied',
				subject: 'Provision records of Oakfield Primary School',
				detail: {
					batchId: applied,
					kind: 'pupils',
					counts: { bad: 0, create: 4, update: 0, unchanged: 0 }
				}
			}
		]);
		expect((await auditOf(cancelled)).map((e) => e.action)).toEqual([
			'provision.import-previewed',
			'provision.import-cancelled'
		]);
		const everything = await db.handle.db
			.select({ subject: auditEvent.subject, detail: auditEvent.detail })
			.from(auditEvent)
			.where(like(auditEvent.action, 'provision.import-%'));
		expect(JSON.stringify(everything).toLowerCase()).not.toContain('imp-0');
	});

	it('keeps the setting filter: rows were written to the uploader’s setting only', async () => {
		const [other] = await db.handle.db
			.select({ n: count() })
			.from(senPupil)
			.where(
				and(
					ilike(senPupil.reference, 'IMP-%'),
					eq(senPupil.settingId, as.otherSenco.membership.organisationId)
				)
			);
		expect(other?.n).toBe(0);
	});
});
