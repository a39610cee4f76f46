import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	agreedRating,
	cpdOffer,
	cpdOfferCriterion,
	cpdPlan,
	cpdPlanItem,
	evaluationCycle,
	frameworkCriterion,
	frameworkVersion,
	judgement,
	organisation,
	peerReview,
	reviewRound,
	selfEvaluation
} from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import { gapInputs } from '../../src/lib/server/services/gap-criteria';
import { gapReport } from '../../src/lib/server/services/gap-report';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

const db = useTestDatabase();

type Who = 'head' | 'senco' | 'staff' | 'board' | 'la' | 'northbury';
const as = {} as Record<Who, Scope>;

type Year = 'previous' | 'current';
/** Kent's 2025/26 cycle (Oakfield signed off) and 2026/27 (Oakfield's in progress). */
const cycles = {} as Record<Year, string>;
/** Oakfield's self-evaluation of each cycle. */
const evaluations = {} as Record<Year, string>;
/** The MCS criteria by code; both of Oakfield's self-evaluations use the same version. */
let criterion: Map<string, string>;
let mcs: string;
let oakfield: string;

const id = (code: string) => {
	const found = criterion.get(code);
	if (!found) throw new Error(`No criterion ${code}`);
	return found;
};

/**
 * Puts every judgement of the evaluation at Established (3) with no target, so that nothing
 * else is a gap or a strength, then gives the listed criteria [rating, target].
 */
async function rate(year: Year, ratings: Record<string, [number, number | null]>) {
	const handle = db.handle.db;
	await handle
		.update(judgement)
		.set({ rating: 3, targetRating: null })
		.where(eq(judgement.evaluationId, evaluations[year]));
	for (const [code, [rating, target]] of Object.entries(ratings))
		await handle
			.update(judgement)
			.set({ rating, targetRating: target })
			.where(
				and(eq(judgement.evaluationId, evaluations[year]), eq(judgement.criterionId, id(code)))
			);
}

/** A finalised review of Oakfield's self-evaluation of the year, in a round of its cycle. */
async function finalisedReview(year: Year, roundName: string, agreed: Record<string, number>) {
	const handle = db.handle.db;
	const { tenantId } = as.head;
	const [round] = await handle
		.insert(reviewRound)
		.values({
			tenantId,
			cycleId: cycles[year],
			name: roundName,
			status: 'confirmed',
			confirmedAt: new Date()
		})
		.returning();
	const [review] = await handle
		.insert(peerReview)
		.values({
			tenantId,
			roundId: round!.id,
			hostSettingId: oakfield,
			stage: 'report',
			evaluationId: evaluations[year]
		})
		.returning();
	await handle.insert(agreedRating).values(
		Object.entries(agreed).map(([code, rating]) => ({
			tenantId,
			reviewId: review!.id,
			criterionId: id(code),
			rating,
			rationale: 'Agreed at moderation.',
			agreedBy: as.senco.userId
		}))
	);
	// Finalised once its ratings are in: a finalised review's ratings are closed to writes.
	await handle
		.update(peerReview)
		.set({ stage: 'finalised', finalisedAt: new Date() })
		.where(eq(peerReview.id, review!.id));
	return review!.id;
}

/** [rank as shown, code, score] of each gap, in rank order. */
const ranking = (report: Awaited<ReturnType<typeof gapReport>>) =>
	report!.report!.analysis.gaps.map((g) => [
		`${g.rank}${g.tied ? '=' : ''}`,
		g.criterion.code,
		g.score
	]);
const gapOf = (report: Awaited<ReturnType<typeof gapReport>>, code: string) =>
	report!.report!.analysis.gaps.find((g) => g.criterion.code === code);

beforeAll(async () => {
	const emails: Record<Who, string> = {
		head: 'head@kent.test',
		senco: 'senco@kent.test',
		staff: 'staff@kent.test',
		board: 'board@kent.test',
		la: 'la.admin@kent.test',
		northbury: 'senco@northbury.test'
	};
	for (const [who, email] of Object.entries(emails)) as[who as Who] = await scopeFor(email);
	const handle = db.handle.db;
	oakfield = as.head.membership.organisationId;
	for (const [year, name] of [
		['previous', '2025/26'],
		['current', '2026/27']
	] as const) {
		const [row] = await handle
			.select({ cycleId: evaluationCycle.id, evaluationId: selfEvaluation.id })
			.from(selfEvaluation)
			.innerJoin(evaluationCycle, eq(evaluationCycle.id, selfEvaluation.cycleId))
			.where(and(eq(selfEvaluation.settingId, oakfield), eq(evaluationCycle.name, name)));
		cycles[year] = row!.cycleId;
		evaluations[year] = row!.evaluationId;
	}
	const rows = await handle
		.select({
			id: frameworkCriterion.id,
			code: frameworkCriterion.code,
			frameworkId: frameworkVersion.frameworkId
		})
		.from(selfEvaluation)
		.innerJoin(frameworkVersion, eq(frameworkVersion.id, selfEvaluation.versionId))
		.innerJoin(frameworkCriterion, eq(frameworkCriterion.versionId, selfEvaluation.versionId))
		.where(eq(selfEvaluation.id, evaluations.current))
		.orderBy(asc(frameworkCriterion.code));
	criterion = new Map(rows.map((r) => [r.code, r.id]));
	mcs = rows[0]!.frameworkId;

	// Last year: MCS-4.2 and MCS-5.1 were gaps; MCS-2.1 and MCS-1.3 were not (by self-rating).
	await rate('previous', { 'MCS-4.2': [2, 3], 'MCS-5.1': [1, 2] });
	// This year, beside Established (3) everywhere else and MCS-12 not rated yet.
	await rate('current', {
		'MCS-1.1': [1, null], // statutory, no target: the next level up is implied
		'MCS-1.3': [2, 4],
		'MCS-2.1': [3, 4],
		'MCS-4.2': [2, 3], // a gap last year too
		'MCS-5.1': [2, 4], // statutory, and a gap last year too
		'MCS-6.1': [1, 3],
		'MCS-7.2': [4, null],
		'MCS-8.2': [4, null],
		'MCS-9.1': [4, null]
	});
});

describe("a setting's gap report", () => {
	it('ranks gaps by levels to target, weighting statutory criteria and gaps that persist', async () => {
		const found = await gapReport(as.senco, null);
		expect(found?.cycles.map((c) => [c.name, c.status])).toEqual([
			['2026/27', 'in_progress'],
			['2025/26', 'signed_off']
		]);
		expect(found?.cycle?.id).toBe(cycles.current);
		expect(found?.canPlan).toBe(true);
		const report = found!.report!;
		expect(report).toMatchObject({
			evaluationId: evaluations.current,
			status: 'in_progress',
			framework: { id: mcs, key: 'mcs' },
			peerSource: null,
			hasPrevious: true
		});
		// MCS-5.1: 2 levels × 1.5 × 1.25; MCS-1.1: 1 level (to the implied 2) × 1.5;
		// MCS-4.2: 1 level × 1.25. MCS-1.3 and MCS-6.1 tie on 2, in framework order.
		expect(ranking(found)).toEqual([
			['1', 'MCS-5.1', 3.75],
			['2=', 'MCS-1.3', 2],
			['2=', 'MCS-6.1', 2],
			['4', 'MCS-1.1', 1.5],
			['5', 'MCS-4.2', 1.25],
			['6', 'MCS-2.1', 1]
		]);
		expect(gapOf(found, 'MCS-5.1')).toMatchObject({
			levels: 2,
			standing: 2,
			target: 4,
			persistent: true,
			overEstimate: false,
			reasons: [
				{
					kind: 'levels',
					text: 'Target Embedded (4), standing at Emerging (2): 2 levels',
					value: 2
				},
				{ kind: 'statutory', text: 'Statutory', value: 1.5 },
				{ kind: 'persistent', text: 'Also a gap last cycle (1 level)', value: 1.25 }
			]
		});
		expect(gapOf(found, 'MCS-1.1')).toMatchObject({
			levels: 1,
			standing: 1,
			target: 2,
			persistent: false,
			reasons: [
				{
					kind: 'levels',
					text: 'No target set; a statutory criterion needs at least Emerging (2): 1 level from Not yet in place (1)',
					value: 1
				},
				{ kind: 'statutory', value: 1.5 }
			]
		});
		// Rated Embedded with no peer rating: strengths, unconfirmed, in framework order.
		expect(report.analysis.strengths.map((s) => [s.criterion.code, s.confirmed])).toEqual([
			['MCS-7.2', false],
			['MCS-8.2', false],
			['MCS-9.1', false]
		]);
		// The last section, MCS-12, is not rated yet.
		expect(report.analysis.unrated).toBe(6);
	});

	it('groups the gaps by section and by area of need, a criterion in two areas in both', async () => {
		const { analysis } = (await gapReport(as.senco, null))!.report!;
		const groups = (list: typeof analysis.bySection) =>
			list.map((g) => [g.key, g.score, g.gaps.map((x) => x.criterion.code)]);
		expect(groups(analysis.bySection)).toEqual([
			['MCS-1', 3.5, ['MCS-1.3', 'MCS-1.1']],
			['MCS-2', 1, ['MCS-2.1']],
			['MCS-4', 1.25, ['MCS-4.2']],
			['MCS-5', 3.75, ['MCS-5.1']],
			['MCS-6', 2, ['MCS-6.1']]
		]);
		expect(analysis.bySection[0]!.label).toBe(
			'MCS-1 Working with children, young people, families and carers'
		);
		expect(groups(analysis.byArea)).toEqual([
			['communication_interaction', 3.25, ['MCS-1.3', 'MCS-4.2']],
			['cognition_learning', 1.25, ['MCS-4.2']],
			['semh', 1, ['MCS-2.1']],
			['sensory_physical', 3.75, ['MCS-5.1']],
			['whole_setting', 3.5, ['MCS-6.1', 'MCS-1.1']]
		]);
		expect(analysis.byArea.at(-1)!.label).toBe('Whole setting (no single area of need)');
	});

	it("reads each criterion's ratings now and last cycle, matched by code", async () => {
		const [input, ...others] = await inTenant(as.senco, (tx) =>
			gapInputs(tx, cycles.current, [oakfield])
		);
		expect(others).toEqual([]);
		expect(input).toMatchObject({
			evaluationId: evaluations.current,
			settingId: oakfield,
			peerSource: null
		});
		expect(input!.criteria).toHaveLength(72);
		const of = (code: string) => input!.criteria.find((c) => c.code === code);
		expect(of('MCS-4.2')).toMatchObject({
			rating: 2,
			target: 3,
			peer: null,
			statutory: false,
			areasOfNeed: ['cognition_learning', 'communication_interaction'],
			previous: { rating: 2, target: 3, peer: null }
		});
		expect(of('MCS-12.1')).toMatchObject({
			rating: null,
			target: null,
			previous: { rating: 3, target: null }
		});
		// The cycle before the earliest has no previous cycle.
		const [first] = await inTenant(as.senco, (tx) => gapInputs(tx, cycles.previous, [oakfield]));
		expect(first!.criteria.every((c) => c.previous === null)).toBe(true);
	});

	it("uses an earlier review's agreed ratings, by code, when this evaluation has none", async () => {
		await finalisedReview('previous', 'Ashford peer review, spring 2026', {
			'MCS-1.3': 1,
			'MCS-2.1': 2,
			'MCS-7.2': 4,
			'MCS-9.1': 3
		});
		const found = await gapReport(as.head, null);
		expect(found!.report!.peerSource).toMatchObject({
			roundName: 'Ashford peer review, spring 2026',
			cycleName: '2025/26',
			ofThisEvaluation: false
		});
		// MCS-1.3: peers agreed 1 (3 levels to 4) × 1.5, and last year's 3 against the peers' 1
		// was a gap too × 1.25. MCS-2.1: 2 levels × 1.5 × 1.25 the same way. MCS-9.1: Embedded
		// with no target, peers agreed Established: 1 level × 1.5, no longer a strength.
		expect(ranking(found)).toEqual([
			['1', 'MCS-1.3', 5.625],
			['2=', 'MCS-2.1', 3.75],
			['2=', 'MCS-5.1', 3.75],
			['4', 'MCS-6.1', 2],
			['5=', 'MCS-1.1', 1.5],
			['5=', 'MCS-9.1', 1.5],
			['7', 'MCS-4.2', 1.25]
		]);
		expect(gapOf(found, 'MCS-1.3')).toMatchObject({
			standing: 1,
			target: 4,
			levels: 3,
			overEstimate: true,
			persistent: true
		});
		expect(gapOf(found, 'MCS-1.3')!.reasons.map((r) => [r.kind, r.value])).toEqual([
			['levels', 3],
			['over-estimate', 1.5],
			['persistent', 1.25]
		]);
		expect(gapOf(found, 'MCS-1.3')!.reasons[1]!.text).toBe(
			'Peer reviewers agreed Not yet in place (1), below the self-rating of Emerging (2)'
		);
		expect(gapOf(found, 'MCS-9.1')!.reasons.map((r) => [r.kind, r.value])).toEqual([
			['levels', 1],
			['over-estimate', 1.5]
		]);
		expect(found!.report!.analysis.strengths.map((s) => [s.criterion.code, s.confirmed])).toEqual([
			['MCS-7.2', true],
			['MCS-8.2', false]
		]);
	});

	it('reports last cycle from its own review, with nothing before it to persist', async () => {
		const found = await gapReport(as.head, cycles.previous);
		expect(found!.cycle).toMatchObject({ id: cycles.previous, status: 'signed_off' });
		expect(found!.report).toMatchObject({
			evaluationId: evaluations.previous,
			status: 'signed_off',
			hasPrevious: false,
			peerSource: { cycleName: '2025/26', ofThisEvaluation: true }
		});
		// MCS-1.3: 3 against the peers' 1, 2 levels × 1.5. MCS-2.1: 3 against 2, × 1.5. MCS-5.1:
		// 1 level to its target × 1.5 statutory. MCS-4.2: 1 level.
		expect(ranking(found)).toEqual([
			['1', 'MCS-1.3', 3],
			['2=', 'MCS-2.1', 1.5],
			['2=', 'MCS-5.1', 1.5],
			['4', 'MCS-4.2', 1]
		]);
		expect(found!.report!.analysis.strengths).toEqual([]);
		expect(found!.report!.analysis.unrated).toBe(0);
	});

	it("prefers the review of this self-evaluation to an earlier one's", async () => {
		const reviewId = await finalisedReview('current', 'Ashford peer review, autumn 2026', {
			'MCS-2.1': 3,
			'MCS-8.2': 4,
			'MCS-9.1': 4
		});
		const found = await gapReport(as.senco, cycles.current);
		expect(found!.report!.peerSource).toEqual({
			reviewId,
			roundName: 'Ashford peer review, autumn 2026',
			cycleName: '2026/27',
			ofThisEvaluation: true
		});
		// This review agreed nothing for MCS-1.3: 2 levels, still × 1.25 from last year's
		// review. MCS-2.1: peers agreed the self-rating, 1 level × 1.25 (last year's gap).
		expect(ranking(found)).toEqual([
			['1', 'MCS-5.1', 3.75],
			['2', 'MCS-1.3', 2.5],
			['3', 'MCS-6.1', 2],
			['4', 'MCS-1.1', 1.5],
			['5=', 'MCS-2.1', 1.25],
			['5=', 'MCS-4.2', 1.25]
		]);
		expect(gapOf(found, 'MCS-1.3')).toMatchObject({ overEstimate: false, persistent: true });
		// Peer-confirmed strengths first, each group in framework order.
		expect(found!.report!.analysis.strengths.map((s) => [s.criterion.code, s.confirmed])).toEqual([
			['MCS-8.2', true],
			['MCS-9.1', true],
			['MCS-7.2', false]
		]);
		const [input] = await inTenant(as.senco, (tx) => gapInputs(tx, cycles.current, [oakfield]));
		const of = (code: string) => input!.criteria.find((c) => c.code === code);
		expect(of('MCS-2.1')).toMatchObject({ peer: 3, previous: { rating: 3, peer: 2 } });
		expect(of('MCS-1.3')).toMatchObject({ peer: null, previous: { rating: 3, peer: 1 } });
	});
});

describe('suggested CPD and the plan', () => {
	let mapped: string;
	let shared: string;

	beforeAll(async () => {
		const handle = db.handle.db;
		const { tenantId } = as.head;
		// Only this test's offers and plan items count.
		await handle.update(cpdOffer).set({ active: false }).where(eq(cpdOffer.tenantId, tenantId));
		await handle
			.delete(cpdPlan)
			.where(and(eq(cpdPlan.tenantId, tenantId), eq(cpdPlan.settingId, oakfield)));
		const offer = async (title: string, costPence: number, areas: string[], active = true) => {
			const [row] = await handle
				.insert(cpdOffer)
				.values({
					tenantId,
					title,
					provider: 'Kent Inclusion Team',
					format: 'face_to_face',
					minutes: 180,
					costPence,
					audiences: ['teacher'],
					areasOfNeed: areas as never,
					active
				})
				.returning();
			return row!.id;
		};
		// The dearer offer names the criterion, so it comes before the cheaper one sharing an area.
		mapped = await offer('Adaptive teaching in every lesson', 9500, []);
		shared = await offer('Precision teaching for reading', 2500, ['cognition_learning']);
		const retired = await offer('Adaptive teaching (old course)', 0, [], false);
		await handle.insert(cpdOfferCriterion).values(
			[mapped, retired].map((offerId) => ({
				tenantId,
				offerId,
				frameworkId: mcs,
				criterionCode: 'MCS-4.2'
			}))
		);
		const [plan] = await handle
			.insert(cpdPlan)
			.values({ tenantId, settingId: oakfield, cycleId: cycles.current })
			.returning();
		await handle.insert(cpdPlanItem).values([
			{ tenantId, planId: plan!.id, criterionId: id('MCS-4.2'), offerId: mapped },
			{ tenantId, planId: plan!.id, criterionId: id('MCS-4.2'), activity: 'Peer observation' },
			{ tenantId, planId: plan!.id, criterionId: id('MCS-6.1'), activity: 'Provision map review' }
		]);
	});

	it('suggests offers mapped to the criterion first, then those sharing an area of need', async () => {
		const report = (await gapReport(as.senco, cycles.current))!.report!;
		expect(report.suggestions[id('MCS-4.2')]).toEqual([
			{
				id: mapped,
				title: 'Adaptive teaching in every lesson',
				provider: 'Kent Inclusion Team',
				costPence: 9500,
				criterion: true,
				areas: []
			},
			{
				id: shared,
				title: 'Precision teaching for reading',
				provider: 'Kent Inclusion Team',
				costPence: 2500,
				criterion: false,
				areas: ['cognition_learning']
			}
		]);
		// MCS-1.3 is about communication and interaction only; MCS-6.1 has no area of need. The
		// offer for MCS-4.2 names no area of need: about SEND in general, it fits them too.
		const general = {
			id: mapped,
			title: 'Adaptive teaching in every lesson',
			provider: 'Kent Inclusion Team',
			costPence: 9500,
			criterion: false,
			areas: []
		};
		expect(report.suggestions[id('MCS-1.3')]).toEqual([general]);
		expect(report.suggestions[id('MCS-6.1')]).toEqual([general]);
	});

	it("counts each gap's plan items in the cycle's plan", async () => {
		const report = (await gapReport(as.head, cycles.current))!.report!;
		expect(report.planItems[id('MCS-4.2')]).toBe(2);
		expect(report.planItems[id('MCS-6.1')]).toBe(1);
		expect(report.planItems[id('MCS-5.1')]).toBe(0);
		// Last cycle's report has no plan.
		const before = (await gapReport(as.head, cycles.previous))!.report!;
		expect(before.planItems[id('MCS-4.2')]).toBe(0);
	});
});

describe('who sees a gap report', () => {
	it('lets staff read it but not plan', async () => {
		const found = await gapReport(as.staff, null);
		expect(found!.canPlan).toBe(false);
		expect(found!.report!.evaluationId).toBe(evaluations.current);
		expect((await gapReport(as.head, null))!.canPlan).toBe(true);
	});

	it('gives an area board member and the LA nothing', async () => {
		expect(await gapReport(as.board, null)).toBeUndefined();
		expect(await gapReport(as.la, null)).toBeUndefined();
		expect(await gapReport(as.la, cycles.current)).toBeUndefined();
	});

	it('finds no report for an unknown cycle or something that is not an id', async () => {
		expect(await gapReport(as.senco, crypto.randomUUID())).toBeUndefined();
		expect(await gapReport(as.senco, 'not-a-cycle')).toBeUndefined();
	});

	it("shows Northbury's SENCO their own setting's report and none of Kent's", async () => {
		expect(await gapReport(as.northbury, cycles.current)).toBeUndefined();
		expect(await gapReport(as.northbury, cycles.previous)).toBeUndefined();
		const own = await gapReport(as.northbury, null);
		expect(own!.cycles.map((c) => [c.name, c.status])).toEqual([['2025/26', 'signed_off']]);
		expect(own!.cycles[0]!.id).not.toBe(cycles.previous);
		expect(own!.report!.evaluationId).not.toBe(evaluations.previous);
		expect(own!.report!.peerSource).toBeNull();
		const ids = new Set(criterion.values());
		expect(own!.report!.analysis.gaps.some((g) => ids.has(g.criterion.id))).toBe(false);
		expect(await inTenant(as.northbury, (tx) => gapInputs(tx, cycles.current, [oakfield]))).toEqual(
			[]
		);
	});

	it('has no report for a setting with no self-evaluation, only an empty list of cycles', async () => {
		// The demo has no account at Riverside Academy, which has not started one.
		const [riverside] = await db.handle.db
			.select({ id: organisation.id })
			.from(organisation)
			.where(
				and(
					eq(organisation.tenantId, as.senco.tenantId),
					eq(organisation.name, 'Riverside Academy')
				)
			);
		const senco = {
			...as.senco,
			membership: { ...as.senco.membership, organisationId: riverside!.id }
		};
		expect(await gapReport(senco, null)).toEqual({
			cycles: [],
			cycle: null,
			report: null,
			canPlan: true
		});
		expect(await gapReport(senco, cycles.current)).toBeUndefined();
	});
});
