import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_FILTER, type BoardFilter } from '../../src/lib/domain/board-filters';
import type { SharingLevel } from '../../src/lib/domain/evaluation';
import type { SharedFramework } from '../../src/lib/domain/shared-results';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	district,
	evaluationCycle,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	judgement,
	organisation,
	peerReview,
	selfEvaluation,
	tenant
} from '../../src/lib/server/db/schema';
import { seedSignedOffEvaluation } from '../../src/lib/server/db/seed/evaluations';
import { inTenant } from '../../src/lib/server/db/tenant';
import { sharedResults, sharedSetting } from '../../src/lib/server/services/board-shared';
import { sectionResults } from '../../src/lib/server/services/section-results';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';
import { seedOakfieldReview } from './support/peer-review';

const db = useTestDatabase();

type Who = 'board' | 'kent' | 'northbury' | 'head';
const as = {} as Record<Who, Scope>;
const ids = {} as Record<string, string>;
let previousCycle = '';
let currentCycle = '';
let northburyPrevious = '';
let ashford = '';

const NARRATIVE = 'Checked through a learning walk';
const EVIDENCE_URL = 'https://example.org/send-information-report';

/**
 * Kent's 2025/26 fixture, beside the demo's Oakfield (South, summary): settings in the South
 * board's area sharing everything, sharing nothing and not signed off; one outside it; and
 * an early years setting against another framework.
 */
const FIXTURE: [name: string, sharing: SharingLevel, status: 'signed_off' | 'submitted'][] = [
	['Willowbrook Primary School', 'full', 'signed_off'],
	['Little Acorns Pre-School', 'summary', 'signed_off'],
	['Cliffside Primary School', 'none', 'signed_off'],
	['Harbour View Academy', 'full', 'submitted'],
	['Riverside Academy', 'full', 'signed_off']
];

beforeAll(async () => {
	const emails: Record<Who, string> = {
		board: 'board@kent.test',
		kent: 'la.admin@kent.test',
		northbury: 'la.admin@northbury.test',
		head: 'head@kent.test'
	};
	for (const [who, email] of Object.entries(emails)) as[who as Who] = await scopeFor(email);
	const { db: owner } = db.handle;
	const cycleOf = async (slug: string, name: string) => {
		const [row] = await owner
			.select({ id: evaluationCycle.id })
			.from(evaluationCycle)
			.innerJoin(tenant, eq(tenant.id, evaluationCycle.tenantId))
			.where(and(eq(tenant.slug, slug), eq(evaluationCycle.name, name)));
		return row!.id;
	};
	previousCycle = await cycleOf('kent', '2025/26');
	currentCycle = await cycleOf('kent', '2026/27');
	northburyPrevious = await cycleOf('northbury', '2025/26');
	for (const row of await owner
		.select({ id: organisation.id, name: organisation.name })
		.from(organisation))
		ids[row.name] = row.id;
	const [a] = await owner
		.select({ id: district.id })
		.from(district)
		.where(and(eq(district.tenantId, as.kent.tenantId), eq(district.name, 'Ashford')));
	ashford = a!.id;
	const versionOf = async (key: string) => {
		const [v] = await owner
			.select({ id: frameworkVersion.id })
			.from(frameworkVersion)
			.innerJoin(framework, eq(framework.id, frameworkVersion.frameworkId))
			.where(
				and(
					eq(framework.tenantId, as.kent.tenantId),
					eq(framework.key, key),
					eq(frameworkVersion.status, 'published')
				)
			);
		return v!.id;
	};
	const people = { senco: as.head.userId, head: as.head.userId };
	const versions = { mcs: await versionOf('mcs'), earlyYears: await versionOf('early-years') };
	await owner.transaction(async (tx) => {
		for (const [i, [name, sharing, status]] of FIXTURE.entries()) {
			const evaluationId = await seedSignedOffEvaluation(tx, {
				tenantId: as.kent.tenantId,
				cycleId: previousCycle,
				settingId: ids[name]!,
				versionId: name === 'Little Acorns Pre-School' ? versions.earlyYears : versions.mcs,
				...people,
				offset: i + 1
			});
			await tx
				.update(selfEvaluation)
				.set({ sharing, status, signedOffAt: status === 'signed_off' ? new Date() : null })
				.where(eq(selfEvaluation.id, evaluationId));
		}
	});
	// A statutory criterion of Willowbrook's first section rated at the lowest level holds it there.
	const [statutory] = await owner
		.select({ id: judgement.id })
		.from(judgement)
		.innerJoin(selfEvaluation, eq(selfEvaluation.id, judgement.evaluationId))
		.innerJoin(frameworkCriterion, eq(frameworkCriterion.id, judgement.criterionId))
		.where(
			and(
				eq(selfEvaluation.settingId, ids['Willowbrook Primary School']!),
				eq(frameworkCriterion.statutory, true)
			)
		)
		.orderBy(asc(frameworkCriterion.position))
		.limit(1);
	await owner.update(judgement).set({ rating: 1 }).where(eq(judgement.id, statutory!.id));
});

/**
 * Section levels of an evaluation worked out by hand from its stored judgements: the lower
 * middle rating, or 1 when a statutory criterion is rated 1.
 */
async function expectedLevels(evaluationId: string, versionId: string) {
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
		else if (own.some((r) => r.statutory && r.rating === 1)) levels[key] = 1;
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

describe('section results of a cycle', () => {
	it('summarises every section of every evaluation as worked out by hand', async () => {
		const results = await inTenant(as.kent, (tx) => sectionResults(tx, previousCycle));
		const settings = results.map((r) => r.settingId).sort();
		const names = ['Oakfield Primary School', ...FIXTURE.map(([name]) => name)];
		expect(settings).toEqual(names.map((n) => ids[n]).sort());
		for (const name of names) {
			const evaluation = await evaluationOf(name, previousCycle);
			const result = results.find((r) => r.evaluationId === evaluation.id)!;
			const levels = Object.fromEntries(result.sections.map((s) => [s.key, s.summary.level]));
			expect(levels).toEqual(await expectedLevels(evaluation.id, evaluation.versionId));
		}
		const oakfield = results.find((r) => r.settingId === ids['Oakfield Primary School'])!;
		expect(oakfield).toMatchObject({ status: 'signed_off', sharing: 'summary' });
		expect(oakfield.framework.key).toBe('mcs');
		expect(oakfield.scale.map((l) => l.value)).toEqual([1, 2, 3, 4]);
	});

	it('names the statutory criteria that hold a section at the lowest level', async () => {
		const results = await inTenant(as.kent, (tx) => sectionResults(tx, previousCycle));
		const willowbrook = results.find((r) => r.settingId === ids['Willowbrook Primary School'])!;
		const held = willowbrook.sections.filter((s) => s.summary.cappedBy.length > 0);
		expect(held.length).toBeGreaterThan(0);
		expect(held.every((s) => s.summary.level === 1)).toBe(true);
	});

	it('leaves out evaluations not signed off when asked', async () => {
		const results = await inTenant(as.kent, (tx) =>
			sectionResults(tx, previousCycle, { signedOffOnly: true })
		);
		expect(results.some((r) => r.settingId === ids['Harbour View Academy'])).toBe(false);
		expect(results.every((r) => r.status === 'signed_off')).toBe(true);
		expect(results).toHaveLength(FIXTURE.length);
	});

	it('gives no level to a section with nothing rated yet', async () => {
		const [oakfield] = await inTenant(as.kent, (tx) => sectionResults(tx, currentCycle));
		const evaluation = await evaluationOf('Oakfield Primary School', currentCycle);
		const levels = Object.fromEntries(oakfield!.sections.map((s) => [s.key, s.summary.level]));
		expect(levels).toEqual(await expectedLevels(evaluation.id, evaluation.versionId));
		expect(oakfield!.sections.at(-1)!.summary.level).toBeNull();
	});

	it("reads only the transaction's tenant", async () => {
		const results = await inTenant(as.northbury, (tx) => sectionResults(tx, previousCycle));
		expect(results).toEqual([]);
	});
});

describe('named results', () => {
	it('shows a board the settings in its area that signed off and share, by framework', async () => {
		const frameworks = await sharedResults(as.board, previousCycle, NO_FILTER);
		expect(frameworks!.map((f) => f.key)).toEqual(['early-years', 'mcs']);
		const mcs = frameworks!.find((f) => f.key === 'mcs')!;
		expect(mcs.settings.map((s) => [s.name, s.districtName, s.sharing])).toEqual([
			['Oakfield Primary School', 'Ashford', 'summary'],
			['Willowbrook Primary School', 'Ashford', 'full']
		]);
		const evaluation = await evaluationOf('Willowbrook Primary School', previousCycle);
		expect(mcs.settings[1]!.levels).toEqual(
			await expectedLevels(evaluation.id, evaluation.versionId)
		);
		expect(mcs.sections.map((s) => s.key)).toEqual(Object.keys(mcs.settings[1]!.levels));
	});

	it('never names a setting that shares nothing, is not signed off, or is outside the area', async () => {
		const text = JSON.stringify(await sharedResults(as.board, previousCycle, NO_FILTER));
		for (const name of [
			'Cliffside Primary School',
			'Harbour View Academy',
			'Riverside Academy',
			'Fenmoor Primary School'
		])
			expect(text).not.toContain(name);
		expect(text).not.toContain(NARRATIVE);
	});

	it("shows the LA every sharer in its tenant, and none of another tenant's", async () => {
		expect(namesIn(await sharedResults(as.kent, previousCycle, NO_FILTER))).toEqual([
			'Little Acorns Pre-School',
			'Oakfield Primary School',
			'Riverside Academy',
			'Willowbrook Primary School'
		]);
		expect(namesIn(await sharedResults(as.northbury, northburyPrevious, NO_FILTER))).toEqual([
			'Fenmoor Primary School'
		]);
		expect(await sharedResults(as.northbury, previousCycle, NO_FILTER)).toEqual([]);
	});

	it('narrows to the filter', async () => {
		const only = (filter: Partial<BoardFilter>) =>
			sharedResults(as.kent, previousCycle, { ...NO_FILTER, ...filter });
		expect(namesIn(await only({ settingType: 'early_years' }))).toEqual([
			'Little Acorns Pre-School'
		]);
		expect(namesIn(await only({ phase: 'secondary' }))).toEqual(['Riverside Academy']);
		expect(namesIn(await only({ districtId: ashford, phase: 'primary' }))).toEqual([
			'Oakfield Primary School',
			'Willowbrook Primary School'
		]);
		expect(await only({ districtId: ashford, phase: 'secondary' })).toEqual([]);
	});

	it('is for board members and LA staff only', async () => {
		expect(await sharedResults(as.head, previousCycle, NO_FILTER)).toBeUndefined();
		expect(await sharedResults(as.kent, 'not-an-id', NO_FILTER)).toBeUndefined();
	});
});

describe('what one setting shared', () => {
	it('shows a setting sharing its summary as section levels and reasons only', async () => {
		const view = await sharedSetting(as.board, ids['Oakfield Primary School']!, previousCycle);
		expect(view).toMatchObject({ sharing: 'summary', cycle: { name: '2025/26' } });
		const evaluation = await evaluationOf('Oakfield Primary School', previousCycle);
		expect(Object.fromEntries(view!.sections.map((s) => [s.key, s.level]))).toEqual(
			await expectedLevels(evaluation.id, evaluation.versionId)
		);
		expect(view!.sections.every((s) => s.criteria === null && s.reason !== '')).toBe(true);
		expect(JSON.stringify(view)).not.toContain(NARRATIVE);
	});

	it('shows a setting sharing everything with narratives and next steps, but no evidence', async () => {
		const view = await sharedSetting(as.board, ids['Willowbrook Primary School']!, previousCycle);
		expect(view!.sharing).toBe('full');
		const criteria = view!.sections.flatMap((s) => s.criteria ?? []);
		expect(criteria.every((c) => c.narrative.startsWith(NARRATIVE))).toBe(true);
		expect(criteria.some((c) => c.nextSteps !== '')).toBe(true);
		const text = JSON.stringify(view);
		expect(text).not.toContain(EVIDENCE_URL);
		expect(text).not.toContain('targetRating');
	});

	it('opens the newest cycle it shared in when none is asked for', async () => {
		const view = await sharedSetting(as.board, ids['Oakfield Primary School']!, null);
		expect(view!.cycle.id).toBe(previousCycle);
		expect(view!.cycles).toEqual([{ id: previousCycle, name: '2025/26' }]);
		expect(await sharedSetting(as.board, ids['Oakfield Primary School']!, currentCycle)).toBe(
			undefined
		);
	});

	it('is not found when the setting shares nothing, is not signed off or is not the caller’s', async () => {
		for (const name of ['Cliffside Primary School', 'Harbour View Academy', 'Riverside Academy'])
			expect(await sharedSetting(as.board, ids[name]!, previousCycle)).toBeUndefined();
		expect(await sharedSetting(as.kent, ids['Riverside Academy']!, previousCycle)).toBeDefined();
		expect(
			await sharedSetting(as.kent, ids['Fenmoor Primary School']!, northburyPrevious)
		).toBeUndefined();
		expect(
			await sharedSetting(as.northbury, ids['Oakfield Primary School']!, previousCycle)
		).toBeUndefined();
		expect(await sharedSetting(as.board, 'nope', previousCycle)).toBeUndefined();
		expect(await sharedSetting(as.board, ids['Oakfield Primary School']!, 'x')).toBeUndefined();
		expect(
			await sharedSetting(as.head, ids['Oakfield Primary School']!, previousCycle)
		).toBeUndefined();
	});

	it('tells a board of the finalised peer review only once it is shared with the board', async () => {
		const { reviewId } = await seedOakfieldReview('Shared results round');
		const oakfield = ids['Oakfield Primary School']!;
		const review = (values: Partial<typeof peerReview.$inferInsert>) =>
			db.handle.db.update(peerReview).set(values).where(eq(peerReview.id, reviewId));
		expect((await sharedSetting(as.kent, oakfield, previousCycle))!.peerReview).toBeNull();
		await review({ stage: 'finalised', finalisedAt: new Date() });
		expect((await sharedSetting(as.board, oakfield, previousCycle))!.peerReview).toBeNull();
		expect((await sharedSetting(as.kent, oakfield, previousCycle))!.peerReview).toEqual({
			id: reviewId,
			sharedWithBoard: false
		});
		await review({ boardSharing: true });
		expect((await sharedSetting(as.board, oakfield, previousCycle))!.peerReview).toEqual({
			id: reviewId,
			sharedWithBoard: true
		});
	});
});
