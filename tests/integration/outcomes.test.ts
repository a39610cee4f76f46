import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInEngland } from '../../src/lib/domain/dates';
import { outcomePeriods, type OutcomeRow } from '../../src/lib/domain/outcomes';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	organisation,
	outcomeValue,
	senPupil,
	setting,
	tenant
} from '../../src/lib/server/db/schema';
import {
	addOutcomeValue,
	changeOutcomeValue,
	deleteOutcomeValue,
	getOutcomeValue,
	outcomeIndicators
} from '../../src/lib/server/services/outcomes';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor, useAdminScopes } from './support/fixtures';
import { atOnce } from './support/races';

const db = useTestDatabase();
const admin = useAdminScopes();

const today = todayInEngland();
const [current, last, earliest] = outcomePeriods(today).map((p) => p.label) as [
	string,
	string,
	string
];

let officer: Scope;
beforeAll(() => {
	// The demo has no LA officer; the services decide on the role the guard puts in the scope.
	officer = { ...admin.kent, membership: { ...admin.kent.membership, role: 'officer' } };
});

const row = (rows: OutcomeRow[], key: string) => rows.find((r) => r.indicator.key === key)!;
const cellOf = async (scope: Scope, key: string, period: string) => {
	const overview = await outcomeIndicators(scope);
	return row(overview!.rows, key).cells.find((c) => c.period === period)!;
};

/** The field and message of a refused entry, or null when it was not refused as invalid. */
const problem = (result: { ok: boolean; field?: string; message?: string }) =>
	result.ok || !result.message ? null : `${result.field}: ${result.message}`;

/** Enters a figure that the test expects to be saved, and returns its id. */
async function entered(scope: Scope, indicator: string, period: string, value: string) {
	const result = await addOutcomeValue(scope, { indicator, period, value, source: 'LA survey' });
	if (!result.ok) throw new Error(`Not entered: ${JSON.stringify(result)}`);
	return result.id;
}

describe('entering, changing and deleting figures', () => {
	it('lets an LA admin enter a figure, shown with its comparison with England', async () => {
		const result = await addOutcomeValue(admin.kent, {
			indicator: 'ehcp_within_20_weeks',
			period: last,
			value: '51.6%',
			source: 'SEN2 return'
		});
		expect(result.ok).toBe(true);
		const cell = await cellOf(admin.kent, 'ehcp_within_20_weeks', last);
		expect(cell.figure).toBe(51.6);
		expect(cell.entry).toMatchObject({
			source: 'SEN2 return',
			version: 1,
			enteredBy: 'Alex Morgan'
		});
		expect(cell.comparison).toMatchObject({ verdict: 'better', gap: 1.3 });
		expect(cell.canEnter).toBe(false);
		const audit = await latestAudit(admin.kent, 'outcome.value-added');
		expect(audit?.subject).toBe(`EHC plans issued within 20 weeks, ${last}`);
		expect(audit?.detail).toMatchObject({ after: { value: 51.6, source: 'SEN2 return' } });
	});

	it('lets an LA officer enter figures too', async () => {
		const id = await entered(officer, 'forum_participation', current, '1,250');
		expect((await getOutcomeValue(officer, id))?.value).toBe(1250);
	});

	it('refuses a second figure for the same indicator and year, saying what to do', async () => {
		await entered(admin.kent, 'family_satisfaction', last, '82');
		expect(
			await addOutcomeValue(officer, {
				indicator: 'family_satisfaction',
				period: last,
				value: '80',
				source: 'Another survey'
			})
		).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'period',
			message: `Family satisfaction: a figure for ${last} is already entered. Change that figure instead of adding another`
		});
	});

	it('enters one figure when the same one is submitted twice at once', async () => {
		const figure = { indicator: 'pupil_satisfaction', period: earliest, source: 'Survey' };
		const results = await atOnce(
			db.handle.db,
			// Holding the tenant's row stops each insert at its foreign key check.
			(tx) => tx.select().from(tenant).where(eq(tenant.id, admin.kent.tenantId)).for('update'),
			[
				() => addOutcomeValue(admin.kent, { ...figure, value: '64' }),
				() => addOutcomeValue(officer, { ...figure, value: '65' })
			]
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(problem(results.find((r) => !r.ok)!)).toMatch(/^period: .* already entered/);
		expect((await cellOf(admin.kent, 'pupil_satisfaction', earliest)).figure).toBe(64);
	});

	it('refuses figures out of range or too precise, for the indicator’s unit', async () => {
		const attempt = (indicator: string, value: string) =>
			addOutcomeValue(admin.kent, { indicator, period: earliest, value, source: 'Survey' });
		expect(await attempt('post16_engagement', '100.5')).toMatchObject({
			field: 'value',
			message: 'Enter a percentage from 0 to 100'
		});
		expect(await attempt('post16_engagement', '-2')).toMatchObject({ field: 'value' });
		expect(await attempt('post16_engagement', '88.25')).toMatchObject({
			field: 'value',
			message: 'Enter the percentage to one decimal place at most'
		});
		expect(await attempt('forum_participation', '12.5')).toMatchObject({
			field: 'value',
			message: 'Enter a whole number, like 120'
		});
		expect(await attempt('no_such_indicator', '12')).toMatchObject({ field: 'indicator' });
		for (const key of ['post16_engagement', 'forum_participation'])
			expect((await cellOf(admin.kent, key, earliest)).entry, key).toBeNull();
	});

	it('has the database refuse what the service would, should anything get past it', async () => {
		const insert = (indicator: 'post16_engagement' | 'forum_participation', value: number) =>
			db.handle.db.insert(outcomeValue).values({
				tenantId: admin.kent.tenantId,
				indicator,
				period: earliest,
				value,
				source: 'x',
				enteredBy: admin.kent.userId
			});
		await expect(insert('post16_engagement', 100.5)).rejects.toThrow();
		await expect(insert('forum_participation', 12.5)).rejects.toThrow();
		await expect(
			db.handle.db.execute(
				sql`insert into outcome_value (tenant_id, indicator, period, value, source, entered_by)
					values (${admin.kent.tenantId}, 'post16_engagement', '2025/27', 50, 'x', ${admin.kent.userId})`
			)
		).rejects.toThrow();
	});

	it('refuses years not shown, and this year of the computed indicator', async () => {
		const attempt = (indicator: string, period: string) =>
			addOutcomeValue(admin.kent, { indicator, period, value: '40', source: 'Survey' });
		expect(await attempt('ehcp_in_mainstream', current)).toMatchObject({
			field: 'period',
			message: `The figure for ${current} is worked out from settings’ SEN registers. You can enter figures for earlier years`
		});
		const next = Number(current.slice(0, 4)) + 1;
		expect(
			problem(
				await attempt('transition_success', `${next}/${String((next + 1) % 100).padStart(2, '0')}`)
			)
		).toMatch(/^period: .* has not started yet/);
		const old = Number(earliest.slice(0, 4)) - 1;
		expect(
			problem(
				await attempt('transition_success', `${old}/${String((old + 1) % 100).padStart(2, '0')}`)
			)
		).toMatch(/^period: .*last three school years/);
		expect(await entered(admin.kent, 'ehcp_in_mainstream', last, '35')).toBeTruthy();
	});

	it('changes a figure, and refuses a stale save showing what is saved now', async () => {
		const id = await entered(admin.kent, 'pupil_satisfaction', last, '70');
		expect(
			await changeOutcomeValue(officer, id, 1, { value: '72.5', source: 'Pupil voice survey' })
		).toEqual({ ok: true, id });
		const stale = await changeOutcomeValue(admin.kent, id, 1, { value: '60', source: 'Old' });
		expect(stale).toEqual({
			ok: false,
			reason: 'stale',
			current: { value: '72.5', source: 'Pupil voice survey' },
			version: 2
		});
		expect(await getOutcomeValue(admin.kent, id)).toMatchObject({
			value: 72.5,
			version: 2,
			enteredBy: 'Alex Morgan'
		});
		const audit = await latestAudit(admin.kent, 'outcome.value-changed');
		expect(audit?.detail).toMatchObject({
			before: { value: 70, source: 'LA survey' },
			after: { value: 72.5, source: 'Pupil voice survey' }
		});
		expect(
			await changeOutcomeValue(admin.kent, id, 2, { value: '101', source: 'Survey' })
		).toMatchObject({ ok: false, reason: 'invalid', field: 'value' });
		// Saving what is already saved changes nothing, not even the version.
		expect(
			await changeOutcomeValue(admin.kent, id, 2, { value: '72.5', source: 'Pupil voice survey' })
		).toEqual({ ok: true, id });
		expect((await getOutcomeValue(admin.kent, id))?.version).toBe(2);
	});

	it('saves one of two changes made at once from the same version', async () => {
		const id = await entered(admin.kent, 'family_satisfaction', earliest, '70');
		const results = await atOnce(
			db.handle.db,
			(tx) => tx.select().from(outcomeValue).where(eq(outcomeValue.id, id)).for('update'),
			[
				() => changeOutcomeValue(admin.kent, id, 1, { value: '71', source: 'First' }),
				() => changeOutcomeValue(officer, id, 1, { value: '72', source: 'Second' })
			]
		);
		expect(results[0]).toEqual({ ok: true, id });
		expect(results[1]).toEqual({
			ok: false,
			reason: 'stale',
			current: { value: '71', source: 'First' },
			version: 2
		});
	});

	it('deletes a figure as read, not one changed since', async () => {
		const id = await entered(admin.kent, 'transition_success', earliest, '88');
		await changeOutcomeValue(admin.kent, id, 1, { value: '89', source: 'LA survey' });
		expect(await deleteOutcomeValue(officer, id, 1)).toEqual({ ok: false, reason: 'stale' });
		expect(await getOutcomeValue(admin.kent, id)).not.toBeNull();
		expect(await deleteOutcomeValue(officer, id, 2)).toEqual({ ok: true });
		expect(await getOutcomeValue(admin.kent, id)).toBeNull();
		expect((await cellOf(admin.kent, 'transition_success', earliest)).canEnter).toBe(true);
		const audit = await latestAudit(admin.kent, 'outcome.value-deleted');
		expect(audit?.detail).toMatchObject({ before: { value: 89 } });
		expect(await deleteOutcomeValue(officer, id, 2)).toEqual({ ok: false, reason: 'not-found' });
	});
});

describe('who may see and change the figures', () => {
	let id: string;
	beforeAll(async () => {
		id = await entered(admin.kent, 'post16_engagement', last, '91');
	});

	it('refuses board members and setting roles', async () => {
		for (const email of [
			'board@kent.test',
			'senco@kent.test',
			'head@kent.test',
			'staff@kent.test'
		]) {
			const scope = await scopeFor(email);
			expect(await outcomeIndicators(scope), email).toBeNull();
			expect(await getOutcomeValue(scope, id), email).toBeNull();
			expect(
				await addOutcomeValue(scope, {
					indicator: 'post16_engagement',
					period: earliest,
					value: '50',
					source: 'x'
				}),
				email
			).toEqual({ ok: false, reason: 'forbidden' });
			expect(await changeOutcomeValue(scope, id, 1, { value: '1', source: 'x' }), email).toEqual({
				ok: false,
				reason: 'forbidden'
			});
			expect(await deleteOutcomeValue(scope, id, 1), email).toEqual({
				ok: false,
				reason: 'forbidden'
			});
		}
		expect((await getOutcomeValue(admin.kent, id))?.value).toBe(91);
	});

	it('keeps each tenant’s figures to itself', async () => {
		expect(await getOutcomeValue(admin.northbury, id)).toBeNull();
		expect(await changeOutcomeValue(admin.northbury, id, 1, { value: '1', source: 'x' })).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await deleteOutcomeValue(admin.northbury, id, 1)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		const theirs = await outcomeIndicators(admin.northbury);
		expect(theirs!.rows.flatMap((r) => r.cells).filter((c) => c.entry)).toEqual([]);
		// The same indicator and year is free in the other tenant.
		const own = await entered(admin.northbury, 'post16_engagement', last, '75');
		expect((await cellOf(admin.northbury, 'post16_engagement', last)).entry?.id).toBe(own);
		expect((await cellOf(admin.kent, 'post16_engagement', last)).figure).toBe(91);
		expect((await getOutcomeValue(admin.kent, id))?.version).toBe(1);
	});
});

describe('the share of pupils with an EHC plan in mainstream schools', () => {
	// The demo's registers (seed/demo.ts, KENT_REGISTERS), pupils with an EHC plan:
	// mainstream 8 + 3 + 14 + 6 + 10 + 2 + 4 + 3 + 15 + 8 = 73 (Oakfield, Willowbrook,
	// Kingsmead, Cliffside, Harbour View, Castle Hill, Seabrook, Marsh Edge, Riverside,
	// Westgate); special 90 + 120 = 210 (Hawthorn, Stour Valley); PRU 3 (Channel Coast);
	// early years 1 (Little Acorns). 73 of 287 is 25.4%.
	it('is worked out for this year from the registers as they stand', async () => {
		const cell = await cellOf(admin.kent, 'ehcp_in_mainstream', current);
		expect(cell.computed).toEqual({ kind: 'value', value: 25.4, part: 73, whole: 287 });
		expect(cell.figure).toBe(25.4);
		expect(cell.comparison).toMatchObject({ verdict: 'worse', gap: 22.6 });
		expect(cell.canEnter).toBe(false);
	});

	it('says how many settings keep their register in Inclusio', async () => {
		const [settings] = await db.handle.db
			.select({ n: sql<number>`count(*)::int` })
			.from(setting)
			.innerJoin(tenant, eq(tenant.id, setting.tenantId))
			.where(eq(tenant.slug, 'kent'));
		const [mainstream] = await db.handle.db
			.select({ n: sql<number>`count(*)::int` })
			.from(setting)
			.innerJoin(tenant, eq(tenant.id, setting.tenantId))
			.where(and(eq(tenant.slug, 'kent'), eq(setting.settingType, 'mainstream')));
		expect((await outcomeIndicators(admin.kent))?.coverage).toEqual({
			settings: settings!.n,
			keeping: 14,
			mainstream: mainstream!.n,
			mainstreamKeeping: 10
		});
	});

	it('is not worked out for earlier years, which show what was entered or nothing', async () => {
		const overview = await outcomeIndicators(admin.kent);
		const [, lastYear, yearBefore] = row(overview!.rows, 'ehcp_in_mainstream').cells;
		expect(lastYear).toMatchObject({ computed: null, figure: 35 });
		expect(yearBefore).toMatchObject({ computed: null, figure: null, canEnter: true });
	});

	it('is withheld where the pupils with a plan are too few to show', async () => {
		// Northbury's only register (Fenmoor) has 4 pupils with an EHC plan: a small count.
		const cell = await cellOf(admin.northbury, 'ehcp_in_mainstream', current);
		expect(cell.computed?.kind).toBe('withheld');
		expect(cell.computed?.kind !== 'value' && cell.computed?.reason).toMatch(/^Withheld: /);
		expect(cell.figure).toBeNull();
		expect(cell.comparison).toBeNull();
	});

	it('has no data once no pupil with a plan is on any register', async () => {
		const [fenmoor] = await db.handle.db
			.select({ id: organisation.id })
			.from(organisation)
			.where(eq(organisation.name, 'Fenmoor Primary School'));
		await db.handle.db
			.delete(senPupil)
			.where(and(eq(senPupil.settingId, fenmoor!.id), eq(senPupil.senStatus, 'E')));
		const cell = await cellOf(admin.northbury, 'ehcp_in_mainstream', current);
		expect(cell.computed?.kind).toBe('no-data');
		expect(cell.computed?.kind !== 'value' && cell.computed?.reason).toMatch(/^No data: /);
		expect(cell.figure).toBeNull();
	});
});
