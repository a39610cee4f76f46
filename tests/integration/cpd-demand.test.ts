import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemandView } from '../../src/lib/domain/cpd-demand';
import type { SharingLevel } from '../../src/lib/domain/evaluation';
import { disclosureText } from '../../src/lib/domain/suppression';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	agreedRating,
	areaBoard,
	areaBoardDistrict,
	cpdOffer,
	cpdOfferCriterion,
	cpdPlan,
	cpdPlanItem,
	cycleFramework,
	district,
	evaluationCycle,
	framework,
	frameworkCriterion,
	frameworkVersion,
	judgement,
	organisation,
	peerReview,
	reviewRound,
	selfEvaluation,
	setting,
	tenant
} from '../../src/lib/server/db/schema';
import {
	seedSignedOffEvaluation,
	seedSubmittedEvaluation
} from '../../src/lib/server/db/seed/evaluations';
import type { Tx } from '../../src/lib/server/db/tenant';
import { cpdDemand, cpdDemandFile } from '../../src/lib/server/services/cpd-demand';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

const db = useTestDatabase();

type Who = 'kent' | 'board' | 'south' | 'head' | 'northbury';
const as = {} as Record<Who, Scope>;
let cycleId = '';
let boardId = '';

/**
 * The criteria of the fixture, A to D each the only one in its area of need: A has the
 * fixture's own offer; B, C and D have none in the demo catalogue either (checked below). E,
 * in A's area, is a gap only where peers agreed it lower (see REVIEWED).
 */
const CODES = {
	A: 'MCS-11.4',
	B: 'MCS-10.4',
	C: 'MCS-8.2',
	D: 'MCS-12.6',
	E: 'MCS-11.5'
} as const;
type Code = keyof typeof CODES;

const range = (prefix: string, from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

/**
 * Kent settings of the fixture's own cycle. Fixture Marsh, the only district of Fixture
 * Board: one sharing everything (MS2), one sharing only its summary (MS1: its criteria are
 * private, so for CPD demand it is one of the private settings), ten keeping their results
 * private (M1-M10), and one that shares everything but has not signed off. Fixture Downs, in
 * no board: one sharing everything (DS1), six private (D1-D6).
 */
const SETTINGS: { key: string; downs?: true; sharing: SharingLevel; signedOff?: false }[] = [
	{ key: 'MS1', sharing: 'summary' },
	{ key: 'MS2', sharing: 'full' },
	...range('M', 1, 10).map((key) => ({ key, sharing: 'none' as const })),
	{ key: 'UNSIGNED', sharing: 'full', signedOff: false },
	{ key: 'DS1', downs: true, sharing: 'full' },
	...range('D', 1, 6).map((key) => ({ key, downs: true as const, sharing: 'none' as const }))
];

/** Which settings each criterion is a gap for by a target above the self-rating. */
const GAPS: Record<Exclude<Code, 'E'>, string[]> = {
	// Marsh 7 of 12 (MS2 named, six of eleven private); with Downs 14 of 19 (two named).
	A: ['MS1', 'MS2', ...range('M', 1, 5), 'DS1', ...range('D', 1, 6), 'UNSIGNED'],
	// Three: fewer than five everywhere.
	B: range('M', 1, 3),
	// Marsh 10 of 12, tenant 17 of 19: two short, so hidden; only DS1 named.
	C: ['MS1', ...range('M', 1, 9), 'DS1', ...range('D', 1, 6), 'UNSIGNED'],
	// Marsh 5 of 12, tenant 11 of 19, none of them named.
	D: [...range('M', 1, 5), ...range('D', 1, 6)]
};

/**
 * MS2's finalised peer review, not shared with the board: the peers agreed E at 2, below its
 * self-rating of 3 (with no target), so E is a gap for MS2 only through the review.
 */
const REVIEWED = { setting: 'MS2', code: 'E', agreed: 2 } as const;
let reviewId = '';

const nameOf = (key: string) =>
	key.startsWith('MS') || key === 'DS1'
		? `Fixture Sharing ${key}`
		: key === 'UNSIGNED'
			? 'Fixture Unsigned Academy'
			: `Fixture Hidden ${key}`;

const ids: Record<string, string> = {};

async function mcsVersion(tx: Tx, tenantId: string) {
	const [v] = await tx
		.select({ id: frameworkVersion.id, frameworkId: framework.id })
		.from(frameworkVersion)
		.innerJoin(framework, eq(framework.id, frameworkVersion.frameworkId))
		.where(
			and(
				eq(framework.tenantId, tenantId),
				eq(framework.key, 'mcs'),
				eq(frameworkVersion.status, 'published')
			)
		);
	return v!;
}

beforeAll(async () => {
	const emails: Record<Exclude<Who, 'board'>, string> = {
		kent: 'la.admin@kent.test',
		south: 'board@kent.test',
		head: 'head@kent.test',
		northbury: 'la.admin@northbury.test'
	};
	for (const [who, email] of Object.entries(emails)) as[who as Who] = await scopeFor(email);
	const kent = as.kent.tenantId;
	await db.handle.db.transaction(async (tx) => {
		const version = await mcsVersion(tx, kent);
		const [cycle] = await tx
			.insert(evaluationCycle)
			.values({
				tenantId: kent,
				name: 'Fixture 2035/36',
				deadline: '2036-07-16',
				createdAt: new Date('2035-09-01T09:00:00Z')
			})
			.returning({ id: evaluationCycle.id });
		cycleId = cycle!.id;
		await tx
			.insert(cycleFramework)
			.values({ tenantId: kent, cycleId, settingType: 'mainstream', versionId: version.id });
		const districts: Record<string, string> = {};
		for (const name of ['Fixture Marsh', 'Fixture Downs']) {
			const [row] = await tx
				.insert(district)
				.values({ tenantId: kent, name })
				.returning({ id: district.id });
			districts[name] = row!.id;
		}
		const [board] = await tx
			.insert(organisation)
			.values({ tenantId: kent, kind: 'area_board', name: 'Fixture Board' })
			.returning({ id: organisation.id });
		boardId = board!.id;
		await tx.insert(areaBoard).values({ tenantId: kent, id: boardId, scope: 'districts' });
		await tx
			.insert(areaBoardDistrict)
			.values({ tenantId: kent, areaBoardId: boardId, districtId: districts['Fixture Marsh']! });
		as.board = {
			...as.south,
			membership: {
				...as.south.membership,
				organisationId: boardId,
				organisationName: 'Fixture Board'
			}
		};

		const criteria = await tx
			.select({ id: frameworkCriterion.id, code: frameworkCriterion.code })
			.from(frameworkCriterion)
			.where(
				and(
					eq(frameworkCriterion.versionId, version.id),
					inArray(frameworkCriterion.code, Object.values(CODES))
				)
			);
		const criterionOf = (code: Code) => criteria.find((c) => c.code === CODES[code])!.id;

		for (const [i, s] of SETTINGS.entries()) {
			const [org] = await tx
				.insert(organisation)
				.values({ tenantId: kent, kind: 'setting', name: nameOf(s.key) })
				.returning({ id: organisation.id });
			ids[s.key] = org!.id;
			await tx.insert(setting).values({
				tenantId: kent,
				id: org!.id,
				settingType: 'mainstream',
				phase: 'Primary',
				districtId: districts[s.downs ? 'Fixture Downs' : 'Fixture Marsh']!
			});
			const input = {
				tenantId: kent,
				cycleId,
				settingId: org!.id,
				versionId: version.id,
				senco: null,
				head: null,
				offset: i
			};
			const evaluationId =
				s.signedOff === false
					? await seedSubmittedEvaluation(tx, { ...input, submittedAt: new Date() })
					: await seedSignedOffEvaluation(tx, { ...input, sharing: s.sharing });
			if (s.signedOff === false)
				await tx
					.update(selfEvaluation)
					.set({ sharing: s.sharing })
					.where(eq(selfEvaluation.id, evaluationId));
			// Everything established with no target, so no gap, but where GAPS says.
			await tx
				.update(judgement)
				.set({ rating: 3, targetRating: null })
				.where(eq(judgement.evaluationId, evaluationId));
			const gaps = (Object.keys(GAPS) as (keyof typeof GAPS)[]).filter((c) =>
				GAPS[c].includes(s.key)
			);
			if (gaps.length > 0)
				await tx
					.update(judgement)
					.set({ targetRating: 4 })
					.where(
						and(
							eq(judgement.evaluationId, evaluationId),
							inArray(judgement.criterionId, gaps.map(criterionOf))
						)
					);
			if (s.key === REVIEWED.setting) {
				const [round] = await tx
					.insert(reviewRound)
					.values({ tenantId: kent, cycleId, name: 'Fixture round', status: 'confirmed' })
					.returning({ id: reviewRound.id });
				const [review] = await tx
					.insert(peerReview)
					.values({
						tenantId: kent,
						roundId: round!.id,
						hostSettingId: org!.id,
						stage: 'report',
						evaluationId
					})
					.returning({ id: peerReview.id });
				reviewId = review!.id;
				await tx.insert(agreedRating).values({
					tenantId: kent,
					reviewId,
					criterionId: criterionOf(REVIEWED.code),
					rating: REVIEWED.agreed,
					rationale: 'Agreed at moderation.'
				});
				// Finalised once its ratings are in, as moderation does.
				await tx
					.update(peerReview)
					.set({ stage: 'finalised', finalisedAt: new Date() })
					.where(eq(peerReview.id, reviewId));
			}
		}

		// The fixture's offers: one on A, one withdrawn that a plan in Marsh took, one withdrawn
		// that only a plan in Downs took, one withdrawn unplanned.
		const offerIds: Record<string, string> = {};
		for (const [key, title, active] of [
			['onA', 'Fixture offer on targeted SEMH support', true],
			['withdrawn', 'Fixture withdrawn offer', false],
			['downs', 'Fixture withdrawn offer planned in Downs', false],
			['unplanned', 'Fixture withdrawn offer nobody planned', false]
		] as const) {
			const [row] = await tx
				.insert(cpdOffer)
				.values({
					tenantId: kent,
					title,
					provider: 'Fixture provider',
					format: 'face_to_face',
					minutes: 90,
					costPence: 5000,
					audiences: ['teacher'],
					active
				})
				.returning({ id: cpdOffer.id });
			offerIds[key] = row!.id;
		}
		await tx.insert(cpdOfferCriterion).values({
			tenantId: kent,
			offerId: offerIds.onA!,
			frameworkId: version.frameworkId,
			criterionCode: CODES.A
		});
		// No active offer of the demo catalogue may address B, C or D.
		const mapped = await tx
			.select({ code: cpdOfferCriterion.criterionCode })
			.from(cpdOfferCriterion)
			.innerJoin(cpdOffer, eq(cpdOffer.id, cpdOfferCriterion.offerId))
			.where(
				and(
					eq(cpdOffer.active, true),
					inArray(cpdOfferCriterion.criterionCode, [CODES.B, CODES.C, CODES.D])
				)
			);
		if (mapped.length > 0) throw new Error(`The fixture needs ${mapped[0]!.code} unaddressed`);

		// Plans at M1-M10 and D1-D5: the offer on A at M1-M5 (2 places each) and D1-D5 (1 each),
		// the withdrawn offers at M1 (4 places) and at D1 (3), an in-house activity everywhere.
		for (const key of [...range('M', 1, 10), ...range('D', 1, 5)]) {
			const [plan] = await tx
				.insert(cpdPlan)
				.values({ tenantId: kent, settingId: ids[key]!, cycleId })
				.returning({ id: cpdPlan.id });
			const item = { tenantId: kent, planId: plan!.id, criterionId: criterionOf('A') };
			const n = Number(key.slice(1));
			await tx
				.insert(cpdPlanItem)
				.values([
					{ ...item, activity: 'Staff meeting on regulation', places: 12 },
					...(n <= 5
						? [{ ...item, offerId: offerIds.onA!, places: key.startsWith('M') ? 2 : 1 }]
						: []),
					...(key === 'M1' ? [{ ...item, offerId: offerIds.withdrawn!, places: 4 }] : []),
					...(key === 'D1' ? [{ ...item, offerId: offerIds.downs!, places: 3 }] : [])
				]);
		}
	});
});

const params = (extra: Record<string, string> = {}) =>
	new URLSearchParams({ cycle: cycleId, ...extra });

async function viewOf(scope: Scope, extra: Record<string, string> = {}) {
	const demand = await cpdDemand(scope, params(extra));
	expect(demand?.cycle?.id).toBe(cycleId);
	return { demand: demand!, view: demand!.view! };
}

const gap = (view: DemandView, code: Code) =>
	view.gaps.find((g) => g.criterion.code === CODES[code]);
const count = (view: DemandView, code: Code) => {
	const row = gap(view, code);
	return row && disclosureText(row.settings);
};
const area = (view: DemandView) =>
	Object.fromEntries(view.areas.map((a) => [a.key, disclosureText(a.settings)]));
const offer = (view: DemandView, title: string) => {
	const row = view.offers.find((o) => o.offer.title === title);
	return row && [disclosureText(row.settings), disclosureText(row.places)];
};

describe('CPD demand for the LA', () => {
	it('counts each gap among the settings that signed off, hiding small numbers', async () => {
		const { view } = await viewOf(as.kent);
		expect(disclosureText(view.signedOff)).toBe('19');
		expect(view.frameworks.map((f) => [f.framework.name, disclosureText(f.settings)])).toEqual([
			['SEN Mainstream Core Standards', '19']
		]);
		// A: MS1, MS2, M1-M5, DS1, D1-D6; the unsigned academy is not counted.
		expect(count(view, 'A')).toBe('14');
		expect(count(view, 'B')).toBe('<5');
		// C: 17 of 19, so the two without it would be known.
		expect(count(view, 'C')).toBe('c');
		expect(count(view, 'D')).toBe('11');
		expect(view.gaps.map((g) => g.criterion.code)).toEqual([CODES.A, CODES.D, CODES.C, CODES.B]);
		expect(gap(view, 'A')!.criterion.offers).toContain('Fixture offer on targeted SEMH support');
		expect(gap(view, 'A')!.criterion.areas).toEqual(['semh']);
	});

	it('names only the settings that share their signed-off results in full', async () => {
		const { demand, view } = await viewOf(as.kent);
		expect(gap(view, 'A')!.sharing).toEqual(['Fixture Sharing DS1', 'Fixture Sharing MS2']);
		expect(gap(view, 'C')!.sharing).toEqual(['Fixture Sharing DS1']);
		expect(gap(view, 'D')!.sharing).toEqual([]);
		const json = JSON.stringify(demand);
		// MS1 shares only its summary: a criterion's gap would say more than it chose to.
		expect(json).not.toContain('Fixture Sharing MS1');
		expect(json).not.toContain('Fixture Hidden');
		expect(json).not.toContain('Fixture Unsigned Academy');
	});

	it('counts the settings with a gap in each area of need', async () => {
		const { view } = await viewOf(as.kent);
		expect(area(view)).toEqual({
			communication_interaction: '0',
			cognition_learning: '<5',
			semh: '14',
			sensory_physical: '11',
			whole_setting: 'c'
		});
	});

	it('counts the settings planning each offer and the places, withdrawn offers if planned', async () => {
		const { view } = await viewOf(as.kent);
		expect(disclosureText(view.plans)).toBe('15');
		// M1-M5 with 2 places each and D1-D5 with 1: 10 of 15 settings.
		expect(offer(view, 'Fixture offer on targeted SEMH support')).toEqual(['10', '15']);
		expect(offer(view, 'Fixture withdrawn offer')).toEqual(['<5', 'c']);
		expect(offer(view, 'Fixture withdrawn offer planned in Downs')).toEqual(['<5', 'c']);
		expect(offer(view, 'Fixture withdrawn offer nobody planned')).toBeUndefined();
		expect(view.offers.find((o) => o.offer.title === 'Fixture withdrawn offer')!.offer.active).toBe(
			false
		);
		// The demo catalogue's offers are in no plan of this cycle.
		expect(view.offers.filter((o) => disclosureText(o.settings) === '0').length).toBe(
			view.offers.length - 3
		);
	});

	it('lists the common gaps no active offer addresses', async () => {
		const { view } = await viewOf(as.kent);
		expect(view.unmet.map((g) => [g.criterion.code, disclosureText(g.settings)])).toEqual([
			[CODES.D, '11'],
			[CODES.C, 'c']
		]);
	});

	it('picks the newest cycle with a signed-off self-evaluation by default, and 404s an unknown one', async () => {
		expect((await cpdDemand(as.kent, new URLSearchParams()))?.cycle?.id).toBe(cycleId);
		expect(await cpdDemand(as.kent, new URLSearchParams({ cycle: 'nonsense' }))).toBeNull();
	});

	it('writes each table as a CSV download, and nothing for an unknown table', async () => {
		const file = await cpdDemandFile(as.kent, 'gaps', params());
		expect(file!.about[0]).toBe('Kent County Council: CPD demand across settings, Fixture 2035/36');
		expect(file!.table.rows[0]!.slice(0, 7)).toEqual([
			CODES.A,
			expect.any(String),
			'SEN Mainstream Core Standards',
			'Social, emotional and mental health',
			'14',
			'19',
			'Fixture Sharing DS1; Fixture Sharing MS2'
		]);
		expect(file!.fileName).toEqual([
			'Kent County Council',
			'Fixture 2035/36',
			'cpd demand',
			'gaps'
		]);
		expect(await cpdDemandFile(as.kent, 'nonsense', params())).toBeNull();
	});
});

describe('CPD demand for a board', () => {
	it('covers only the settings in the board’s area, suppressed as for the LA', async () => {
		const { demand, view } = await viewOf(as.board);
		expect(demand.boards).toEqual([]);
		expect(disclosureText(view.signedOff)).toBe('12');
		// A: MS1, MS2, M1-M5 of 12; C: 10 of 12; D: M1-M5.
		expect(count(view, 'A')).toBe('7');
		expect(count(view, 'B')).toBe('<5');
		expect(count(view, 'C')).toBe('c');
		expect(count(view, 'D')).toBe('5');
		expect(gap(view, 'A')!.sharing).toEqual(['Fixture Sharing MS2']);
		expect(gap(view, 'C')!.sharing).toEqual([]);
		expect(area(view)).toEqual({
			communication_interaction: '0',
			cognition_learning: '<5',
			semh: '7',
			sensory_physical: '5',
			whole_setting: 'c'
		});
		// Ten plans: the offer on A at M1-M5, 2 places each.
		expect(disclosureText(view.plans)).toBe('10');
		expect(offer(view, 'Fixture offer on targeted SEMH support')).toEqual(['5', '10']);
		expect(offer(view, 'Fixture withdrawn offer')).toEqual(['<5', 'c']);
		// Planned only in Downs: a row of 0 here would give away a plan outside the board's area.
		expect(offer(view, 'Fixture withdrawn offer planned in Downs')).toBeUndefined();
		// C's c with no setting named could be 0, so it is not listed as common.
		expect(view.unmet.map((g) => [g.criterion.code, disclosureText(g.settings)])).toEqual([
			[CODES.D, '5']
		]);
		const json = JSON.stringify(demand);
		expect(json).not.toContain('Fixture Sharing DS1');
		expect(json).not.toContain('Fixture Sharing MS1');
		expect(json).not.toContain('Fixture withdrawn offer planned in Downs');
		expect(json).not.toContain('Fixture Hidden');
		expect(json).not.toContain('Fixture Unsigned Academy');
	});

	it('is what LA staff see when they choose the board', async () => {
		const { demand, view } = await viewOf(as.kent, { board: boardId });
		expect(demand.board).toEqual({ id: boardId, name: 'Fixture Board' });
		expect(view).toEqual((await viewOf(as.board)).view);
		const file = await cpdDemandFile(as.kent, 'areas', params({ board: boardId }));
		expect(file!.about[0]).toBe(
			'Kent County Council, Fixture Board: CPD demand across settings, Fixture 2035/36'
		);
		expect(file!.table.rows).toEqual([
			['Communication and interaction', '0'],
			['Cognition and learning', '<5'],
			['Social, emotional and mental health', '7'],
			['Sensory and/or physical', '5'],
			['Whole setting (no single area of need)', 'c']
		]);
	});

	it('tells LA staff when the board asked for is not one they can see', async () => {
		const { demand } = await viewOf(as.kent, { board: as.northbury.membership.organisationId });
		expect(demand.board).toBeNull();
		expect(demand.problems).toEqual([
			'The area board asked for is not one you can see, so the whole county is shown.'
		]);
	});
});

describe('CPD demand and peer reviews', () => {
	const shareReview = (boardSharing: boolean) =>
		db.handle.db.update(peerReview).set({ boardSharing }).where(eq(peerReview.id, reviewId));

	it('counts and names a gap the peers found only where the setting shared the review with the board', async () => {
		for (const scope of [as.kent, as.board]) {
			const { view } = await viewOf(scope);
			expect(gap(view, 'E')).toBeUndefined();
		}
		await shareReview(true);
		try {
			for (const scope of [as.kent, as.board]) {
				const { view } = await viewOf(scope);
				// MS2 alone: a count of 1, named as it shares in full.
				expect([count(view, 'E'), gap(view, 'E')!.sharing]).toEqual([
					'<5',
					['Fixture Sharing MS2']
				]);
			}
		} finally {
			await shareReview(false);
		}
	});
});

describe('CPD demand for anyone else', () => {
	it('is nothing for a setting’s staff', async () => {
		expect(await cpdDemand(as.head, params())).toBeNull();
		expect(await cpdDemandFile(as.head, 'gaps', params())).toBeNull();
	});

	it('is nothing of Kent’s for another tenant', async () => {
		expect(await cpdDemand(as.northbury, params())).toBeNull();
		const own = await cpdDemand(as.northbury, new URLSearchParams());
		expect(JSON.stringify(own)).not.toContain('Fixture');
	});
});

describe('the demo’s CPD plans', () => {
	it('gives ten Kent settings that signed off last year a plan of two to four items, Oakfield none', async () => {
		const owner = db.handle.db;
		const plans = await owner
			.select({ planId: cpdPlan.id, name: organisation.name })
			.from(cpdPlan)
			.innerJoin(organisation, eq(organisation.id, cpdPlan.settingId))
			.innerJoin(evaluationCycle, eq(evaluationCycle.id, cpdPlan.cycleId))
			.innerJoin(tenant, eq(tenant.id, cpdPlan.tenantId))
			.where(and(eq(tenant.slug, 'kent'), eq(evaluationCycle.name, '2025/26')));
		expect(plans).toHaveLength(10);
		expect(plans.map((p) => p.name)).not.toContain('Oakfield Primary School');
		const items = await owner
			.select({ planId: cpdPlanItem.planId, status: cpdPlanItem.status })
			.from(cpdPlanItem)
			.where(
				inArray(
					cpdPlanItem.planId,
					plans.map((p) => p.planId)
				)
			);
		for (const p of plans) {
			const n = items.filter((i) => i.planId === p.planId).length;
			expect(n).toBeGreaterThanOrEqual(2);
			expect(n).toBeLessThanOrEqual(4);
		}
		expect(new Set(items.map((i) => i.status))).toEqual(new Set(['planned', 'booked', 'done']));
	});
});
