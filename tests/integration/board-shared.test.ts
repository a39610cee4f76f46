import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_FILTER, type BoardFilter } from '../../src/lib/domain/board-filters';
import type { SharingLevel } from '../../src/lib/domain/evaluation';
import type { SettingType } from '../../src/lib/domain/organisation';
import type { SharedFramework } from '../../src/lib/domain/shared-results';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	areaBoard,
	areaBoardDistrict,
	cycleFramework,
	district,
	evaluationCycle,
	framework,
	frameworkCriterion,
	frameworkSection,
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
import { inTenant, type Tx } from '../../src/lib/server/db/tenant';
import { sharedResults, sharedSetting } from '../../src/lib/server/services/board-shared';
import { sectionResults } from '../../src/lib/server/services/section-results';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

const db = useTestDatabase();

type Who = 'board' | 'south' | 'kent' | 'northbury' | 'head';
const as = {} as Record<Who, Scope>;
const ids = {} as Record<string, string>;
/** Kent's and Northbury's cycles of the fixture's own, so no demo evaluation is in them. */
const cycles = { previous: '', current: '', northbury: '' };
let marsh = '';

const NARRATIVE = 'Checked through a learning walk';
const EVIDENCE_URL = 'https://example.org/send-information-report';

type Year = [status: 'signed_off' | 'submitted', sharing: SharingLevel];

/**
 * Kent's fixture, built by hand beside the demo county: Fixture Marsh, whose only board is
 * Fixture Board, holds settings sharing their summary, everything and nothing, one sharing
 * everything but not signed off, and an early years setting against another framework;
 * Fixture Downs, outside that board's area, one sharing everything. In the fixture's later
 * cycle the summary sharer signs off sharing nothing and the full sharer shares its summary.
 */
const FIXTURE: {
	name: string;
	district: 'Fixture Marsh' | 'Fixture Downs';
	settingType: SettingType;
	phase: string;
	previous: Year;
	current?: Year;
}[] = [
	{
		name: 'Fixture Summary Primary',
		district: 'Fixture Marsh',
		settingType: 'mainstream',
		phase: 'Primary',
		previous: ['signed_off', 'summary'],
		current: ['signed_off', 'none']
	},
	{
		name: 'Fixture Full Primary',
		district: 'Fixture Marsh',
		settingType: 'mainstream',
		phase: 'Primary',
		previous: ['signed_off', 'full'],
		current: ['signed_off', 'summary']
	},
	{
		name: 'Fixture Nursery',
		district: 'Fixture Marsh',
		settingType: 'early_years',
		phase: 'Nursery',
		previous: ['signed_off', 'summary']
	},
	{
		name: 'Fixture Private Primary',
		district: 'Fixture Marsh',
		settingType: 'mainstream',
		phase: 'Primary',
		previous: ['signed_off', 'none']
	},
	{
		name: 'Fixture Unsigned Academy',
		district: 'Fixture Marsh',
		settingType: 'mainstream',
		phase: 'Secondary',
		previous: ['submitted', 'full']
	},
	{
		name: 'Fixture Downs Academy',
		district: 'Fixture Downs',
		settingType: 'mainstream',
		phase: 'Secondary',
		previous: ['signed_off', 'full']
	}
];
/** Northbury's own, in its fixture cycle: one setting sharing everything. */
const NORTHBURY_SETTING = 'Fixture Northbury Primary';

const FRAMEWORK_KEYS: Partial<Record<SettingType, string>> = {
	mainstream: 'mcs',
	early_years: 'early-years'
};

async function publishedVersion(tx: Tx, tenantId: string, key: string) {
	const [v] = await tx
		.select({ id: frameworkVersion.id })
		.from(frameworkVersion)
		.innerJoin(framework, eq(framework.id, frameworkVersion.frameworkId))
		.where(
			and(
				eq(framework.tenantId, tenantId),
				eq(framework.key, key),
				eq(frameworkVersion.status, 'published')
			)
		);
	return v!.id;
}

/** A cycle of the fixture's own, created when given so the newest is known. */
async function fixtureCycle(tx: Tx, tenantId: string, name: string, createdAt: string) {
	const [cycle] = await tx
		.insert(evaluationCycle)
		.values({ tenantId, name, deadline: '2033-07-16', createdAt: new Date(createdAt) })
		.returning({ id: evaluationCycle.id });
	for (const [settingType, key] of Object.entries(FRAMEWORK_KEYS))
		await tx.insert(cycleFramework).values({
			tenantId,
			cycleId: cycle!.id,
			settingType: settingType as SettingType,
			versionId: await publishedVersion(tx, tenantId, key)
		});
	return cycle!.id;
}

async function fixtureSetting(
	tx: Tx,
	tenantId: string,
	values: { name: string; settingType: SettingType; phase: string; districtId: string | null }
) {
	const [org] = await tx
		.insert(organisation)
		.values({ tenantId, kind: 'setting', name: values.name })
		.returning({ id: organisation.id });
	const { settingType, phase, districtId } = values;
	await tx.insert(setting).values({ tenantId, id: org!.id, settingType, phase, districtId });
	ids[values.name] = org!.id;
	return org!.id;
}

/** A self-evaluation of the fixture, fully rated and written up, as far as `year` says. */
async function fixtureEvaluation(
	tx: Tx,
	input: { tenantId: string; cycleId: string; settingId: string; settingType: SettingType },
	[status, sharing]: Year,
	offset: number
) {
	const evaluation = {
		...input,
		versionId: await publishedVersion(tx, input.tenantId, FRAMEWORK_KEYS[input.settingType]!),
		senco: null,
		head: null,
		offset
	};
	const id =
		status === 'signed_off'
			? await seedSignedOffEvaluation(tx, { ...evaluation, sharing })
			: await seedSubmittedEvaluation(tx, { ...evaluation, submittedAt: new Date() });
	// Shared while waiting to be signed off: the status alone must keep it from the board.
	if (status === 'submitted')
		await tx.update(selfEvaluation).set({ sharing }).where(eq(selfEvaluation.id, id));
}

beforeAll(async () => {
	const emails: Record<Exclude<Who, 'board'>, string> = {
		south: 'board@kent.test',
		kent: 'la.admin@kent.test',
		northbury: 'la.admin@northbury.test',
		head: 'head@kent.test'
	};
	for (const [who, email] of Object.entries(emails)) as[who as Who] = await scopeFor(email);
	const kent = as.kent.tenantId;
	await db.handle.db.transaction(async (tx) => {
		cycles.previous = await fixtureCycle(tx, kent, 'Fixture 2031/32', '2031-09-01T09:00:00Z');
		cycles.current = await fixtureCycle(tx, kent, 'Fixture 2032/33', '2032-09-01T09:00:00Z');
		const districts: Record<string, string> = {};
		for (const name of ['Fixture Marsh', 'Fixture Downs']) {
			const [row] = await tx
				.insert(district)
				.values({ tenantId: kent, name })
				.returning({ id: district.id });
			districts[name] = row!.id;
		}
		marsh = districts['Fixture Marsh']!;
		const [board] = await tx
			.insert(organisation)
			.values({ tenantId: kent, kind: 'area_board', name: 'Fixture Board' })
			.returning({ id: organisation.id });
		await tx.insert(areaBoard).values({ tenantId: kent, id: board!.id, scope: 'districts' });
		await tx
			.insert(areaBoardDistrict)
			.values({ tenantId: kent, areaBoardId: board!.id, districtId: marsh });
		// A member of Fixture Board: the South board member's scope, moved to it.
		as.board = {
			...as.south,
			membership: {
				...as.south.membership,
				organisationId: board!.id,
				organisationName: 'Fixture Board'
			}
		};
		for (const [i, s] of FIXTURE.entries()) {
			const settingId = await fixtureSetting(tx, kent, {
				name: s.name,
				settingType: s.settingType,
				phase: s.phase,
				districtId: districts[s.district]!
			});
			const input = { tenantId: kent, settingId, settingType: s.settingType };
			await fixtureEvaluation(tx, { ...input, cycleId: cycles.previous }, s.previous, i + 1);
			if (s.current)
				await fixtureEvaluation(tx, { ...input, cycleId: cycles.current }, s.current, i + 5);
		}

		const northbury = as.northbury.tenantId;
		cycles.northbury = await fixtureCycle(tx, northbury, 'Fixture 2031/32', '2031-09-01T09:00:00Z');
		const settingId = await fixtureSetting(tx, northbury, {
			name: NORTHBURY_SETTING,
			settingType: 'mainstream',
			phase: 'Primary',
			districtId: null
		});
		await fixtureEvaluation(
			tx,
			{ tenantId: northbury, cycleId: cycles.northbury, settingId, settingType: 'mainstream' },
			['signed_off', 'full'],
			2
		);

		// A statutory criterion of the full sharer's first section rated at the lowest level
		// holds that section there.
		const [statutory] = await tx
			.select({ id: judgement.id })
			.from(judgement)
			.innerJoin(selfEvaluation, eq(selfEvaluation.id, judgement.evaluationId))
			.innerJoin(frameworkCriterion, eq(frameworkCriterion.id, judgement.criterionId))
			.where(
				and(
					eq(selfEvaluation.settingId, ids['Fixture Full Primary']!),
					eq(selfEvaluation.cycleId, cycles.previous),
					eq(frameworkCriterion.statutory, true)
				)
			)
			.orderBy(asc(frameworkCriterion.position))
			.limit(1);
		await tx.update(judgement).set({ rating: 1 }).where(eq(judgement.id, statutory!.id));
	});
	// The demo's Oakfield, read only for its own self-evaluation of this year.
	const [oakfield] = await db.handle.db
		.select({ id: organisation.id })
		.from(organisation)
		.innerJoin(tenant, eq(tenant.id, organisation.tenantId))
		.where(and(eq(tenant.slug, 'kent'), eq(organisation.name, 'Oakfield Primary School')));
	ids['Oakfield Primary School'] = oakfield!.id;
});

/**
 * Section levels of an evaluation worked out by hand from its stored judgements: the lower
 * middle rating, or 1 when a statutory criterion is rated 1 (unless `cap` is false).
 */
async function expectedLevels(evaluationId: string, versionId: string, cap = true) {
	const { db: owner } = db.handle;
	const rows = await owner
		.select({
			section: frameworkSection.code,
			key: framework.key,
			statutory: frameworkCriterion.statutory,
			rating: judgement.rating
		})
		.from(frameworkCriterion)
		.innerJoin(frameworkSection, eq(frameworkSection.id, frameworkCriterion.sectionId))
		.innerJoin(frameworkVersion, eq(frameworkVersion.id, frameworkCriterion.versionId))
		.innerJoin(framework, eq(framework.id, frameworkVersion.frameworkId))
		.leftJoin(
			judgement,
			and(
				eq(judgement.criterionId, frameworkCriterion.id),
				eq(judgement.evaluationId, evaluationId)
			)
		)
		.where(eq(frameworkCriterion.versionId, versionId))
		.orderBy(asc(frameworkSection.position));
	const levels: Record<string, number | null> = {};
	for (const key of new Set(rows.map((r) => `${r.key}:${r.section}`))) {
		const own = rows.filter((r) => `${r.key}:${r.section}` === key);
		const ratings = own.flatMap((r) => (r.rating === null ? [] : [r.rating])).sort((x, y) => x - y);
		if (ratings.length === 0) levels[key] = null;
		else if (cap && own.some((r) => r.statutory && r.rating === 1)) levels[key] = 1;
		else levels[key] = ratings[Math.floor((ratings.length - 1) / 2)]!;
	}
	return levels;
}

const evaluationOf = async (settingName: string, cycleId: string) => {
	const [row] = await db.handle.db
		.select({ id: selfEvaluation.id, versionId: selfEvaluation.versionId })
		.from(selfEvaluation)
		.where(
			and(eq(selfEvaluation.settingId, ids[settingName]!), eq(selfEvaluation.cycleId, cycleId))
		);
	return row!;
};

const namesIn = (frameworks: SharedFramework[] | undefined) =>
	frameworks!.flatMap((f) => f.settings.map((s) => s.name)).sort();

const names = (...settings: string[]) => [...settings].sort();

describe('section results of a cycle', () => {
	it('summarises every section of every evaluation as worked out by hand', async () => {
		const results = await inTenant(as.kent, (tx) => sectionResults(tx, cycles.previous));
		const everyName = FIXTURE.map((s) => s.name);
		expect(results.map((r) => r.settingId).sort()).toEqual(everyName.map((n) => ids[n]).sort());
		for (const name of everyName) {
			const evaluation = await evaluationOf(name, cycles.previous);
			const result = results.find((r) => r.evaluationId === evaluation.id)!;
			const levels = Object.fromEntries(result.sections.map((s) => [s.key, s.summary.level]));
			expect(levels).toEqual(await expectedLevels(evaluation.id, evaluation.versionId));
		}
		const summary = results.find((r) => r.settingId === ids['Fixture Summary Primary'])!;
		expect(summary).toMatchObject({ status: 'signed_off', sharing: 'summary' });
		expect(summary.framework.key).toBe('mcs');
		expect(summary.scale.map((l) => l.value)).toEqual([1, 2, 3, 4]);
		const nursery = results.find((r) => r.settingId === ids['Fixture Nursery'])!;
		expect(nursery.framework.key).toBe('early-years');
	});

	it('names the statutory criteria that hold a section at the lowest level', async () => {
		const results = await inTenant(as.kent, (tx) => sectionResults(tx, cycles.previous));
		const full = results.find((r) => r.settingId === ids['Fixture Full Primary'])!;
		const held = full.sections.filter((s) => s.summary.cappedBy.length > 0);
		expect(held.length).toBeGreaterThan(0);
		expect(held.every((s) => s.summary.level === 1)).toBe(true);
		// Without the cap the middle rating would be higher: the cap is what holds it.
		const evaluation = await evaluationOf('Fixture Full Primary', cycles.previous);
		const uncapped = await expectedLevels(evaluation.id, evaluation.versionId, false);
		expect(held.some((s) => uncapped[s.key]! > 1)).toBe(true);
	});

	it('leaves out evaluations not signed off when asked', async () => {
		const results = await inTenant(as.kent, (tx) =>
			sectionResults(tx, cycles.previous, { signedOffOnly: true })
		);
		expect(results.map((r) => r.settingId).sort()).toEqual(
			FIXTURE.filter((s) => s.previous[0] === 'signed_off')
				.map((s) => ids[s.name])
				.sort()
		);
		expect(results.some((r) => r.settingId === ids['Fixture Unsigned Academy'])).toBe(false);
	});

	it('gives no level to a section with nothing rated yet', async () => {
		// The demo's Oakfield, part way through this year's, found by its id among the county's.
		const demoCurrent = await inTenant(as.kent, async (tx) => {
			const [row] = await tx
				.select({ id: evaluationCycle.id })
				.from(evaluationCycle)
				.where(eq(evaluationCycle.name, '2026/27'));
			return row!.id;
		});
		const results = await inTenant(as.kent, (tx) => sectionResults(tx, demoCurrent));
		const oakfield = results.find((r) => r.settingId === ids['Oakfield Primary School'])!;
		const evaluation = await evaluationOf('Oakfield Primary School', demoCurrent);
		expect(oakfield.evaluationId).toBe(evaluation.id);
		const levels = Object.fromEntries(oakfield.sections.map((s) => [s.key, s.summary.level]));
		expect(levels).toEqual(await expectedLevels(evaluation.id, evaluation.versionId));
		expect(oakfield.sections.at(-1)!.summary.level).toBeNull();
	});

	it("reads only the transaction's tenant", async () => {
		expect(await inTenant(as.northbury, (tx) => sectionResults(tx, cycles.previous))).toEqual([]);
		expect(await inTenant(as.kent, (tx) => sectionResults(tx, cycles.northbury))).toEqual([]);
	});
});

describe('named results', () => {
	it('shows a board the settings in its area that signed off and share, by framework', async () => {
		const frameworks = await sharedResults(as.board, cycles.previous, NO_FILTER);
		expect(frameworks!.map((f) => f.key)).toEqual(['early-years', 'mcs']);
		const earlyYears = frameworks!.find((f) => f.key === 'early-years')!;
		expect(earlyYears.settings.map((s) => [s.name, s.districtName, s.sharing])).toEqual([
			['Fixture Nursery', 'Fixture Marsh', 'summary']
		]);
		const mcs = frameworks!.find((f) => f.key === 'mcs')!;
		expect(mcs.settings.map((s) => [s.name, s.districtName, s.sharing])).toEqual([
			['Fixture Full Primary', 'Fixture Marsh', 'full'],
			['Fixture Summary Primary', 'Fixture Marsh', 'summary']
		]);
		for (const [i, name] of ['Fixture Full Primary', 'Fixture Summary Primary'].entries()) {
			const evaluation = await evaluationOf(name, cycles.previous);
			expect(mcs.settings[i]!.levels).toEqual(
				await expectedLevels(evaluation.id, evaluation.versionId)
			);
		}
		expect(mcs.sections.map((s) => s.key)).toEqual(Object.keys(mcs.settings[0]!.levels));
	});

	it('never names a setting that shares nothing, is not signed off, or is outside the area', async () => {
		const text = JSON.stringify(await sharedResults(as.board, cycles.previous, NO_FILTER));
		for (const name of [
			'Fixture Private Primary',
			'Fixture Unsigned Academy',
			'Fixture Downs Academy',
			NORTHBURY_SETTING
		])
			expect(text).not.toContain(name);
		expect(text).not.toContain(NARRATIVE);
		// The South board's area holds none of the fixture's settings.
		expect(await sharedResults(as.south, cycles.previous, NO_FILTER)).toEqual([]);
	});

	it("shows the LA every sharer in its tenant, and none of another tenant's", async () => {
		expect(namesIn(await sharedResults(as.kent, cycles.previous, NO_FILTER))).toEqual(
			names(
				'Fixture Summary Primary',
				'Fixture Full Primary',
				'Fixture Nursery',
				'Fixture Downs Academy'
			)
		);
		expect(namesIn(await sharedResults(as.kent, cycles.current, NO_FILTER))).toEqual([
			'Fixture Full Primary'
		]);
		expect(namesIn(await sharedResults(as.northbury, cycles.northbury, NO_FILTER))).toEqual([
			NORTHBURY_SETTING
		]);
		expect(await sharedResults(as.northbury, cycles.previous, NO_FILTER)).toEqual([]);
		expect(await sharedResults(as.kent, cycles.northbury, NO_FILTER)).toEqual([]);
	});

	it('narrows to the filter', async () => {
		const only = (filter: Partial<BoardFilter>) =>
			sharedResults(as.kent, cycles.previous, { ...NO_FILTER, ...filter });
		expect(namesIn(await only({ settingType: 'early_years' }))).toEqual(['Fixture Nursery']);
		expect(namesIn(await only({ phase: 'secondary' }))).toEqual(['Fixture Downs Academy']);
		expect(namesIn(await only({ districtId: marsh, phase: 'primary' }))).toEqual(
			names('Fixture Full Primary', 'Fixture Summary Primary')
		);
		expect(await only({ districtId: marsh, phase: 'secondary' })).toEqual([]);
	});

	it('is for board members and LA staff only', async () => {
		expect(await sharedResults(as.head, cycles.previous, NO_FILTER)).toBeUndefined();
		expect(await sharedResults(as.kent, 'not-an-id', NO_FILTER)).toBeUndefined();
	});
});

describe('what one setting shared', () => {
	it('shows a setting sharing its summary as section levels and reasons only', async () => {
		const view = await sharedSetting(as.board, ids['Fixture Summary Primary']!, cycles.previous);
		expect(view).toMatchObject({ sharing: 'summary', cycle: { name: 'Fixture 2031/32' } });
		const evaluation = await evaluationOf('Fixture Summary Primary', cycles.previous);
		expect(Object.fromEntries(view!.sections.map((s) => [s.key, s.level]))).toEqual(
			await expectedLevels(evaluation.id, evaluation.versionId)
		);
		expect(view!.sections.every((s) => s.criteria === null && s.reason !== '')).toBe(true);
		const text = JSON.stringify(view);
		for (const hidden of [NARRATIVE, EVIDENCE_URL, 'targetRating'])
			expect(text).not.toContain(hidden);
	});

	it('shows a setting sharing everything with narratives and next steps, but no evidence', async () => {
		const view = await sharedSetting(as.board, ids['Fixture Full Primary']!, cycles.previous);
		expect(view!.sharing).toBe('full');
		const criteria = view!.sections.flatMap((s) => s.criteria ?? []);
		expect(criteria.length).toBeGreaterThan(0);
		expect(criteria.every((c) => c.narrative.startsWith(NARRATIVE))).toBe(true);
		expect(criteria.some((c) => c.nextSteps !== '')).toBe(true);
		const text = JSON.stringify(view);
		for (const hidden of [EVIDENCE_URL, 'targetRating', 'targetDate'])
			expect(text).not.toContain(hidden);
	});

	it('opens the newest cycle it shared in when none is asked for', async () => {
		const summary = ids['Fixture Summary Primary']!;
		// Signed off again since, sharing nothing: last shared in the earlier cycle.
		const view = await sharedSetting(as.board, summary, null);
		expect(view!.cycle.id).toBe(cycles.previous);
		expect(view!.cycles).toEqual([{ id: cycles.previous, name: 'Fixture 2031/32' }]);
		expect(await sharedSetting(as.board, summary, cycles.current)).toBeUndefined();
		const full = await sharedSetting(as.board, ids['Fixture Full Primary']!, null);
		expect(full).toMatchObject({ sharing: 'summary', cycle: { id: cycles.current } });
		expect(full!.cycles.map((c) => c.id)).toEqual([cycles.current, cycles.previous]);
	});

	it('is not found when the setting shares nothing, is not signed off or is not the caller’s', async () => {
		for (const name of [
			'Fixture Private Primary',
			'Fixture Unsigned Academy',
			'Fixture Downs Academy'
		])
			expect(await sharedSetting(as.board, ids[name]!, cycles.previous)).toBeUndefined();
		for (const name of ['Fixture Private Primary', 'Fixture Unsigned Academy'])
			expect(await sharedSetting(as.kent, ids[name]!, cycles.previous)).toBeUndefined();
		expect(
			await sharedSetting(as.kent, ids['Fixture Downs Academy']!, cycles.previous)
		).toMatchObject({ sharing: 'full' });
		expect(await sharedSetting(as.kent, ids[NORTHBURY_SETTING]!, cycles.northbury)).toBeUndefined();
		expect(
			await sharedSetting(as.northbury, ids[NORTHBURY_SETTING]!, cycles.northbury)
		).toBeDefined();
		expect(
			await sharedSetting(as.northbury, ids['Fixture Summary Primary']!, cycles.previous)
		).toBeUndefined();
		expect(await sharedSetting(as.board, 'nope', cycles.previous)).toBeUndefined();
		expect(await sharedSetting(as.board, ids['Fixture Summary Primary']!, 'x')).toBeUndefined();
		expect(
			await sharedSetting(as.head, ids['Fixture Summary Primary']!, cycles.previous)
		).toBeUndefined();
	});

	it('tells a board of the finalised peer review only once it is shared with the board', async () => {
		const host = ids['Fixture Summary Primary']!;
		const reviewId = await inTenant(as.kent, async (tx) => {
			const [round] = await tx
				.insert(reviewRound)
				.values({
					tenantId: as.kent.tenantId,
					cycleId: cycles.previous,
					name: 'Fixture Marsh round',
					status: 'confirmed',
					confirmedAt: new Date()
				})
				.returning({ id: reviewRound.id });
			const [review] = await tx
				.insert(peerReview)
				.values({ tenantId: as.kent.tenantId, roundId: round!.id, hostSettingId: host })
				.returning({ id: peerReview.id });
			return review!.id;
		});
		const review = (values: Partial<typeof peerReview.$inferInsert>) =>
			db.handle.db.update(peerReview).set(values).where(eq(peerReview.id, reviewId));
		expect((await sharedSetting(as.kent, host, cycles.previous))!.peerReview).toBeNull();
		await review({ stage: 'finalised', finalisedAt: new Date() });
		expect((await sharedSetting(as.board, host, cycles.previous))!.peerReview).toBeNull();
		expect((await sharedSetting(as.kent, host, cycles.previous))!.peerReview).toEqual({
			id: reviewId,
			sharedWithBoard: false
		});
		await review({ boardSharing: true });
		expect((await sharedSetting(as.board, host, cycles.previous))!.peerReview).toEqual({
			id: reviewId,
			sharedWithBoard: true
		});
	});
});
