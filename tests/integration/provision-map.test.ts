import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	apdrReview,
	intervention,
	provisionRecord,
	senPupil,
	setting
} from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import { listAudit } from '../../src/lib/server/services/audit';
import {
	NO_ACCESS,
	READ_ONLY,
	setStaffAccess
} from '../../src/lib/server/services/provision-access';
import {
	exportProvisionMap,
	provisionDashboard
} from '../../src/lib/server/services/provision-map';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor } from './support/fixtures';

useTestDatabase();

// The dashboard counts ongoing provision, the register and overdue reviews as of today.
const TODAY = '2026-11-30';
const YEAR = '2026/27';

let senco: Scope;
let head: Scope;
let staff: Scope;
let reviewer: Scope;
const ids: Record<string, string> = {};

/** Clears a setting's provision (the demo seed has some) so the figures are ours alone. */
async function clearProvision(scope: Scope) {
	const settingId = scope.membership.organisationId;
	await inTenant(scope, async (tx) => {
		await tx.delete(provisionRecord).where(eq(provisionRecord.settingId, settingId));
		await tx.delete(apdrReview).where(eq(apdrReview.settingId, settingId));
		await tx.delete(senPupil).where(eq(senPupil.settingId, settingId));
		await tx.delete(intervention).where(eq(intervention.settingId, settingId));
	});
}

type PupilSeed = {
	reference: string;
	senStatus: 'K' | 'E';
	primaryNeed: 'SLCN' | 'ASD' | 'SPLD';
	yearGroup: string;
	addedOn: string;
	removedOn?: string;
};
type InterventionSeed = Pick<
	typeof intervention.$inferInsert,
	| 'name'
	| 'areaOfNeed'
	| 'tier'
	| 'groupSize'
	| 'sessionsPerWeek'
	| 'minutesPerSession'
	| 'hourlyCostPence'
>;
type RecordSeed = Omit<
	typeof provisionRecord.$inferInsert,
	'tenantId' | 'settingId' | 'pupilId' | 'interventionId'
> & { pupil: string; intervention: string };

async function seedSetting(
	scope: Scope,
	data: {
		pupils: PupilSeed[];
		interventions: InterventionSeed[];
		records: RecordSeed[];
		reviews?: { pupil: string; dueOn: string; heldOn?: string }[];
	}
) {
	const base = { tenantId: scope.tenantId, settingId: scope.membership.organisationId };
	await inTenant(scope, async (tx) => {
		for (const p of data.pupils) {
			const [row] = await tx
				.insert(senPupil)
				.values({ ...base, ...p })
				.returning({ id: senPupil.id });
			ids[p.reference] = row!.id;
		}
		for (const i of data.interventions) {
			const [row] = await tx
				.insert(intervention)
				.values({ ...base, ...i })
				.returning({ id: intervention.id });
			ids[i.name] = row!.id;
		}
		for (const { pupil, intervention: name, ...r } of data.records)
			await tx
				.insert(provisionRecord)
				.values({ ...base, ...r, pupilId: ids[pupil]!, interventionId: ids[name]! });
		for (const { pupil, ...r } of data.reviews ?? [])
			await tx.insert(apdrReview).values({ ...base, ...r, pupilId: ids[pupil]! });
	});
}

beforeAll(async () => {
	vi.useFakeTimers({ toFake: ['Date'] });
	vi.setSystemTime(new Date(`${TODAY}T12:00:00Z`));
	senco = await scopeFor('senco@kent.test');
	head = await scopeFor('head@kent.test');
	staff = await scopeFor('staff@kent.test');
	reviewer = await scopeFor('reviewer@kent.test');
	await clearProvision(senco);
	await clearProvision(reviewer);
	await inTenant(senco, (tx) =>
		tx
			.update(setting)
			.set({ numberOfPupils: 150 })
			.where(eq(setting.id, senco.membership.organisationId))
	);

	await seedSetting(senco, {
		pupils: [
			{
				reference: 'MAPTEST-A',
				senStatus: 'K',
				primaryNeed: 'SLCN',
				yearGroup: '3',
				addedOn: '2025-09-01'
			},
			{
				reference: 'MAPTEST-B',
				senStatus: 'E',
				primaryNeed: 'ASD',
				yearGroup: '5',
				addedOn: '2025-09-01'
			},
			{
				reference: 'MAPTEST-C',
				senStatus: 'K',
				primaryNeed: 'SPLD',
				yearGroup: '4',
				addedOn: '2026-09-10'
			},
			// Off the register since October: not counted today, nor listed without provision.
			{
				reference: 'MAPTEST-D',
				senStatus: 'K',
				primaryNeed: 'SPLD',
				yearGroup: '6',
				addedOn: '2025-09-01',
				removedOn: '2026-10-01'
			}
		],
		interventions: [
			// 3 × 30 minutes = 1.5 hours a week at £20 an hour, in groups of 4.
			{
				name: 'Talk group',
				areaOfNeed: 'communication_interaction',
				tier: 'targeted',
				groupSize: 4,
				sessionsPerWeek: 3,
				minutesPerSession: 30,
				hourlyCostPence: 2000
			},
			// An hour a week, one to one, at £60 an hour.
			{
				name: 'Speech therapy',
				areaOfNeed: 'communication_interaction',
				tier: 'specialist',
				groupSize: 1,
				sessionsPerWeek: 1,
				minutesPerSession: 60,
				hourlyCostPence: 6000
			},
			// 5 × 40 minutes = 3⅓ hours a week at £18 an hour, in groups of 7.
			{
				name: 'Nurture group',
				areaOfNeed: 'semh',
				tier: 'targeted',
				groupSize: 7,
				sessionsPerWeek: 5,
				minutesPerSession: 40,
				hourlyCostPence: 1800
			}
		],
		records: [
			// 10 weeks: 15 hours, £75.
			{
				pupil: 'MAPTEST-A',
				intervention: 'Talk group',
				startDate: '2026-09-07',
				weeks: 10,
				outcome: 'met'
			},
			// 7 September to 18 October, 6 weeks: 9 hours, £45.
			{
				pupil: 'MAPTEST-B',
				intervention: 'Talk group',
				startDate: '2026-09-07',
				endDate: '2026-10-18',
				outcome: 'not_met'
			},
			// 8 weeks: 8 hours, £480.
			{
				pupil: 'MAPTEST-B',
				intervention: 'Speech therapy',
				startDate: '2026-09-14',
				weeks: 8,
				outcome: 'met',
				entryMeasure: '+44 words',
				exitMeasure: '60 words',
				notes: '=HYPERLINK("http://evil.test")'
			},
			// 5 weeks: 16⅔ hours, £300 / 7 = £42.857… → £42.86.
			{
				pupil: 'MAPTEST-A',
				intervention: 'Nurture group',
				startDate: '2026-10-05',
				weeks: 5,
				outcome: 'too_early'
			},
			// Last school year: 6 hours, £30.
			{
				pupil: 'MAPTEST-D',
				intervention: 'Talk group',
				startDate: '2026-03-02',
				weeks: 4,
				outcome: 'met'
			}
		],
		reviews: [
			{ pupil: 'MAPTEST-A', dueOn: '2026-11-01' },
			{ pupil: 'MAPTEST-B', dueOn: '2026-11-01', heldOn: '2026-11-02' },
			{ pupil: 'MAPTEST-C', dueOn: '2026-12-15' },
			// Overdue, but the pupil has left the register.
			{ pupil: 'MAPTEST-D', dueOn: '2026-09-15' }
		]
	});

	await seedSetting(reviewer, {
		pupils: [
			{
				reference: 'WILLOW-1',
				senStatus: 'K',
				primaryNeed: 'SPLD',
				yearGroup: '2',
				addedOn: '2025-09-01'
			}
		],
		interventions: [
			{
				name: 'Willow reading',
				areaOfNeed: 'cognition_learning',
				tier: 'universal',
				groupSize: 1,
				sessionsPerWeek: 1,
				minutesPerSession: 60,
				hourlyCostPence: 1000
			}
		],
		records: [
			{ pupil: 'WILLOW-1', intervention: 'Willow reading', startDate: '2026-09-07', weeks: 3 }
		]
	});
});

afterAll(() => {
	vi.useRealTimers();
});

const ok = <T>(result: T | typeof NO_ACCESS | typeof READ_ONLY): T => {
	if (result === NO_ACCESS) throw new Error('Refused: no access');
	if (result === READ_ONLY) throw new Error('Refused: read only');
	return result as T;
};

const exportFile = async (scope: Scope, year: string, format: 'csv' | 'xlsx') =>
	ok(await exportProvisionMap(scope, year, format));

const dashboard = async (scope: Scope, year: string | null = null, page = 1) =>
	ok(await provisionDashboard(scope, { year, page }));

describe('the provision map dashboard', () => {
	it("shows the register today, as a share of the setting's roll", async () => {
		const d = await dashboard(senco);
		expect(d.year.label).toBe(YEAR);
		expect(d.hasPupils).toBe(true);
		// A, B and C are on the register; D left in October. 3 of 150 on roll is 2%.
		expect(d.register).toEqual({ K: 2, E: 1, total: 3, roll: 150, share: 0.02 });
	});

	it('works out the headline figures of the year', async () => {
		const d = await dashboard(senco);
		expect(d.summary).toMatchObject({
			records: 4,
			pupils: 2,
			// 15 + 9 + 8 + 16⅔ hours; £75 + £45 + £480 + £42.86.
			hours: 48.67,
			costPence: 64286,
			// £642.86 between two pupils.
			costPerPupilPence: 32143,
			completed: 3,
			met: 2,
			effectiveness: 2 / 3,
			// The completed records cost £600, for two targets met.
			costPerSuccessPence: 30000
		});
		expect(d.overdueReviews).toBe(1);
		expect(d.withoutProvision).toEqual({
			total: 1,
			page: 1,
			rows: [{ id: ids['MAPTEST-C'], reference: 'MAPTEST-C', yearGroup: '4', senStatus: 'K' }]
		});
	});

	it('maps hours, cost and distinct pupils by area of need and tier', async () => {
		const { map } = await dashboard(senco);
		const row = (area: string) => map.rows.find((r) => r.area === area)!;
		expect(row('communication_interaction').cells).toEqual({
			universal: { hours: 0, costPence: 0, pupils: 0 },
			targeted: { hours: 24, costPence: 12000, pupils: 2 },
			specialist: { hours: 8, costPence: 48000, pupils: 1 }
		});
		expect(row('communication_interaction').total).toEqual({
			hours: 32,
			costPence: 60000,
			pupils: 2
		});
		expect(row('semh').cells.targeted).toEqual({ hours: 16.67, costPence: 4286, pupils: 1 });
		expect(row('cognition_learning').total.pupils).toBe(0);
		expect(map.tierTotals.targeted).toEqual({ hours: 40.67, costPence: 16286, pupils: 2 });
		expect(map.total).toEqual({ hours: 48.67, costPence: 64286, pupils: 2 });
	});

	it("gives each intervention's effectiveness and costs", async () => {
		const { interventions } = await dashboard(senco);
		expect(interventions.map((i) => i.name)).toEqual([
			'Nurture group',
			'Speech therapy',
			'Talk group'
		]);
		expect(interventions[0]).toMatchObject({
			id: ids['Nurture group'],
			completed: 0,
			effectiveness: null,
			costPerPupilPence: 4286,
			costPerSuccessPence: null
		});
		expect(interventions[1]).toMatchObject({
			pupils: 1,
			completed: 1,
			met: 1,
			effectiveness: 1,
			costPerPupilPence: 48000,
			costPerSuccessPence: 48000
		});
		expect(interventions[2]).toMatchObject({
			pupils: 2,
			completed: 2,
			met: 1,
			partlyMet: 0,
			notMet: 1,
			effectiveness: 0.5,
			costPence: 12000,
			costPerPupilPence: 6000,
			costPerSuccessPence: 12000
		});
	});

	it('shows another school year when asked, and lists the years with provision', async () => {
		const d = await dashboard(senco, '2025/26');
		expect(d.years).toEqual(['2026/27', '2025/26']);
		// D's record started in March 2026; D has left, so is not among those without provision.
		expect(d.summary).toMatchObject({ records: 1, pupils: 1, costPence: 3000, met: 1 });
		expect(d.withoutProvision.rows.map((p) => p.reference)).toEqual([
			'MAPTEST-A',
			'MAPTEST-B',
			'MAPTEST-C'
		]);
	});

	it('falls back to the current year, and to the last page, for odd requests', async () => {
		const d = await dashboard(senco, 'not a year', 99);
		expect(d.year.label).toBe(YEAR);
		expect(d.withoutProvision.page).toBe(1);
		expect(d.withoutProvision.rows).toHaveLength(1);
	});

	it('reads an empty year as zeros with no ratios, and offers it among the years', async () => {
		const d = await dashboard(senco, '2024/25');
		expect(d.years).toEqual(['2026/27', '2025/26', '2024/25']);
		expect(d.summary).toMatchObject({
			records: 0,
			pupils: 0,
			costPence: 0,
			effectiveness: null,
			costPerPupilPence: null,
			costPerSuccessPence: null
		});
		expect(d.interventions).toEqual([]);
	});

	it('counts provision begun last year and still running as provision this year', async () => {
		expect((await dashboard(senco)).withoutProvision.total).toBe(1);
		await inTenant(senco, (tx) =>
			tx.insert(provisionRecord).values({
				tenantId: senco.tenantId,
				settingId: senco.membership.organisationId,
				pupilId: ids['MAPTEST-C']!,
				interventionId: ids['Talk group']!,
				startDate: '2026-06-01'
			})
		);
		expect((await dashboard(senco)).withoutProvision).toMatchObject({ total: 0, rows: [] });
		await inTenant(senco, (tx) =>
			tx.delete(provisionRecord).where(eq(provisionRecord.startDate, '2026-06-01'))
		);
	});
});

const exportEvents = async () =>
	(await listAudit(senco, { action: 'provision.exported', page: 1 })).rows;

/**
 * The export events written while `work` ran. Found by id, not by newest first: PGlite's
 * clock is the faked one, so every event has the same time and the order among them is not
 * the order they were written in.
 */
async function exportsDuring(work: () => Promise<unknown>) {
	const before = new Set((await exportEvents()).map((e) => e.id));
	await work();
	return (await exportEvents()).filter((e) => !before.has(e.id));
}

describe('exporting the provision map', () => {
	it('writes the records as CSV with a BOM, neutralised formulas and one audit row', async () => {
		let file!: Awaited<ReturnType<typeof exportFile>>;
		const events = await exportsDuring(async () => {
			file = await exportFile(senco, YEAR, 'csv');
		});
		// The UTF-8 byte-order mark, which TextDecoder would otherwise swallow unseen.
		expect([...file.body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder().decode(file.body).trimEnd().split('\r\n');
		expect(lines[0]).toBe(
			'Pupil reference,Year group,SEN status,Primary need,Intervention,Area of need,Tier,Start,End,Weeks,Hours,Cost per pupil (£),Entry measure,Exit measure,Outcome,Notes'
		);
		expect(lines.slice(1)).toEqual([
			'MAPTEST-A,3,K,SLCN,Talk group,Communication and interaction,Targeted,2026-09-07,,10,15,75,,,Target met,',
			'MAPTEST-A,3,K,SLCN,Nurture group,"Social, emotional and mental health",Targeted,2026-10-05,,5,16.67,42.86,,,Too early to say,',
			'MAPTEST-B,5,E,ASD,Talk group,Communication and interaction,Targeted,2026-09-07,2026-10-18,6,9,45,,,Target not met,',
			`MAPTEST-B,5,E,ASD,Speech therapy,Communication and interaction,Specialist,2026-09-14,,8,8,480,'+44 words,60 words,Target met,"'=HYPERLINK(""http://evil.test"")"`
		]);

		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			actorEmail: 'senco@kent.test',
			subject: 'Provision records of Oakfield Primary School',
			detail: { format: 'csv', year: YEAR, rows: 4 }
		});
		expect(JSON.stringify(events)).not.toContain('MAPTEST');
	});

	it('writes a real XLSX workbook with the records and the area × tier summary', async () => {
		let file!: Awaited<ReturnType<typeof exportFile>>;
		const events = await exportsDuring(async () => {
			file = await exportFile(senco, YEAR, 'xlsx');
		});
		expect(String.fromCharCode(file.body[0]!, file.body[1]!)).toBe('PK');
		const files = unzipSync(file.body);
		const read = (name: string) => strFromU8(files[name]!);
		expect(read('xl/workbook.xml')).toMatch(/name="Provision records".*name="Area and tier"/s);

		const strings = read('xl/sharedStrings.xml');
		for (const text of ['Pupil reference', 'MAPTEST-A', 'Speech therapy', 'All areas'])
			expect(strings).toContain(`<t>${text}</t>`);
		// Text is a shared string, shown as typed and never run: no apostrophe, and no formula.
		expect(strings).toContain('<t>=HYPERLINK("http://evil.test")</t>');
		const sheets = Object.keys(files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
		expect(sheets).toHaveLength(2);
		for (const sheet of sheets) expect(read(sheet)).not.toContain('<f>');
		// The summary's last row: all areas and tiers, 2 pupils, 48.67 hours, £642.86.
		const summary = read(sheets.sort().at(-1)!);
		expect(summary).toMatch(/<v>2<\/v><\/c>.*<v>48\.67<\/v><\/c>.*<v>642\.86<\/v>/s);

		expect(events).toHaveLength(1);
		expect(events[0]?.detail).toEqual({ format: 'xlsx', year: YEAR, rows: 4 });
		expect(JSON.stringify(events)).not.toContain('MAPTEST');
	});

	it('exports an empty year as just the header, and audits that too', async () => {
		const events = await exportsDuring(async () => {
			const file = await exportFile(head, '2024/25', 'csv');
			expect(new TextDecoder().decode(file.body).trimEnd().split('\r\n')).toHaveLength(1);
		});
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			actorEmail: 'head@kent.test',
			detail: { format: 'csv', year: '2024/25', rows: 0 }
		});
	});
});

describe('staff access', () => {
	it('is decided by the head only', async () => {
		expect(await setStaffAccess(senco, true)).toBe(READ_ONLY);
		expect(await setStaffAccess(staff, true)).toBe(NO_ACCESS);
		expect(await provisionDashboard(staff, { year: null, page: 1 })).toBe(NO_ACCESS);
	});

	it('lets staff read the dashboard once allowed, but never export', async () => {
		expect(await setStaffAccess(head, true)).toEqual({ ok: true });
		expect((await latestAudit(head, 'provision.staff-allowed'))?.actorEmail).toBe('head@kent.test');

		const d = await dashboard(staff);
		expect(d.staffSeeProvision).toBe(true);
		expect(d.summary.costPence).toBe(64286);

		const events = await exportsDuring(async () => {
			expect(await exportProvisionMap(staff, YEAR, 'csv')).toBe(READ_ONLY);
			expect(await exportProvisionMap(staff, YEAR, 'xlsx')).toBe(READ_ONLY);
		});
		expect(events).toEqual([]);
	});

	it('shuts staff out again when the head stops it', async () => {
		expect(await setStaffAccess(head, false)).toEqual({ ok: true });
		expect((await latestAudit(head, 'provision.staff-stopped'))?.actorEmail).toBe('head@kent.test');
		expect(await provisionDashboard(staff, { year: null, page: 1 })).toBe(NO_ACCESS);
		expect((await dashboard(senco)).staffSeeProvision).toBe(false);
	});
});

describe('who sees which provision map', () => {
	it.each(['board@kent.test', 'la.admin@kent.test'])('%s gets no access at all', async (email) => {
		const scope = await scopeFor(email);
		expect(await provisionDashboard(scope, { year: null, page: 1 })).toBe(NO_ACCESS);
		expect(await exportProvisionMap(scope, YEAR, 'csv')).toBe(NO_ACCESS);
		expect(await exportProvisionMap(scope, YEAR, 'xlsx')).toBe(NO_ACCESS);
	});

	it("shows a reviewer their own setting's map, never Oakfield's", async () => {
		const d = await dashboard(reviewer);
		expect(d.register).toMatchObject({ K: 1, E: 0, total: 1 });
		expect(d.summary).toMatchObject({ records: 1, pupils: 1, hours: 3, costPence: 3000 });
		expect(d.interventions.map((i) => i.name)).toEqual(['Willow reading']);
		expect(JSON.stringify(d)).not.toContain('MAPTEST');

		const file = await exportFile(reviewer, YEAR, 'csv');
		const text = new TextDecoder().decode(file.body);
		expect(text).toContain('WILLOW-1');
		expect(text).not.toContain('MAPTEST');
	});

	it("shows another tenant's SENCO none of Kent's provision", async () => {
		const northbury = await scopeFor('senco@northbury.test');
		const d = await dashboard(northbury);
		const seen = JSON.stringify(d);
		for (const kent of ['MAPTEST', 'WILLOW-1', 'Willow reading', ids['Talk group']!])
			expect(seen).not.toContain(kent);
		const file = await exportFile(northbury, YEAR, 'csv');
		const text = new TextDecoder().decode(file.body);
		expect(text).not.toContain('MAPTEST');
		expect(text).not.toContain('WILLOW');
	});
});
