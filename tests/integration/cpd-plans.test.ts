import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CpdAudience } from '../../src/lib/domain/cpd';
import type { AreaOfNeed } from '../../src/lib/domain/framework';
import type { PlanItemFigures, PlanItemInput } from '../../src/lib/schemas/cpd-plan';
import type { Scope } from '../../src/lib/server/auth/guards';
import type { Tx } from '../../src/lib/server/db/tenant';
import {
	cpdOffer,
	cpdOfferCriterion,
	cpdPlan,
	cpdPlanItem,
	framework,
	frameworkCriterion,
	frameworkVersion,
	judgement,
	selfEvaluation
} from '../../src/lib/server/db/schema';
import {
	addItem,
	changeItem,
	removeItem,
	reviewImpact,
	setBudget
} from '../../src/lib/server/services/cpd-plan-changes';
import { deleteOffer, setOfferActive } from '../../src/lib/server/services/cpd-catalogue';
import { cpdPlanFor, newItemForm, planItemFor } from '../../src/lib/server/services/cpd-plans';
import { createDraft } from '../../src/lib/server/services/frameworks';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor, useAdminScopes } from './support/fixtures';
import { atOnce } from './support/races';

const db = useTestDatabase();
const admin = useAdminScopes();

const as = {} as Record<'head' | 'senco' | 'staff' | 'otherSetting' | 'northbury', Scope>;
/** Kent's demo cycles: this year's (Oakfield in progress) and last year's (signed off). */
const cycle = { current: '', previous: '' };
let mcsId = '';
/** Oakfield's criteria of the MCS version both its self-evaluations use, by code. */
const criterion = new Map<string, string>();

beforeAll(async () => {
	as.head = await scopeFor('head@kent.test');
	as.senco = await scopeFor('senco@kent.test');
	as.staff = await scopeFor('staff@kent.test');
	as.otherSetting = await scopeFor('reviewer@kent.test');
	as.northbury = await scopeFor('senco@northbury.test');
	// The demo's own catalogue and plans are another part's work: this file starts from none.
	await db.handle.db.delete(cpdPlan);
	await db.handle.db.delete(cpdOffer);
	const plan = await cpdPlanFor(as.head, null);
	expect(plan?.cycles.map((c) => c.name)).toEqual(['2026/27', '2025/26']);
	cycle.current = plan!.cycles[0]!.id;
	cycle.previous = plan!.cycles[1]!.id;
	mcsId = plan!.framework!.id;
	const rows = await db.handle.db
		.select({ id: frameworkCriterion.id, code: frameworkCriterion.code })
		.from(frameworkCriterion)
		.innerJoin(selfEvaluation, eq(selfEvaluation.versionId, frameworkCriterion.versionId))
		.where(
			and(
				eq(selfEvaluation.cycleId, cycle.current),
				eq(selfEvaluation.settingId, as.head.membership.organisationId)
			)
		);
	for (const r of rows) criterion.set(r.code, r.id);
});

const id = (code: string) => criterion.get(code)!;

let offerCount = 0;
/** Adds an offer to Kent's catalogue, mapped to the given criterion codes of the MCS. */
async function offer(
	title: string,
	options: {
		costPence?: number;
		minutes?: number;
		areas?: AreaOfNeed[];
		codes?: string[];
		active?: boolean;
	} = {}
) {
	offerCount += 1;
	const [row] = await db.handle.db
		.insert(cpdOffer)
		.values({
			tenantId: as.head.tenantId,
			title,
			provider: `Provider ${offerCount}`,
			format: 'face_to_face',
			minutes: options.minutes ?? 120,
			costPence: options.costPence ?? 10_000,
			audiences: ['teacher'] satisfies CpdAudience[],
			areasOfNeed: options.areas ?? [],
			active: options.active ?? true
		})
		.returning({ id: cpdOffer.id });
	if (options.codes?.length)
		await db.handle.db.insert(cpdOfferCriterion).values(
			options.codes.map((code) => ({
				tenantId: as.head.tenantId,
				offerId: row!.id,
				frameworkId: mcsId,
				criterionCode: code
			}))
		);
	return row!.id;
}

const planned = (fields: Partial<PlanItemFigures> = {}): PlanItemFigures => ({
	attendees: 'Two teaching assistants and the SENCO',
	places: 1,
	plannedOn: null,
	status: 'planned',
	costPence: null,
	minutesEach: null,
	...fields
});
const ofOffer = (offerId: string, fields: Partial<PlanItemFigures> = {}): PlanItemInput => ({
	kind: 'offer',
	offerId,
	...planned(fields)
});
const inHouse = (
	activity: string,
	costPence: number,
	minutesEach: number,
	fields: Partial<PlanItemFigures> = {}
): PlanItemInput => ({
	...planned(fields),
	kind: 'in_house',
	activity,
	costPence,
	minutesEach
});

/** Adds an item the test expects to be added, and returns its id. */
async function added(cycleId: string, code: string, input: PlanItemInput, scope = as.senco) {
	const result = await addItem(scope, cycleId, id(code), input);
	if (!result.ok) throw new Error(`Not added: ${JSON.stringify(result)}`);
	return result.id;
}

/** Changes Oakfield's self-rating of a criterion in this year's self-evaluation. */
async function rateNow(code: string, rating: number) {
	const [evaluation] = await db.handle.db
		.select({ id: selfEvaluation.id })
		.from(selfEvaluation)
		.where(
			and(
				eq(selfEvaluation.cycleId, cycle.current),
				eq(selfEvaluation.settingId, as.head.membership.organisationId)
			)
		);
	await db.handle.db
		.update(judgement)
		.set({ rating })
		.where(and(eq(judgement.evaluationId, evaluation!.id), eq(judgement.criterionId, id(code))));
}

const itemOf = async (itemId: string) => (await planItemFor(as.senco, itemId))!.item;

describe('the budget and totals', () => {
	it('works out cost and staff time to the penny and minute, against the budgets', async () => {
		const empty = await cpdPlanFor(as.head, cycle.current);
		expect(empty).toMatchObject({ budgetPence: null, budgetMinutes: null, version: 0 });
		expect(empty?.items).toEqual([]);

		const autism = await offer('Autism awareness for TAs', { costPence: 4550, minutes: 180 });
		const talk = await offer('Talk for all', { costPence: 12_000, minutes: 90 });
		// 3 places at £45.50 = £136.50, and 3 × 3 hours of staff time.
		const first = await added(cycle.current, 'MCS-1.3', ofOffer(autism, { places: 3 }));
		// A cost given overrides cost × places; staff time left blank is the offer's length.
		await added(
			cycle.current,
			'MCS-2.6',
			ofOffer(talk, { places: 2, costPence: 20_000, status: 'booked' })
		);
		// In-house: free, 1.5 hours for each of 4 people.
		await added(
			cycle.current,
			'MCS-2.6',
			inHouse('Staff meeting on visual timetables', 0, 90, { places: 4, status: 'done' })
		);

		const budget = await setBudget(as.head, cycle.current, {
			budget: '300',
			hours: '20',
			version: 0
		});
		expect(budget).toEqual({ ok: true });
		const plan = await cpdPlanFor(as.head, cycle.current);
		expect(plan).toMatchObject({ budgetPence: 30_000, budgetMinutes: 1200, version: 1 });
		expect(plan!.items.find((i) => i.id === first)).toMatchObject({
			costPence: 13_650,
			minutesEach: 180,
			places: 3,
			ratingBefore: 2,
			status: 'planned'
		});
		expect(plan!.totals).toEqual({
			costPence: 33_650,
			// 3 × 180 + 2 × 90 + 4 × 90 minutes: 18 hours.
			staffMinutes: 1080,
			committedPence: 33_650,
			byStatus: { planned: 1, booked: 1, done: 1 },
			budgetPence: 30_000,
			overBudget: true,
			remainingPence: -3650,
			budgetMinutes: 1200,
			overTime: false
		});

		// Raising the budget to the exact cost, and cutting the staff time below what is planned.
		const raised = await setBudget(as.head, cycle.current, {
			budget: '336.50',
			hours: '17.5',
			version: 1
		});
		expect(raised.ok).toBe(true);
		const after = await cpdPlanFor(as.head, cycle.current);
		expect(after!.totals).toMatchObject({
			overBudget: false,
			remainingPence: 0,
			budgetMinutes: 1050,
			overTime: true
		});
		const audit = await latestAudit(as.head, 'cpd.budget-set');
		expect(audit?.subject).toBe('CPD plan of Oakfield Primary School, 2026/27');
		expect(audit?.detail).toMatchObject({
			before: { budgetPence: 30_000, budgetMinutes: 1200 },
			after: { budgetPence: 33_650, budgetMinutes: 1050 }
		});

		// Cleared: no budget at all.
		await setBudget(as.head, cycle.current, { budget: '', hours: '', version: 2 });
		expect((await cpdPlanFor(as.head, cycle.current))!.totals).toMatchObject({
			budgetPence: null,
			remainingPence: null,
			overBudget: false,
			overTime: false
		});
		for (const item of (await cpdPlanFor(as.head, cycle.current))!.items)
			expect((await removeItem(as.senco, item.id, item.version)).ok).toBe(true);
	});

	it('lets only the head set the budget', async () => {
		for (const scope of [as.senco, as.staff])
			expect(
				await setBudget(scope, cycle.previous, { budget: '100', hours: '', version: 0 })
			).toEqual({ ok: false, reason: 'forbidden' });
		const plan = await cpdPlanFor(as.senco, cycle.previous);
		expect(plan).toMatchObject({ canPlan: true, canBudget: false, budgetPence: null });
		// Clearing the budget of a plan not made yet does nothing.
		expect(await setBudget(as.head, cycle.previous, { budget: '', hours: '', version: 0 })).toEqual(
			{ ok: true }
		);
		expect((await cpdPlanFor(as.head, cycle.previous))?.version).toBe(0);
	});

	it('takes the first of two first budgets sent at once, and shows it to the second', async () => {
		const results = await atOnce(
			db.handle.db,
			(tx) => tx.execute(sql`lock table cpd_plan in share row exclusive mode`),
			[
				() => setBudget(as.head, cycle.previous, { budget: '800', hours: '', version: 0 }),
				() => setBudget(as.head, cycle.previous, { budget: '900', hours: '30', version: 0 })
			]
		);
		// Whichever saved first, the other is refused and shown what it saved.
		const won = results.findIndex((r) => r.ok);
		const saved = [
			{ budget: '800.00', hours: '', pence: 80_000, minutes: null },
			{ budget: '900.00', hours: '30', pence: 90_000, minutes: 1800 }
		][won]!;
		expect(results[1 - won]).toEqual({
			ok: false,
			reason: 'stale',
			current: { budget: saved.budget, hours: saved.hours },
			version: 1
		});
		expect(await cpdPlanFor(as.head, cycle.previous)).toMatchObject({
			budgetPence: saved.pence,
			budgetMinutes: saved.minutes,
			version: 1
		});
	});

	it('refuses a budget read before someone else set it, showing what they set', async () => {
		const budgetOf = async () => (await cpdPlanFor(as.head, cycle.previous))!;
		const read = (await budgetOf()).version;
		expect(
			await setBudget(as.head, cycle.previous, { budget: '1,250', hours: '40', version: read })
		).toEqual({ ok: true });
		const stale = await setBudget(as.head, cycle.previous, {
			budget: '900',
			hours: '',
			version: read
		});
		expect(stale).toEqual({
			ok: false,
			reason: 'stale',
			current: { budget: '1250.00', hours: '40' },
			version: read + 1
		});
		expect(await budgetOf()).toMatchObject({ budgetPence: 125_000, budgetMinutes: 2400 });
	});

	it('is made by the first item, once when two come at once, keeping a budget form valid', async () => {
		await db.handle.db.delete(cpdPlan).where(eq(cpdPlan.cycleId, cycle.current));
		const read = (await cpdPlanFor(as.head, cycle.current))!.version;
		expect(read).toBe(0);
		const [a, b] = await atOnce(
			db.handle.db,
			(tx) => tx.execute(sql`lock table cpd_plan in share row exclusive mode`),
			[
				() => addItem(as.senco, cycle.current, id('MCS-1.5'), inHouse('Coaching', 0, 60)),
				() => addItem(as.head, cycle.current, id('MCS-1.6'), inHouse('Reading', 0, 30))
			]
		);
		expect([a.ok, b.ok]).toEqual([true, true]);
		const plan = await cpdPlanFor(as.head, cycle.current);
		expect(plan?.items.map((i) => i.title).sort()).toEqual(['Coaching', 'Reading']);
		const [{ plans }] = (await db.handle.db
			.select({ plans: sql<number>`count(*)::int` })
			.from(cpdPlan)
			.where(eq(cpdPlan.cycleId, cycle.current))) as [{ plans: number }];
		expect(plans).toBe(1);
		// The items made the plan, not a budget: the head's form read before them still saves.
		expect(plan).toMatchObject({ version: 0, budgetPence: null });
		expect(
			await setBudget(as.head, cycle.current, { budget: '500', hours: '', version: read })
		).toEqual({ ok: true });
		for (const item of plan!.items) await removeItem(as.senco, item.id, item.version);
	});
});

describe('choosing offers for a gap', () => {
	it('suggests offers for the criterion first, then by shared areas of need, never withdrawn ones', async () => {
		// MCS-8.3 is about social, emotional and mental health and communication and interaction.
		const forIt = await offer('Whole-school SEMH training', {
			costPence: 50_000,
			codes: ['mcs-8.3']
		});
		const both = await offer('Emotion coaching and language', {
			costPence: 30_000,
			areas: ['semh', 'communication_interaction']
		});
		const zones = await offer('Zones of regulation', { costPence: 5000, areas: ['semh'] });
		const attention = await offer('Attention autism', {
			costPence: 5000,
			areas: ['communication_interaction']
		});
		const dyslexia = await offer('Dyslexia friendly classrooms', {
			areas: ['cognition_learning']
		});
		const withdrawn = await offer('Old SEMH course', {
			codes: ['MCS-8.3'],
			areas: ['semh'],
			active: false
		});

		const form = await newItemForm(as.senco, cycle.current, id('MCS-8.3'));
		if (!form || 'reason' in form) throw new Error('No form');
		expect(form.gap).toMatchObject({ rank: 3, tied: true, score: 1.25 });
		expect(form.gap?.reasons.map((r) => r.text)).toEqual([
			'Target Established (3), standing at Emerging (2): 1 level',
			'Also a gap last cycle (1 level)'
		]);
		expect(form.note).toBeNull();
		expect(form.suggestions.map((s) => [s.title, s.criterion, s.areas])).toEqual([
			['Whole-school SEMH training', true, []],
			['Emotion coaching and language', false, ['semh', 'communication_interaction']],
			// Equal matches at equal cost go by title.
			['Attention autism', false, ['communication_interaction']],
			['Zones of regulation', false, ['semh']],
			// The first test's offers name no area of need: about SEND in general, they fit any
			// gap, after the rest and cheapest first (£45.50, then £120).
			['Autism awareness for TAs', false, []],
			['Talk for all', false, []]
		]);
		expect(form.suggestions.slice(0, 4).map((s) => s.id)).toEqual([forIt, both, attention, zones]);
		// Every other offer still offered: the one only for another area of need.
		expect(form.others.map((o) => [o.id, o.title])).toEqual([
			[dyslexia, 'Dyslexia friendly classrooms']
		]);
		expect([...form.suggestions, ...form.others].some((o) => o.id === withdrawn)).toBe(false);

		// A withdrawn offer cannot be chosen either.
		expect(await addItem(as.senco, cycle.current, id('MCS-8.3'), ofOffer(withdrawn))).toMatchObject(
			{
				ok: false,
				reason: 'invalid',
				field: 'offerId'
			}
		);
	});

	it('says so when the criterion is not a gap, and finds nothing outside the cycle', async () => {
		// MCS-12.1 is in the section Oakfield has not rated yet this year.
		const form = await newItemForm(as.senco, cycle.current, id('MCS-12.1'));
		if (!form || 'reason' in form) throw new Error('No form');
		expect(form.gap).toBeNull();
		expect(form.note).toBe(
			'This criterion is not rated in the self-evaluation yet, so it is not ranked as a gap.'
		);
		expect(await newItemForm(as.staff, cycle.current, id('MCS-8.3'))).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await newItemForm(as.otherSetting, cycle.current, id('MCS-8.3'))).toBeUndefined();
		expect(await newItemForm(as.senco, cycle.current, 'not-an-id')).toBeUndefined();
	});
});

describe('adding, changing and removing items', () => {
	it('records the rating before, the default cost and who added it', async () => {
		const course = await offer('Precision teaching', { costPence: 7500, minutes: 45 });
		const itemId = await added(
			cycle.current,
			'MCS-4.3',
			ofOffer(course, { places: 2, plannedOn: '2027-01-15' })
		);
		expect(await itemOf(itemId)).toMatchObject({
			criterion: { code: 'MCS-4.3', sectionCode: 'MCS-4' },
			rank: 3,
			tied: true,
			score: 1.25,
			kind: 'offer',
			offer: { id: course, title: 'Precision teaching', active: true },
			activity: null,
			title: 'Precision teaching',
			places: 2,
			plannedOn: '2027-01-15',
			costPence: 15_000,
			minutesEach: 45,
			ratingBefore: 2,
			ratingAtReview: null,
			ratingMove: 'unknown',
			version: 1
		});
		const audit = await latestAudit(as.senco, 'cpd.item-added');
		expect(audit?.subject).toBe('CPD plan of Oakfield Primary School, 2026/27');
		expect(audit?.detail).toMatchObject({
			itemId,
			criterion: 'MCS-4.3',
			after: { offerId: course, places: 2, costPence: 15_000, minutesEach: 45 }
		});
	});

	it('orders items by gap rank, then date, and keeps a withdrawn offer named', async () => {
		const course = await offer('Sensory circuits', { costPence: 2000, minutes: 60 });
		const late = await added(
			cycle.previous,
			'MCS-2.6',
			ofOffer(course, { plannedOn: '2026-06-01' })
		);
		const early = await added(
			cycle.previous,
			'MCS-2.6',
			inHouse('Peer observation', 0, 60, { plannedOn: '2026-02-01' })
		);
		// Last year MCS-5.2 shares the first rank, MCS-2.6 the fifth.
		const top = await added(cycle.previous, 'MCS-5.2', inHouse('Audit of the environment', 0, 120));
		await db.handle.db.update(cpdOffer).set({ active: false }).where(eq(cpdOffer.id, course));
		const plan = await cpdPlanFor(as.senco, cycle.previous);
		expect(plan?.items.map((i) => i.id)).toEqual([top, early, late]);
		expect(plan?.groups.map((g) => [g.criterion.code, g.rank, g.items.length])).toEqual([
			['MCS-5.2', 1, 1],
			['MCS-2.6', 5, 2]
		]);
		expect(plan?.items[2]?.offer).toMatchObject({ title: 'Sensory circuits', active: false });

		// The withdrawn offer stays while the item is changed; it cannot be chosen anew.
		const item = await itemOf(late);
		const kept = await changeItem(
			as.senco,
			late,
			item.version,
			ofOffer(course, { status: 'booked', costPence: 2000, minutesEach: 60 })
		);
		expect(kept.ok).toBe(true);
		expect((await itemOf(late)).status).toBe('booked');
		expect(
			await changeItem(as.senco, early, 1, ofOffer(course, { costPence: 2000 }))
		).toMatchObject({ ok: false, reason: 'invalid', field: 'offerId' });
	});

	it('refuses a criterion from another framework version, saying why', async () => {
		const [version] = await db.handle.db
			.select({ id: frameworkVersion.id })
			.from(frameworkVersion)
			.innerJoin(framework, eq(framework.id, frameworkVersion.frameworkId))
			.where(and(eq(framework.id, mcsId), eq(frameworkVersion.status, 'published')));
		const draft = await createDraft(admin.kent, version!.id);
		if (!draft.ok) throw new Error('No draft');
		const [sameCode] = await db.handle.db
			.select({ id: frameworkCriterion.id })
			.from(frameworkCriterion)
			.where(
				and(eq(frameworkCriterion.versionId, draft.id), eq(frameworkCriterion.code, 'MCS-2.6'))
			);
		const [catie] = await db.handle.db
			.select({ id: frameworkCriterion.id })
			.from(frameworkCriterion)
			.innerJoin(frameworkVersion, eq(frameworkVersion.id, frameworkCriterion.versionId))
			.innerJoin(framework, eq(framework.id, frameworkVersion.frameworkId))
			.where(and(eq(framework.key, 'catie'), eq(framework.tenantId, as.head.tenantId)))
			.limit(1);
		for (const other of [sameCode!.id, catie!.id])
			expect(await addItem(as.senco, cycle.current, other, inHouse('Twilight', 0, 60))).toEqual({
				ok: false,
				reason: 'invalid',
				field: 'criterionId',
				message:
					'That criterion is not in the framework of your 2026/27 self-evaluation. Choose a gap from the gap report for 2026/27'
			});
		expect(await newItemForm(as.senco, cycle.current, sameCode!.id)).toBeUndefined();
	});

	it('does not let staff plan, though they read the plan', async () => {
		const plan = await cpdPlanFor(as.staff, cycle.previous);
		expect(plan).toMatchObject({ canPlan: false, canBudget: false });
		expect(plan!.items.length).toBeGreaterThan(0);
		const item = plan!.items[0]!;
		const forbidden = { ok: false, reason: 'forbidden' };
		expect(
			await addItem(as.staff, cycle.previous, id('MCS-1.3'), inHouse('Reading', 0, 30))
		).toEqual(forbidden);
		expect(await changeItem(as.staff, item.id, item.version, inHouse('Reading', 0, 30))).toEqual(
			forbidden
		);
		expect(await removeItem(as.staff, item.id, item.version)).toEqual(forbidden);
		expect(
			await reviewImpact(as.staff, item.id, { impact: 'More', version: item.version })
		).toEqual(forbidden);
		expect((await planItemFor(as.staff, item.id))?.canPlan).toBe(false);
	});

	it('refuses a stale change or removal, showing what is saved now', async () => {
		const itemId = await added(cycle.current, 'MCS-2.3', inHouse('Team teach', 1000, 60));
		const first = await changeItem(
			as.senco,
			itemId,
			1,
			inHouse('Team teach', 1000, 60, { attendees: 'All class teachers', places: 12 })
		);
		expect(first.ok).toBe(true);
		const stale = await changeItem(
			as.head,
			itemId,
			1,
			inHouse('Team teach', 1000, 60, { status: 'booked' })
		);
		expect(stale).toEqual({
			ok: false,
			reason: 'stale',
			version: 2,
			current: {
				choice: 'in_house',
				otherOfferId: '',
				activity: 'Team teach',
				attendees: 'All class teachers',
				places: '12',
				plannedOn: '',
				cost: '10.00',
				staffTime: '1',
				status: 'planned'
			}
		});
		expect(await removeItem(as.head, itemId, 1)).toEqual({ ok: false, reason: 'stale' });
		const audit = await latestAudit(as.senco, 'cpd.item-changed');
		expect(audit?.detail).toMatchObject({
			itemId,
			before: { attendees: 'Two teaching assistants and the SENCO', places: 1 },
			after: { attendees: 'All class teachers', places: 12 }
		});
		expect(await removeItem(as.head, itemId, 2)).toEqual({ ok: true, cycleId: cycle.current });
		expect(await planItemFor(as.senco, itemId)).toBeUndefined();
		expect((await latestAudit(as.head, 'cpd.item-removed'))?.detail).toMatchObject({
			itemId,
			criterion: 'MCS-2.3'
		});
	});

	it('finds no item of another setting or tenant', async () => {
		const itemId = await added(cycle.current, 'MCS-2.4', inHouse('Lunchtime club', 0, 30));
		for (const scope of [as.otherSetting, as.northbury]) {
			expect(await planItemFor(scope, itemId)).toBeUndefined();
			expect(await changeItem(scope, itemId, 1, inHouse('Mine now', 0, 30))).toEqual({
				ok: false,
				reason: 'not-found'
			});
			expect(await removeItem(scope, itemId, 1)).toEqual({ ok: false, reason: 'not-found' });
			expect(await reviewImpact(scope, itemId, { impact: 'x', version: 1 })).toEqual({
				ok: false,
				reason: 'not-found'
			});
		}
		expect((await cpdPlanFor(as.otherSetting, null))?.items).toEqual([]);
		// Kent's cycle is not one Northbury's setting has a self-evaluation in.
		expect(await cpdPlanFor(as.northbury, cycle.current)).toBeUndefined();
		expect(await addItem(as.northbury, cycle.current, id('MCS-2.4'), inHouse('x', 0, 1))).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await cpdPlanFor(admin.kent, null)).toBeUndefined();
	});
});

describe('reviewing impact', () => {
	it('is only for a done activity, and keeps the rating move as it was then', async () => {
		// Last year MCS-2.3 was rated not yet in place (1); this year Oakfield rates it 2.
		const itemId = await added(
			cycle.previous,
			'MCS-2.3',
			inHouse('Nurture group training', 0, 180)
		);
		expect(await reviewImpact(as.senco, itemId, { impact: 'Calmer starts', version: 1 })).toEqual({
			ok: false,
			reason: 'not-done',
			status: 'planned'
		});
		await changeItem(
			as.senco,
			itemId,
			1,
			inHouse('Nurture group training', 0, 180, { status: 'done' })
		);
		expect(await reviewImpact(as.senco, itemId, { impact: 'Calmer starts', version: 2 })).toEqual({
			ok: true,
			id: itemId,
			cycleId: cycle.previous
		});
		const reviewed = await itemOf(itemId);
		expect(reviewed).toMatchObject({
			impact: 'Calmer starts',
			ratingBefore: 1,
			ratingAtReview: 2,
			ratingMove: 'up',
			version: 3
		});
		expect(reviewed.reviewedAt).toBeInstanceOf(Date);
		expect((await latestAudit(as.senco, 'cpd.impact-reviewed'))?.detail).toMatchObject({
			itemId,
			after: { impact: 'Calmer starts', ratingAtReview: 2 },
			ratingBefore: 1
		});

		// A later fall in the rating does not rewrite the review; reviewing again records it.
		await rateNow('MCS-2.3', 1);
		expect((await itemOf(itemId)).ratingMove).toBe('up');
		expect(await reviewImpact(as.senco, itemId, { impact: 'Stale', version: 2 })).toEqual({
			ok: false,
			reason: 'stale',
			current: { impact: 'Calmer starts' },
			version: 3
		});
		await reviewImpact(as.senco, itemId, { impact: 'Fell back after staff changes', version: 3 });
		expect(await itemOf(itemId)).toMatchObject({ ratingAtReview: 1, ratingMove: 'same' });
	});

	it('reads the rating now from the newest self-evaluation that rates the criterion', async () => {
		const itemId = await added(
			cycle.current,
			'MCS-1.5',
			inHouse('Parent voice workshop', 0, 60, { status: 'done' })
		);
		await rateNow('MCS-1.5', 2);
		expect((await planItemFor(as.head, itemId))?.ratingLatest).toBe(2);
		await reviewImpact(as.head, itemId, { impact: 'Parents asked for more', version: 1 });
		expect(await itemOf(itemId)).toMatchObject({
			ratingBefore: 3,
			ratingAtReview: 2,
			ratingMove: 'down'
		});
	});
});

describe('an offer the LA deletes or withdraws while a setting adds it to its plan', () => {
	/** Holds the offer's row, so that each call waits at its lock on the offer, in turn. */
	const holding = (offerId: string) => (tx: Tx) =>
		tx.select({ id: cpdOffer.id }).from(cpdOffer).where(eq(cpdOffer.id, offerId)).for('update');
	const itemsTaking = (offerId: string) =>
		db.handle.db
			.select({ id: cpdPlanItem.id })
			.from(cpdPlanItem)
			.where(eq(cpdPlanItem.offerId, offerId));
	const notOffered = {
		ok: false,
		reason: 'invalid',
		field: 'offerId',
		message: 'That offer is no longer in the catalogue: choose another, or an in-house activity'
	};

	it('refuses the item when the deletion comes first, and the deletion when the item does', async () => {
		const gone = await offer('Deleted as it is chosen');
		const [deleted, refused] = await atOnce(db.handle.db, holding(gone), [
			() => deleteOffer(admin.kent, gone, 1),
			() => addItem(as.senco, cycle.current, id('MCS-3.2'), ofOffer(gone))
		]);
		// The item waited for the deletion and was refused in words, not by the foreign key.
		expect(deleted).toEqual({ ok: true });
		expect(refused).toEqual(notOffered);
		expect(await itemsTaking(gone)).toEqual([]);

		const kept = await offer('Chosen as it is deleted');
		const [added, inUse] = await atOnce(db.handle.db, holding(kept), [
			() => addItem(as.senco, cycle.current, id('MCS-3.2'), ofOffer(kept)),
			() => deleteOffer(admin.kent, kept, 1)
		]);
		expect(added).toMatchObject({ ok: true });
		// The deletion waited for the item, and found the offer in use.
		expect(inUse).toEqual({ ok: false, reason: 'in-use', planItems: 1 });
		const [item] = await itemsTaking(kept);
		expect(item?.id).toBe((added as { id: string }).id);
		expect((await removeItem(as.senco, item!.id, 1)).ok).toBe(true);
	});

	it('never saves an item against an offer withdrawn in the same moment', async () => {
		const withdrawn = await offer('Withdrawn as it is chosen');
		const [result, refused] = await atOnce(db.handle.db, holding(withdrawn), [
			() => setOfferActive(admin.kent, withdrawn, 1, false),
			() => addItem(as.senco, cycle.current, id('MCS-3.2'), ofOffer(withdrawn))
		]);
		expect(result).toEqual({ ok: true, id: withdrawn });
		expect(refused).toEqual(notOffered);
		expect(await itemsTaking(withdrawn)).toEqual([]);
	});
});
