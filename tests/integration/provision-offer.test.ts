import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	interventionFilter,
	interventionSchema,
	recordFilter,
	recordSchema,
	withTermDates,
	type InterventionInput,
	type RecordFilter,
	type RecordInput
} from '../../src/lib/schemas/provision-offer';
import type { Scope } from '../../src/lib/server/auth/guards';
import { provisionRecord, senPupil, setting } from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import {
	NO_ACCESS,
	READ_ONLY,
	readProvision,
	setStaffAccess
} from '../../src/lib/server/services/provision-access';
import {
	createIntervention,
	deleteIntervention,
	getIntervention,
	interventionForDeletion,
	listInterventions,
	setInterventionArchived,
	updateIntervention
} from '../../src/lib/server/services/provision-interventions';
import {
	createRecord,
	deleteRecord,
	getRecord,
	listRecords,
	listSettingRecords,
	newRecordChoices,
	updateRecord
} from '../../src/lib/server/services/provision-records';
import { databaseKind, useTestDatabase } from './support/database';
import { atOnce } from './support/races';
import { latestAudit, recordedAudit, scopeFor, useAdminScopes } from './support/fixtures';

const db = useTestDatabase();
const admin = useAdminScopes();

const as = {} as Record<'senco' | 'head' | 'staff' | 'reviewer' | 'board' | 'northbury', Scope>;
beforeAll(async () => {
	as.senco = await scopeFor('senco@kent.test');
	as.head = await scopeFor('head@kent.test');
	as.staff = await scopeFor('staff@kent.test');
	as.reviewer = await scopeFor('reviewer@kent.test');
	as.board = await scopeFor('board@kent.test');
	as.northbury = await scopeFor('senco@northbury.test');
});

/** What a service answered, once it is known not to be a refusal of access or a 404. */
function got<T>(result: T | typeof NO_ACCESS | typeof READ_ONLY | null): T {
	if (result === null || result === NO_ACCESS || result === READ_ONLY)
		throw new Error(`Refused: ${JSON.stringify(result)}`);
	return result as T;
}

/** A saved thing's id, failing the test with the refusal when it was not saved. */
function savedId(result: unknown): string {
	const r = result as { ok?: boolean; id?: string };
	if (!r?.ok || !r.id) throw new Error(`Not saved: ${JSON.stringify(result)}`);
	return r.id;
}

let pupils = 0;
/** Puts a pupil on the scope's setting's register directly (the register has its own service). */
async function addPupil(scope: Scope, options: { removedOn?: string } = {}) {
	const reference = `OFFER-${++pupils}`;
	const [row] = await inTenant(scope, (tx) =>
		tx
			.insert(senPupil)
			.values({
				tenantId: scope.tenantId,
				settingId: scope.membership.organisationId,
				reference,
				yearGroup: '3',
				senStatus: 'K',
				primaryNeed: 'SLCN',
				addedOn: '2024-09-01',
				removedOn: options.removedOn ?? null
			})
			.returning({ id: senPupil.id })
	);
	return { id: row!.id, reference };
}

let interventions = 0;
const offer = (changes: Partial<InterventionInput> = {}): InterventionInput => ({
	name: `Offer test group ${++interventions}`,
	areaOfNeed: 'cognition_learning',
	tier: 'targeted',
	groupSize: '3',
	sessionsPerWeek: '3',
	minutesPerSession: '20',
	staffRole: 'Teaching assistant',
	hourlyCost: '24.00',
	outcomeMeasure: 'Phonics screening score',
	...changes
});
const addIntervention = async (changes: Partial<InterventionInput> = {}, scope = as.senco) =>
	savedId(await createIntervention(scope, offer(changes)));

const place = (pupilId: string, interventionId: string, changes: Partial<RecordInput> = {}) =>
	({
		pupilId,
		interventionId,
		startDate: '2025-09-01',
		endDate: '',
		weeks: '',
		entryMeasure: 'Score 12',
		exitMeasure: '',
		outcome: '',
		notes: '',
		...changes
	}) satisfies RecordInput;
const addRecord = async (
	pupilId: string,
	interventionId: string,
	changes: Partial<RecordInput> = {}
) => savedId(await createRecord(as.senco, place(pupilId, interventionId, changes)));

const containing = (text: string): string => expect.stringContaining(text) as string;

const allRecords: RecordFilter = { interventionId: '', pupilId: '', status: '', page: 1 };

describe('the cost of a place', () => {
	it('shares the staff time’s cost between the group, over the weeks delivered', async () => {
		// 3 × 20 minutes a week for a group of 3 at £24 an hour.
		const phonics = await addIntervention();
		const pupil = await addPupil(as.senco);
		const tenWeeks = await addRecord(pupil.id, phonics, {
			endDate: '2025-12-19',
			weeks: '10'
		});
		const record = got(await getRecord(as.senco, tenWeeks, '2026-01-10'));
		// 1 hour a week × 10 weeks = 10 hours; £240 shared by 3 = £80 each.
		expect(record.cost).toMatchObject({
			weeks: 10,
			weeksSource: 'given',
			hours: 10,
			costPence: 8000
		});
		expect(record.cost.words).toBe(
			'3 sessions × 20 minutes a week × 10 weeks = 10 hours; at £24 an hour shared by a group of 3: £80'
		);
		const fiveWeeks = await addRecord(pupil.id, phonics, {
			startDate: '2026-01-05',
			endDate: '2026-03-27',
			weeks: '5'
		});
		expect(got(await getRecord(as.senco, fiveWeeks, '2026-04-01')).cost.costPence).toBe(4000);
	});

	it('counts the weeks from the dates when none are given, or to today while it goes on', async () => {
		// 2 × 30 minutes for a group of 4 at £18 an hour.
		const talk = await addIntervention({
			groupSize: '4',
			sessionsPerWeek: '2',
			minutesPerSession: '30',
			hourlyCost: '£18'
		});
		const pupil = await addPupil(as.senco);
		// 1 September to 23 November: 84 days, 12 weeks.
		const ended = await addRecord(pupil.id, talk, { endDate: '2025-11-23' });
		const fromDates = got(await getRecord(as.senco, ended, '2026-01-10'));
		expect(fromDates.cost).toMatchObject({ weeks: 12, weeksSource: 'dates', hours: 12 });
		expect(fromDates.cost.words).toBe(
			'2 sessions × 30 minutes a week × 12 weeks = 12 hours; at £18 an hour shared by a group of 4: £54'
		);
		// The weeks given win over the dates: holidays, or sessions missed.
		const overridden = await addRecord(pupil.id, talk, {
			startDate: '2025-09-02',
			endDate: '2025-11-23',
			weeks: '8'
		});
		expect(got(await getRecord(as.senco, overridden, '2026-01-10')).cost).toMatchObject({
			weeks: 8,
			costPence: 3600
		});
		// Ongoing: 3 September to 14 October is 42 days, 6 weeks so far, £27.
		const ongoing = await addRecord(pupil.id, talk, { startDate: '2025-09-03' });
		const soFar = got(await getRecord(as.senco, ongoing, '2025-10-14'));
		expect(soFar.cost).toMatchObject({ weeks: 6, weeksSource: 'to-today', costPence: 2700 });
		expect(got(await getRecord(as.senco, ongoing, '2025-08-01')).cost.costPence).toBe(0);
	});
});

describe('the list of interventions', () => {
	it('shows each one’s hours, weekly cost per pupil, pupils on it now and effectiveness', async () => {
		const id = await addIntervention({ name: 'Offer test: effectiveness' });
		const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => addPupil(as.senco)));
		const ended = { startDate: '2025-01-06', endDate: '2025-03-28' };
		await addRecord(a!.id, id, { ...ended, outcome: 'met' });
		await addRecord(b!.id, id, { ...ended, outcome: 'met' });
		await addRecord(c!.id, id, { ...ended, outcome: 'not_met' });
		await addRecord(d!.id, id, { ...ended, outcome: 'too_early' });
		// On it today: e twice over (a second run), and d again.
		await addRecord(e!.id, id, { startDate: '2025-09-01' });
		await addRecord(e!.id, id, { startDate: '2025-09-08', endDate: '2025-12-19' });
		await addRecord(d!.id, id, { startDate: '2025-10-01', endDate: '2025-10-31' });

		const list = got(await listInterventions(as.senco, { archived: false, page: 1 }, '2025-10-14'));
		const row = list.rows.find((r) => r.id === id)!;
		expect(row).toMatchObject({
			hoursPerWeek: 1,
			costPerPupilWeekPence: 800,
			currentPupils: 2,
			completed: 3,
			archived: false
		});
		expect(row.effectiveness).toBeCloseTo(2 / 3);

		const fresh = await addIntervention();
		const freshRow = got(await getIntervention(as.senco, fresh));
		expect(freshRow).toMatchObject({ completed: 0, effectiveness: null, records: 0 });
	});

	it('lists active ones first, archived ones only when asked, a page of 25 at a time', async () => {
		const archived = await addIntervention({ name: 'AAA offer test archived' });
		got(await setInterventionArchived(as.senco, archived, true));
		for (let i = 0; i < 26; i++) await addIntervention();

		const active = got(await listInterventions(as.senco, { archived: false, page: 1 }));
		expect(active.rows).toHaveLength(25);
		expect(active.rows.every((r) => !r.archived)).toBe(true);
		expect(active.archivedCount).toBeGreaterThanOrEqual(1);
		const lastPage = Math.ceil(active.total / 25);
		const all = got(await listInterventions(as.senco, { archived: true, page: lastPage + 1 }));
		expect(all.total).toBe(active.total + active.archivedCount);
		// Archived ones come after every active one, whatever their names.
		const everything: (typeof all.rows)[number][] = [];
		for (let page = 1; page <= Math.ceil(all.total / 25); page++)
			everything.push(...got(await listInterventions(as.senco, { archived: true, page })).rows);
		const firstArchived = everything.findIndex((r) => r.archived);
		expect(everything.slice(firstArchived).every((r) => r.archived)).toBe(true);
		expect(everything.map((r) => r.id)).toContain(archived);
	});
});

describe('interventions', () => {
	it('refuses money that is not money, and costs over £1,000 an hour', () => {
		const cost = (hourlyCost: string) =>
			interventionSchema.safeParse({ version: 0, ...offer({ hourlyCost }) });
		expect(cost('18.50').success).toBe(true);
		expect(cost('£18.50').success).toBe(true);
		expect(cost('£1,000').success).toBe(true);
		for (const bad of ['eighteen', '18.505', '-18', '18.50 an hour', '$18'])
			expect(cost(bad).error?.issues[0]?.message, bad).toBe(
				'Enter the cost per hour in pounds and pence, like 18.50, without any other words'
			);
		expect(cost('1000.01').error?.issues[0]?.message).toBe(
			'The cost per hour must be £1,000 or less'
		);
		expect(cost('').error?.issues[0]?.message).toBe(
			'Enter the cost per hour in pounds, like 18.50'
		);
	});

	it('refuses sizes, sessions and minutes out of range', () => {
		const issues = interventionSchema.safeParse({
			version: 0,
			...offer({ groupSize: '41', sessionsPerWeek: 'three', minutesPerSession: '0' })
		}).error?.issues;
		expect(issues?.map((i) => [i.path[0], i.message])).toEqual([
			['groupSize', 'The group size must be from 1 to 40'],
			['sessionsPerWeek', 'Enter the sessions a week as a whole number, like 3'],
			['minutesPerSession', 'The minutes a session must be from 1 to 480']
		]);
	});

	it('stores the cost in pence, and audits additions with ids and the offer’s own words', async () => {
		const id = await addIntervention({ name: 'Offer test: pence', hourlyCost: '£1,000' });
		expect(got(await getIntervention(as.senco, id)).hourlyCostPence).toBe(100_000);
		const event = await latestAudit(admin.kent, 'provision.intervention-added');
		expect(event?.subject).toBe('Provision records of Oakfield Primary School');
		expect(event?.detail).toMatchObject({
			interventionId: id,
			after: { name: 'Offer test: pence', hourlyCostPence: 100_000 }
		});
		const other = await addIntervention({ hourlyCost: '18.5' });
		expect(got(await getIntervention(as.senco, other)).hourlyCostPence).toBe(1850);
	});

	it('refuses a name the setting already uses, whatever its case', async () => {
		await addIntervention({ name: 'Offer test: Lego therapy' });
		const clash = await createIntervention(as.senco, offer({ name: 'offer TEST: lego therapy' }));
		expect(clash).toMatchObject({ ok: false, reason: 'invalid', field: 'name' });
		// Another setting may use it.
		expect(
			(await createIntervention(as.reviewer, offer({ name: 'Offer test: Lego therapy' }))) as {
				ok: boolean;
			}
		).toMatchObject({ ok: true });
	});

	it('refuses a save made over someone else’s, showing what they saved', async () => {
		const id = await addIntervention({ name: 'Offer test: versions' });
		const first = got(await getIntervention(as.senco, id));
		expect(
			await updateIntervention(as.head, id, first.version, offer({ name: 'Offer test: head’s' }))
		).toEqual({ ok: true, id });
		const stale = await updateIntervention(
			as.senco,
			id,
			first.version,
			offer({ name: 'Offer test: SENCO’s' })
		);
		expect(stale).toMatchObject({
			ok: false,
			reason: 'conflict',
			current: { name: 'Offer test: head’s', hourlyCost: '24.00' },
			version: first.version + 1
		});
		expect(got(await getIntervention(as.senco, id)).name).toBe('Offer test: head’s');
		const event = await latestAudit(admin.kent, 'provision.intervention-changed');
		expect(event?.detail).toEqual({
			interventionId: id,
			before: { name: 'Offer test: versions' },
			after: { name: 'Offer test: head’s' }
		});
	});

	it('is deleted only once it has no records; archiving keeps them', async () => {
		const id = await addIntervention();
		const pupil = await addPupil(as.senco);
		const record = await addRecord(pupil.id, id);

		expect(got(await interventionForDeletion(as.senco, id)).records).toBe(1);
		expect(await deleteIntervention(as.senco, id)).toEqual({
			ok: false,
			reason: 'in-use',
			records: 1
		});
		expect(got(await setInterventionArchived(as.senco, id, true))).toEqual({ ok: true, id });
		expect(
			(await latestAudit(admin.kent, 'provision.intervention-archived'))?.detail
		).toMatchObject({ interventionId: id });
		expect(got(await getRecord(as.senco, record)).record.intervention.id).toBe(id);
		expect(got(await setInterventionArchived(as.senco, id, false))).toEqual({ ok: true, id });
		expect(got(await getIntervention(as.senco, id)).archived).toBe(false);

		got(await deleteRecord(as.senco, record));
		expect(await deleteIntervention(as.senco, id)).toEqual({ ok: true });
		expect(await getIntervention(as.senco, id)).toBeNull();
		expect((await latestAudit(admin.kent, 'provision.intervention-deleted'))?.detail).toMatchObject(
			{ interventionId: id }
		);
	});
});

describe('the record form', () => {
	const form = (changes: Partial<RecordInput & { term: string }> = {}) => ({
		version: 0,
		term: '',
		...place('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'),
		...changes
	});
	const problems = (changes: Partial<RecordInput & { term: string }>) =>
		recordSchema
			.safeParse(form(changes))
			.error?.issues.map((i) => [i.path[0], i.message] as [unknown, string]);

	it('refuses an end before the start, and an outcome before the end', () => {
		expect(problems({ startDate: '2025-09-10', endDate: '2025-09-09' })).toEqual([
			['endDate', 'The end date must be the same as or after the start date']
		]);
		expect(problems({ outcome: 'met' })).toEqual([
			[
				'endDate',
				'Enter the end date: only provision that has ended can have its target met, partly met or not met. Choose “Too early to say” while it goes on'
			]
		]);
		expect(problems({ outcome: 'too_early' })).toBeUndefined();
		expect(problems({ outcome: 'partly_met', endDate: '31/10/2025' })).toBeUndefined();
	});

	it('refuses weeks out of range, an unknown outcome and a missing start', () => {
		expect(problems({ weeks: '53', outcome: 'great', startDate: '' })).toEqual([
			['startDate', 'Enter the start date, or choose a term'],
			['weeks', 'Weeks delivered must be from 0 to 52'],
			['outcome', 'Choose an outcome from the list']
		]);
		expect(problems({ weeks: 'ten' })?.[0]?.[1]).toBe(
			'Enter the weeks delivered as a whole number, like 10, or leave it blank'
		);
		expect(problems({ weeks: '0' })).toBeUndefined();
	});

	it('lets a term set both dates, over anything typed, without JavaScript', () => {
		const data = new FormData();
		data.set('term', '2025-spring');
		data.set('startDate', '2026-02-02');
		data.set('endDate', '');
		withTermDates(data);
		expect([data.get('startDate'), data.get('endDate'), data.get('term')]).toEqual([
			'2026-01-01',
			'2026-03-31',
			''
		]);
		const untouched = new FormData();
		untouched.set('term', 'winter');
		untouched.set('startDate', '2026-02-02');
		withTermDates(untouched);
		expect(untouched.get('startDate')).toBe('2026-02-02');
		expect(problems({ term: 'winter' })).toEqual([['term', 'Choose a term from the list']]);
	});
});

describe('the lists’ query strings', () => {
	it('read the toggle, filters and page, and ignore anything unexpected', () => {
		const query = (q: string) => new URLSearchParams(q);
		expect(interventionFilter(query('archived=yes&page=2'))).toEqual({ archived: true, page: 2 });
		expect(interventionFilter(query('archived=1&page=-1'))).toEqual({ archived: false, page: 1 });
		const id = '00000000-0000-4000-8000-000000000003';
		expect(recordFilter(query(`intervention=${id}&pupil=${id}&status=ended&page=3`))).toEqual({
			interventionId: id,
			pupilId: id,
			status: 'ended',
			page: 3
		});
		expect(recordFilter(query('intervention=1;drop&pupil=x&status=all'))).toEqual(allRecords);
	});
});

describe('provision records', () => {
	it('are added, changed and deleted by the SENCO, audited with ids only', async () => {
		const id = await addIntervention();
		const pupil = await addPupil(as.senco);
		const record = await addRecord(pupil.id, id, { notes: 'Private note about the pupil' });
		const added = (await recordedAudit(db.handle.db, admin.kent, 'provision.record-added'))[0];
		expect(added?.detail).toEqual({ recordId: record, pupilId: pupil.id, interventionId: id });

		const before = got(await getRecord(as.senco, record));
		expect(before.record).toMatchObject({ pupil: { reference: pupil.reference }, version: 1 });
		expect(
			await updateRecord(as.senco, record, 1, {
				...place(pupil.id, id),
				endDate: '2025-12-19',
				outcome: 'met',
				exitMeasure: 'Score 20'
			})
		).toEqual({ ok: true, id: record });
		const changed = (await recordedAudit(db.handle.db, admin.kent, 'provision.record-changed'))[0];
		expect(changed?.detail).toEqual({
			recordId: record,
			pupilId: pupil.id,
			interventionId: id,
			changed: ['endDate', 'exitMeasure', 'outcome', 'notes']
		});

		expect(await deleteRecord(as.senco, record)).toEqual({ ok: true, pupilId: pupil.id });
		expect(await getRecord(as.senco, record)).toBeNull();
		const deleted = (await recordedAudit(db.handle.db, admin.kent, 'provision.record-deleted'))[0];
		expect(deleted?.detail).toEqual({ recordId: record, pupilId: pupil.id, interventionId: id });
		for (const event of [added, changed, deleted]) {
			const logged = JSON.stringify(event);
			expect(logged).not.toContain(pupil.reference);
			expect(logged).not.toContain('Private note');
		}
	});

	it('refuse a second record of the same intervention for a pupil from the same date', async () => {
		const id = await addIntervention();
		const pupil = await addPupil(as.senco);
		await addRecord(pupil.id, id);
		expect(await createRecord(as.senco, place(pupil.id, id))).toMatchObject({
			ok: false,
			reason: 'invalid',
			field: 'startDate',
			message: containing(`${pupil.reference} already has a record of`)
		});
		// Another start, or another pupil, is a record of its own.
		await addRecord(pupil.id, id, { startDate: '2026-01-05' });
		await addRecord((await addPupil(as.senco)).id, id);
		// Moving a record onto another's start is refused too.
		const other = await addRecord(pupil.id, id, { startDate: '2026-04-13' });
		expect(
			await updateRecord(as.senco, other, 1, place(pupil.id, id, { startDate: '2026-01-05' }))
		).toMatchObject({ ok: false, field: 'startDate' });
	});

	it('keep one of two identical records saved at once, and refuse the other', async () => {
		const id = await addIntervention();
		const pupil = await addPupil(as.senco);
		const [a, b] = await atOnce(
			db.handle.db,
			// Holding the setting's row stops each insert at its foreign key check, after its checks.
			(tx) =>
				tx
					.select()
					.from(setting)
					.where(eq(setting.id, as.senco.membership.organisationId))
					.for('update'),
			[
				() => createRecord(as.senco, place(pupil.id, id)),
				() => createRecord(as.senco, place(pupil.id, id))
			]
		);
		expect(a).toMatchObject({ ok: true });
		expect(b).toMatchObject({
			ok: false,
			reason: 'invalid',
			field: 'startDate',
			// On PostgreSQL both passed the check, and the unique key refused the second insert.
			message:
				databaseKind === 'postgres'
					? containing('This pupil already has a record of this intervention')
					: containing(`${pupil.reference} already has a record of`)
		});
		const saved = await inTenant(as.senco, (tx) =>
			tx
				.select({ id: provisionRecord.id })
				.from(provisionRecord)
				.where(and(eq(provisionRecord.pupilId, pupil.id), eq(provisionRecord.interventionId, id)))
		);
		expect(saved).toHaveLength(1);

		const names = await atOnce(
			db.handle.db,
			(tx) =>
				tx
					.select()
					.from(setting)
					.where(eq(setting.id, as.senco.membership.organisationId))
					.for('update'),
			[
				() => createIntervention(as.senco, offer({ name: 'Offer test: at once' })),
				() => createIntervention(as.head, offer({ name: 'OFFER TEST: AT ONCE' }))
			]
		);
		expect(names[0]).toMatchObject({ ok: true });
		expect(names[1]).toMatchObject({ ok: false, reason: 'invalid', field: 'name' });
	});

	it('refuse an archived intervention for a new record, but keep existing ones editable', async () => {
		const id = await addIntervention();
		const pupil = await addPupil(as.senco);
		const record = await addRecord(pupil.id, id);
		got(await setInterventionArchived(as.senco, id, true));
		expect(
			await createRecord(as.senco, place(pupil.id, id, { startDate: '2026-01-05' }))
		).toMatchObject({
			ok: false,
			field: 'interventionId',
			message: containing('is archived')
		});
		expect(
			await updateRecord(as.senco, record, 1, place(pupil.id, id, { outcome: 'too_early' }))
		).toEqual({ ok: true, id: record });
		const choices = got(await newRecordChoices(as.senco));
		expect(choices.interventions.map((i) => i.value)).not.toContain(id);
		expect(got(await getRecord(as.senco, record)).choices?.interventions).toContainEqual({
			value: id,
			label: containing('(archived)')
		});
	});

	it('refuse a pupil of another setting or tenant, or one off the register before the start', async () => {
		const id = await addIntervention();
		const willowbrook = await addPupil(as.reviewer);
		const fenmoor = await addPupil(as.northbury);
		for (const pupilId of [willowbrook.id, fenmoor.id, 'not-an-id'])
			expect(await createRecord(as.senco, place(pupilId, id))).toMatchObject({
				ok: false,
				reason: 'invalid',
				field: 'pupilId',
				message: 'Choose a pupil from the list'
			});
		const left = await addPupil(as.senco, { removedOn: '2025-07-18' });
		expect(await createRecord(as.senco, place(left.id, id))).toMatchObject({
			ok: false,
			field: 'pupilId',
			message: containing('taken off the SEN register on 18 July 2025')
		});
		// Provision that started while the pupil was on the register can still be recorded.
		await addRecord(left.id, id, { startDate: '2025-04-14', endDate: '2025-07-11' });
		expect(got(await newRecordChoices(as.senco)).pupils.map((p) => p.value)).not.toContain(left.id);
		// And another setting's intervention is not offered either.
		const theirs = await addIntervention({}, as.reviewer);
		const mine = await addPupil(as.senco);
		expect(await createRecord(as.senco, place(mine.id, theirs))).toMatchObject({
			ok: false,
			field: 'interventionId',
			message: 'Choose an intervention from the list'
		});
	});

	it('refuse a save made over someone else’s, showing what they saved', async () => {
		const id = await addIntervention();
		const pupil = await addPupil(as.senco);
		const record = await addRecord(pupil.id, id);
		await updateRecord(as.head, record, 1, place(pupil.id, id, { exitMeasure: 'Score 18' }));
		expect(
			await updateRecord(as.senco, record, 1, place(pupil.id, id, { exitMeasure: 'Score 30' }))
		).toMatchObject({
			ok: false,
			reason: 'conflict',
			current: { exitMeasure: 'Score 18', endDate: '', weeks: '' },
			version: 2
		});
		expect(got(await getRecord(as.senco, record)).record.exitMeasure).toBe('Score 18');
	});

	it('are listed newest first, filtered by intervention, pupil and whether they have ended', async () => {
		const id = await addIntervention();
		const [a, b] = [await addPupil(as.senco), await addPupil(as.senco)];
		await addRecord(a.id, id, { startDate: '2025-01-06', endDate: '2025-03-28', weeks: '10' });
		await addRecord(a.id, id, { startDate: '2025-09-01' });
		await addRecord(b.id, id, { startDate: '2025-09-08' });

		const ofIntervention = got(
			await listRecords(as.senco, { ...allRecords, interventionId: id }, '2025-10-14')
		);
		expect(ofIntervention.total).toBe(3);
		expect(ofIntervention.rows.map((r) => [r.pupil.reference, r.startDate])).toEqual([
			[b.reference, '2025-09-08'],
			[a.reference, '2025-09-01'],
			[a.reference, '2025-01-06']
		]);
		expect(ofIntervention.rows[2]).toMatchObject({ weeks: 10, hours: 10, costPence: 8000 });
		const ofPupil = got(
			await listRecords(as.senco, { ...allRecords, interventionId: id, pupilId: a.id })
		);
		expect(ofPupil.total).toBe(2);
		expect(ofPupil.pupil?.reference).toBe(a.reference);
		const ended = got(
			await listRecords(as.senco, { ...allRecords, interventionId: id, status: 'ended' })
		);
		expect(ended.rows.map((r) => r.startDate)).toEqual(['2025-01-06']);
	});

	it('are given to the dashboard for a range, with their pupil and intervention', async () => {
		const id = await addIntervention({ name: 'Offer test: range' });
		const pupil = await addPupil(as.senco);
		const before = await addRecord(pupil.id, id, {
			startDate: '2024-01-08',
			endDate: '2024-03-22'
		});
		const across = await addRecord(pupil.id, id, {
			startDate: '2024-06-03',
			endDate: '2024-10-04'
		});
		const ongoing = await addRecord(pupil.id, id, {
			startDate: '2025-01-06',
			outcome: 'too_early'
		});
		const year = { from: '2024-09-01', to: '2025-08-31' };
		const rows = got(
			await readProvision(as.senco, (tx, access) => listSettingRecords(tx, access.settingId, year))
		).filter((r) => r.intervention.id === id);
		expect(rows.map((r) => r.id)).toEqual([across, ongoing]);
		expect(rows.map((r) => r.id)).not.toContain(before);
		expect(rows[1]).toEqual({
			id: ongoing,
			pupilId: pupil.id,
			startDate: '2025-01-06',
			endDate: null,
			weeks: null,
			outcome: 'too_early',
			entryMeasure: 'Score 12',
			exitMeasure: '',
			notes: '',
			pupil: { reference: pupil.reference, yearGroup: '3', senStatus: 'K', primaryNeed: 'SLCN' },
			intervention: {
				id,
				name: 'Offer test: range',
				areaOfNeed: 'cognition_learning',
				tier: 'targeted',
				groupSize: 3,
				sessionsPerWeek: 3,
				minutesPerSession: 20,
				hourlyCostPence: 2400
			}
		});
		// Another setting's listing never holds them.
		const theirs = got(
			await readProvision(as.reviewer, (tx, access) =>
				listSettingRecords(tx, access.settingId, year)
			)
		);
		expect(theirs.map((r) => r.id)).not.toContain(ongoing);
	});
});

describe('who reaches the offer and the records', () => {
	let interventionId: string;
	let recordId: string;
	let pupilId: string;
	beforeAll(async () => {
		interventionId = await addIntervention();
		pupilId = (await addPupil(as.senco)).id;
		recordId = await addRecord(pupilId, interventionId);
	});

	it('keeps staff out until the head allows them, then lets them read but not write', async () => {
		got(await setStaffAccess(as.head, false));
		expect(await getRecord(as.staff, recordId)).toBe(NO_ACCESS);
		expect(await listInterventions(as.staff, { archived: false, page: 1 })).toBe(NO_ACCESS);
		expect(await createIntervention(as.staff, offer())).toBe(NO_ACCESS);

		got(await setStaffAccess(as.head, true));
		const read = got(await getRecord(as.staff, recordId));
		expect(read).toMatchObject({ canEdit: false, choices: null });
		expect(got(await getIntervention(as.staff, interventionId)).canEdit).toBe(false);
		expect(await createIntervention(as.staff, offer())).toBe(READ_ONLY);
		expect(await updateIntervention(as.staff, interventionId, 1, offer())).toBe(READ_ONLY);
		expect(await setInterventionArchived(as.staff, interventionId, true)).toBe(READ_ONLY);
		expect(await deleteIntervention(as.staff, interventionId)).toBe(READ_ONLY);
		expect(
			await createRecord(as.staff, place(pupilId, interventionId, { startDate: '2026-01-05' }))
		).toBe(READ_ONLY);
		expect(await updateRecord(as.staff, recordId, 1, place(pupilId, interventionId))).toBe(
			READ_ONLY
		);
		expect(await deleteRecord(as.staff, recordId)).toBe(READ_ONLY);
		expect(got(await getRecord(as.senco, recordId)).record.version).toBe(1);
		got(await setStaffAccess(as.head, false));
	});

	it('never shows one setting’s records to another setting’s SENCO', async () => {
		expect(await getRecord(as.reviewer, recordId)).toBeNull();
		expect(await getIntervention(as.reviewer, interventionId)).toBeNull();
		expect(await updateRecord(as.reviewer, recordId, 1, place(pupilId, interventionId))).toBeNull();
		expect(await deleteRecord(as.reviewer, recordId)).toBeNull();
		expect(await deleteIntervention(as.reviewer, interventionId)).toBeNull();
		const theirs = got(await listInterventions(as.reviewer, { archived: true, page: 1 }));
		expect(theirs.rows.map((r) => r.id)).not.toContain(interventionId);
		expect(got(await listRecords(as.reviewer, allRecords)).rows.map((r) => r.id)).not.toContain(
			recordId
		);
	});

	it('keeps the area board and the LA out altogether', async () => {
		for (const scope of [as.board, admin.kent]) {
			expect(await getRecord(scope, recordId)).toBe(NO_ACCESS);
			expect(await listInterventions(scope, { archived: false, page: 1 })).toBe(NO_ACCESS);
			expect(await listRecords(scope, allRecords)).toBe(NO_ACCESS);
			expect(await createIntervention(scope, offer())).toBe(NO_ACCESS);
			expect(await deleteRecord(scope, recordId)).toBe(NO_ACCESS);
		}
	});

	it('gives another tenant nothing for Kent’s ids', async () => {
		expect(await getRecord(as.northbury, recordId)).toBeNull();
		expect(await getIntervention(as.northbury, interventionId)).toBeNull();
		expect(await interventionForDeletion(as.northbury, interventionId)).toBeNull();
		expect(await setInterventionArchived(as.northbury, interventionId, true)).toBeNull();
		expect(await updateIntervention(as.northbury, interventionId, 1, offer())).toBeNull();
		expect(await deleteRecord(as.northbury, recordId)).toBeNull();
		expect(got(await getRecord(as.senco, recordId)).record.id).toBe(recordId);
	});

	it('answers not found for ids that are not ids', async () => {
		expect(await getRecord(as.senco, 'nope')).toBeNull();
		expect(await getIntervention(as.senco, '1; drop table intervention')).toBeNull();
	});
});
