import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/lib/server/auth/guards';
import { judgement, selfEvaluation } from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import {
	EMPTY_JUDGEMENT,
	evaluationSummary,
	getCriterion,
	getEvaluation,
	getSection,
	judgementHistoryOf,
	moveEvaluation,
	saveJudgement,
	setSharing,
	settingEvaluations,
	startEvaluation,
	type JudgementValues
} from '../../src/lib/server/services/evaluations';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor } from './support/fixtures';
import { grantMembership, insertUser } from '../../src/lib/server/services/accounts';
import { insertSetting } from '../../src/lib/server/services/settings';
import { atOnce } from './support/races';

const db = useTestDatabase();

const as = {} as Record<'senco' | 'head' | 'staff' | 'otherSetting' | 'otherTenant', Scope>;
let evaluationId = '';
const criteria: { id: string; code: string; statutory: boolean; sectionId: string }[] = [];

const values = (patch: Partial<JudgementValues>): JudgementValues => ({
	...EMPTY_JUDGEMENT,
	...patch
});

/** The evaluation's version column, which every workflow step must quote. */
async function evaluationVersion(id = evaluationId) {
	const [row] = await inTenant(as.senco, (tx) =>
		tx
			.select({ version: selfEvaluation.version })
			.from(selfEvaluation)
			.where(eq(selfEvaluation.id, id))
	);
	return row!.version;
}

/** Saves over whatever is saved now, as someone with the page freshly open would. */
async function saveFresh(who: Scope, criterionId: string, patch: Partial<JudgementValues>) {
	const work = await getCriterion(who, evaluationId, criterionId);
	return saveJudgement(who, evaluationId, criterionId, work!.judgement.version, values(patch));
}

/** Rates every criterion not rated yet, as the SENCO would before submitting. */
async function rateEverything(rating = 3) {
	for (const c of criteria) {
		const work = await getCriterion(as.senco, evaluationId, c.id);
		if (work!.judgement.rating !== null) continue;
		const saved = await saveFresh(as.senco, c.id, { rating, narrative: `Evidence for ${c.code}` });
		expect(saved.ok).toBe(true);
	}
}

/**
 * A setting of its own with a headteacher, a SENCO and a staff member, so these tests start
 * from a blank self-evaluation whatever the demo holds.
 */
async function brooksidePeople() {
	const admin = await scopeFor('la.admin@kent.test');
	const settingId = await inTenant(admin, (tx) =>
		insertSetting(tx, admin.tenantId, {
			name: 'Brookside Primary School',
			settingType: 'mainstream'
		})
	);
	await db.handle.db.transaction(async (tx) => {
		for (const [email, name, role] of [
			['brook.head@kent.test', 'Bea Brook', 'headteacher'],
			['brook.senco@kent.test', 'Sol Brook', 'senco'],
			['brook.staff@kent.test', 'Stan Brook', 'staff']
		] as const) {
			const user = await insertUser(tx, { email, name, passwordHash: null });
			await grantMembership(tx, admin.tenantId, user.id, settingId, role);
		}
	});
}

beforeAll(async () => {
	await brooksidePeople();
	as.senco = await scopeFor('brook.senco@kent.test');
	as.head = await scopeFor('brook.head@kent.test');
	as.staff = await scopeFor('brook.staff@kent.test');
	as.otherSetting = await scopeFor('senco@kent.test');
	as.otherTenant = await scopeFor('senco@northbury.test');
	const list = await settingEvaluations(as.senco);
	const open = list!.startable.find((c) => c.name === '2026/27')!;
	const started = await startEvaluation(as.senco, open.id);
	if (!started.ok) throw new Error('could not start');
	evaluationId = started.id;
	const overview = await getEvaluation(as.senco, evaluationId);
	for (const s of overview!.sections) {
		const section = await getSection(as.senco, evaluationId, s.id);
		criteria.push(
			...section!.section.criteria.map((c) => ({
				id: c.id,
				code: c.code,
				statutory: c.statutory,
				sectionId: s.id
			}))
		);
	}
});

describe('starting a self-evaluation', () => {
	it('pins the Core Standards version the cycle sets for mainstream schools', async () => {
		const overview = await getEvaluation(as.senco, evaluationId);
		expect(overview!.context.frameworkName).toBe('SEN Mainstream Core Standards');
		expect(overview!.sections).toHaveLength(12);
		expect(criteria.length).toBeGreaterThanOrEqual(60);
		expect(overview!.progress).toEqual({ complete: 0, rated: 0, total: criteria.length });
		expect(overview!.sections.every((s) => s.status === 'not_started')).toBe(true);
	});

	it('gives the same evaluation when started twice', async () => {
		const list = await settingEvaluations(as.head);
		const cycle = list!.evaluations.find((e) => e.id === evaluationId)!;
		const again = await startEvaluation(as.head, cycle.cycleId);
		expect(again).toEqual({ ok: true, id: evaluationId });
		expect(list!.startable.map((c) => c.name)).not.toContain('2026/27');
	});

	it('is not for staff to start', async () => {
		const list = await settingEvaluations(as.staff);
		expect(list!.canStart).toBe(false);
		const cycle = list!.evaluations.find((e) => e.id === evaluationId)!;
		expect(await startEvaluation(as.staff, cycle.cycleId)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
	});
});

describe('saving judgements', () => {
	it('saves a first judgement, then changes, each kept in the history', async () => {
		const c = criteria[0]!;
		const first = await saveJudgement(
			as.senco,
			evaluationId,
			c.id,
			0,
			values({ rating: 2, narrative: 'Draft one' })
		);
		expect(first).toMatchObject({ ok: true, version: 1 });
		const second = await saveJudgement(
			as.senco,
			evaluationId,
			c.id,
			1,
			values({
				rating: 3,
				narrative: 'Draft two',
				nextSteps: 'Train TAs',
				targetRating: 4,
				targetDate: '2027-03-31'
			})
		);
		expect(second).toMatchObject({ ok: true, version: 2 });
		const work = await getCriterion(as.senco, evaluationId, c.id);
		expect(work!.judgement).toMatchObject({
			rating: 3,
			narrative: 'Draft two',
			nextSteps: 'Train TAs',
			targetRating: 4,
			targetDate: '2027-03-31',
			version: 2,
			savedByName: 'Sol Brook'
		});
		const history = await judgementHistoryOf(as.senco, evaluationId, c.id);
		expect(history!.entries.map((e) => [e.version, e.rating, e.narrative])).toEqual([
			[2, 3, 'Draft two'],
			[1, 2, 'Draft one']
		]);
	});

	it('saving the same values again changes nothing and adds no history', async () => {
		const c = criteria[0]!;
		const same = values({
			rating: 3,
			narrative: 'Draft two',
			nextSteps: 'Train TAs',
			targetRating: 4,
			targetDate: '2027-03-31'
		});
		expect(await saveJudgement(as.senco, evaluationId, c.id, 2, same)).toMatchObject({
			ok: true,
			version: 2
		});
		expect((await judgementHistoryOf(as.senco, evaluationId, c.id))!.entries).toHaveLength(2);
	});

	it('refuses a save made from an older version, and returns what the other person saved', async () => {
		const c = criteria[1]!;
		await saveJudgement(as.senco, evaluationId, c.id, 0, values({ rating: 2, narrative: 'SENCO' }));
		const stale = await saveJudgement(
			as.head,
			evaluationId,
			c.id,
			0,
			values({ rating: 4, narrative: 'Head' })
		);
		expect(stale).toMatchObject({
			ok: false,
			reason: 'conflict',
			current: { rating: 2, narrative: 'SENCO', version: 1, savedByName: 'Sol Brook' }
		});
		// The head chooses to keep theirs, knowingly, by saving over the version they were shown.
		expect(
			await saveJudgement(as.head, evaluationId, c.id, 1, values({ rating: 4, narrative: 'Head' }))
		).toMatchObject({ ok: true, version: 2 });
		const work = await getCriterion(as.senco, evaluationId, c.id);
		expect(work!.judgement).toMatchObject({ narrative: 'Head', savedByName: 'Bea Brook' });
	});

	it('lets only one of two first saves at the same moment through', async () => {
		const c = criteria[2]!;
		const results = await atOnce(
			db.handle.db,
			(tx) => tx.execute(sql`select 1 from self_evaluation where id = ${evaluationId} for update`),
			[
				() => saveJudgement(as.senco, evaluationId, c.id, 0, values({ narrative: 'tab one' })),
				() => saveJudgement(as.head, evaluationId, c.id, 0, values({ narrative: 'tab two' }))
			]
		);
		expect(results.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['conflict', 'ok']);
		const rows = await inTenant(as.senco, (tx) =>
			tx
				.select({ narrative: judgement.narrative })
				.from(judgement)
				.where(and(eq(judgement.evaluationId, evaluationId), eq(judgement.criterionId, c.id)))
		);
		expect(rows).toHaveLength(1);
	});

	it('refuses a rating off the scale, and staff cannot rate', async () => {
		const c = criteria[3]!;
		expect(
			await saveJudgement(as.senco, evaluationId, c.id, 0, values({ rating: 5 }))
		).toMatchObject({ ok: false, reason: 'invalid', field: 'rating' });
		expect(
			await saveJudgement(as.senco, evaluationId, c.id, 0, values({ targetRating: 0 }))
		).toMatchObject({ ok: false, reason: 'invalid', field: 'targetRating' });
		expect(await saveJudgement(as.staff, evaluationId, c.id, 0, values({ rating: 3 }))).toEqual({
			ok: false,
			reason: 'forbidden'
		});
	});

	it('marks sections in progress, then complete when every criterion has a rating and evidence', async () => {
		const first = criteria[0]!.sectionId;
		let overview = await getEvaluation(as.senco, evaluationId);
		expect(overview!.sections.find((s) => s.id === first)!.status).toBe('in_progress');
		for (const c of criteria.filter((c) => c.sectionId === first)) {
			await saveFresh(as.senco, c.id, { rating: 3, narrative: 'Seen on the learning walk' });
		}
		overview = await getEvaluation(as.senco, evaluationId);
		expect(overview!.sections.find((s) => s.id === first)!.status).toBe('complete');
	});
});

describe('the section summary', () => {
	it('is held at the lowest level by a statutory criterion rated there, and says why', async () => {
		const statutory = criteria.find((c) => c.statutory)!;
		const section = criteria.filter((c) => c.sectionId === statutory.sectionId);
		for (const c of section) {
			await saveFresh(as.senco, c.id, {
				rating: c.id === statutory.id ? 1 : 4,
				narrative: 'Checked'
			});
		}
		const summary = await evaluationSummary(as.senco, evaluationId);
		const s = summary!.sections.find((x) => x.id === statutory.sectionId)!;
		expect(s.summary.level).toBe(1);
		expect(s.summary.cappedBy).toContain(statutory.code);
		expect(s.summary.reason).toContain(`statutory criterion ${statutory.code}`);
		expect(summary!.statutoryGaps.map((g) => g.code)).toContain(statutory.code);
	});

	it('puts last year’s level beside each section when there was a last year', async () => {
		expect((await evaluationSummary(as.senco, evaluationId))!.previous).toBeNull();
		const oakfield = as.otherSetting;
		const list = await settingEvaluations(oakfield);
		const current = list!.evaluations.find((e) => e.cycleName === '2026/27')!;
		const summary = await evaluationSummary(oakfield, current.id);
		expect(summary!.previous?.cycleName).toBe('2025/26');
		expect(summary!.sections.every((s) => s.previousLevel !== null)).toBe(true);
	});
});

describe('submitting and signing off', () => {
	it('cannot be submitted while criteria are unrated', async () => {
		const result = await moveEvaluation(
			as.senco,
			evaluationId,
			await evaluationVersion(),
			'submit'
		);
		expect(result).toMatchObject({ ok: false, reason: 'incomplete' });
	});

	it('goes from the SENCO to the head, back with comments, and on to sign-off', async () => {
		await rateEverything();
		expect(
			await moveEvaluation(as.senco, evaluationId, await evaluationVersion(), 'submit')
		).toEqual({ ok: true });
		// Submitted work waits for the head: nobody can change it meanwhile.
		const c = criteria[0]!;
		expect(await saveFresh(as.senco, c.id, { rating: 4 })).toMatchObject({
			ok: false,
			reason: 'locked',
			status: 'submitted'
		});
		// Only the head signs off or returns.
		for (const who of [as.senco, as.staff])
			expect(await moveEvaluation(who, evaluationId, await evaluationVersion(), 'signOff')).toEqual(
				{ ok: false, reason: 'forbidden' }
			);

		expect(
			await moveEvaluation(
				as.head,
				evaluationId,
				await evaluationVersion(),
				'return',
				'Say more about transition'
			)
		).toEqual({ ok: true });
		let overview = await getEvaluation(as.senco, evaluationId);
		expect(overview!.evaluation.status).toBe('returned');
		expect(overview!.events[0]).toMatchObject({
			action: 'returned',
			comment: 'Say more about transition',
			actorName: 'Bea Brook'
		});
		expect(await saveFresh(as.senco, c.id, { rating: 4, narrative: 'More' })).toMatchObject({
			ok: true
		});

		expect(
			await moveEvaluation(as.senco, evaluationId, await evaluationVersion(), 'submit')
		).toEqual({ ok: true });
		expect(
			await moveEvaluation(as.head, evaluationId, await evaluationVersion(), 'signOff')
		).toEqual({ ok: true });
		overview = await getEvaluation(as.senco, evaluationId);
		expect(overview!.evaluation.status).toBe('signed_off');
		expect(overview!.rights.edit).toBe(false);
		expect((await latestAudit(as.head, 'self-evaluation.signed_off'))?.subject).toBe(
			'Brookside Primary School, 2026/27'
		);
	});

	it('a signed-off evaluation cannot be changed by any action', async () => {
		const c = criteria[4]!;
		expect(await saveFresh(as.head, c.id, { rating: 1 })).toMatchObject({
			ok: false,
			reason: 'locked',
			status: 'signed_off'
		});
		for (const step of ['submit', 'return', 'signOff'] as const)
			expect(
				await moveEvaluation(as.head, evaluationId, await evaluationVersion(), step, 'x')
			).toMatchObject({ ok: false, reason: 'wrong-status' });
	});

	it('refuses a step made from a stale page', async () => {
		const stale = (await evaluationVersion()) - 1;
		expect(await moveEvaluation(as.head, evaluationId, stale, 'reopen', 'Typo')).toEqual({
			ok: false,
			reason: 'stale'
		});
	});

	it('only the head reopens it, and the reopening is recorded', async () => {
		expect(
			await moveEvaluation(as.senco, evaluationId, await evaluationVersion(), 'reopen', 'x')
		).toEqual({ ok: false, reason: 'forbidden' });
		expect(
			await moveEvaluation(
				as.head,
				evaluationId,
				await evaluationVersion(),
				'reopen',
				'The LA asked for a correction'
			)
		).toEqual({ ok: true });
		const overview = await getEvaluation(as.senco, evaluationId);
		expect(overview!.evaluation.status).toBe('in_progress');
		expect(overview!.events[0]).toMatchObject({
			action: 'reopened',
			comment: 'The LA asked for a correction'
		});
		expect((await latestAudit(as.head, 'self-evaluation.reopened'))?.detail).toEqual({
			comment: 'The LA asked for a correction'
		});
	});

	it('the head, and only the head, chooses what the area board sees', async () => {
		expect(await setSharing(as.senco, evaluationId, await evaluationVersion(), 'full')).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await setSharing(as.head, evaluationId, await evaluationVersion(), 'summary')).toEqual({
			ok: true
		});
		const overview = await getEvaluation(as.senco, evaluationId);
		expect(overview!.evaluation.sharing).toBe('summary');
		expect(overview!.events[0]).toMatchObject({ action: 'sharing_changed' });
	});
});

describe('who can see it', () => {
	it('another setting’s SENCO and another tenant see nothing and can change nothing', async () => {
		const c = criteria[0]!;
		for (const who of [as.otherSetting, as.otherTenant]) {
			expect(await getEvaluation(who, evaluationId)).toBeUndefined();
			expect(await getCriterion(who, evaluationId, c.id)).toBeUndefined();
			expect(await evaluationSummary(who, evaluationId)).toBeUndefined();
			expect(await judgementHistoryOf(who, evaluationId, c.id)).toBeUndefined();
			expect(await saveJudgement(who, evaluationId, c.id, 0, values({ rating: 1 }))).toMatchObject({
				ok: false,
				reason: 'not-found'
			});
			expect(
				await moveEvaluation(who, evaluationId, await evaluationVersion(), 'submit')
			).toMatchObject({ ok: false, reason: 'not-found' });
		}
	});

	it('staff read everything of their own setting', async () => {
		const overview = await getEvaluation(as.staff, evaluationId);
		expect(overview!.rights).toMatchObject({ edit: false, signOff: false });
		expect(overview!.sections).toHaveLength(12);
	});
});
