import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { parseBoardFilter } from '../../domain/board-filters';
import {
	boardPicture,
	type CoverageStatus,
	type PictureFramework,
	type PictureSetting,
	type SectionFacts
} from '../../domain/board-picture';
import { compareRatings, type Comparison } from '../../domain/calibration';
import type { EvaluationStatus } from '../../domain/evaluation';
import { isRecordId } from '../../domain/ids';
import type { Scope } from '../auth/guards';
import { rowOf } from '../db/joins';
import {
	cycleFramework,
	evaluationCycle,
	framework,
	frameworkSection,
	frameworkVersion,
	peerReview,
	reviewAction,
	reviewRound,
	selfEvaluation
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { stampedCache } from '../stamped';
import { chosenViewer, filterChoices, tenantSettings, viewerPopulation } from './board-populations';
import { agreedAgainstOwn, finalisedIn } from './review-calibration';
import { sectionKey, sectionResults, signedOffResults } from './section-results';

const COVERAGE_OF: Record<EvaluationStatus, CoverageStatus> = {
	in_progress: 'in_progress',
	returned: 'in_progress',
	submitted: 'submitted',
	signed_off: 'signed_off'
};

/** The tenant's cycles, newest first, each with how many self-evaluations are signed off. */
async function readCycles(tx: Tx) {
	const [cycles, signed] = await Promise.all([
		tx
			.select({ id: evaluationCycle.id, name: evaluationCycle.name })
			.from(evaluationCycle)
			.orderBy(desc(evaluationCycle.deadline), desc(evaluationCycle.createdAt)),
		tx
			.select({ cycleId: selfEvaluation.cycleId, n: count() })
			.from(selfEvaluation)
			.where(eq(selfEvaluation.status, 'signed_off'))
			.groupBy(selfEvaluation.cycleId)
	]);
	const signedIn = new Map(signed.map((s) => [s.cycleId, s.n]));
	return cycles.map((c) => ({ ...c, signedOff: signedIn.get(c.id) ?? 0 }));
}

const cycleLists = stampedCache<Awaited<ReturnType<typeof readCycles>>>(64);
const cyclesOf = (tx: Tx) => cycleLists(tx, 'cycles', () => readCycles(tx));

/**
 * The cycle a query string's `cycle` asks for, by default the newest with a signed-off
 * self-evaluation (else the newest); null when there is none, and `unknown` when it asks for
 * a cycle the tenant does not have.
 */
function chosenCycle<C extends { id: string; signedOff: number }>(
	cycles: readonly C[],
	params: URLSearchParams
) {
	const asked = params.get('cycle');
	if (!asked)
		return { cycle: cycles.find((c) => c.signedOff > 0) ?? cycles[0] ?? null, unknown: false };
	const cycle = isRecordId(asked) ? cycles.find((c) => c.id === asked) : undefined;
	return { cycle: cycle ?? null, unknown: !cycle };
}

/**
 * The cycle and the viewer a query string asks for (`chosenCycle`, `chosenViewer`), with every
 * setting's facts, as each view of settings across the tenant starts; null for a cycle the
 * tenant does not have.
 */
export async function chosenCycleView(tx: Tx, own: string, params: URLSearchParams) {
	const [cycles, data] = await Promise.all([cyclesOf(tx), tenantSettings(tx)]);
	const { cycle, unknown } = chosenCycle(cycles, params);
	if (unknown) return null;
	const { population, ...viewer } = chosenViewer(own, data, params);
	return population ? { cycles, cycle, data, population, ...viewer } : null;
}

/** The frameworks a cycle sets for each type of setting, with their sections in order. */
async function cycleFrameworks(tx: Tx, cycleId: string) {
	const rows = await tx
		.select({
			settingType: cycleFramework.settingType,
			key: framework.key,
			name: framework.name,
			scale: frameworkVersion.scale,
			code: frameworkSection.code,
			title: frameworkSection.title
		})
		.from(cycleFramework)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, cycleFramework.tenantId, cycleFramework.versionId)
		)
		.innerJoin(framework, rowOf(framework, frameworkVersion.tenantId, frameworkVersion.frameworkId))
		.innerJoin(
			frameworkSection,
			and(
				eq(frameworkSection.tenantId, frameworkVersion.tenantId),
				eq(frameworkSection.versionId, frameworkVersion.id)
			)
		)
		.where(eq(cycleFramework.cycleId, cycleId))
		.orderBy(asc(framework.name), asc(frameworkSection.position));
	const byKey = new Map<
		string,
		PictureFramework & { sections: PictureFramework['sections'][number][] }
	>();
	const keyByType = new Map<string, string>();
	for (const r of rows) {
		keyByType.set(r.settingType, r.key);
		const f = byKey.get(r.key) ?? { key: r.key, name: r.name, scale: r.scale, sections: [] };
		const key = sectionKey(r.key, r.code);
		if (!f.sections.some((s) => s.key === key))
			f.sections.push({ key, code: r.code, title: r.title });
		byKey.set(r.key, f);
	}
	return { frameworks: [...byKey.values()], keyByType };
}

/** Finalised peer reviews of the cycle: each host's review, its actions and its calibration. */
async function reviewsOf(tx: Tx, cycleId: string) {
	const inCycle = finalisedIn(cycleId);
	const [reviews, actions, pairs] = await Promise.all([
		tx
			.select({
				id: peerReview.id,
				hostId: peerReview.hostSettingId,
				shared: peerReview.boardSharing
			})
			.from(peerReview)
			.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
			.where(inCycle),
		tx
			.select({
				hostId: peerReview.hostSettingId,
				all: count(),
				done: sql<number>`count(*) filter (where ${reviewAction.status} = 'done')`.mapWith(Number)
			})
			.from(reviewAction)
			.innerJoin(peerReview, rowOf(peerReview, reviewAction.tenantId, reviewAction.reviewId))
			.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
			.where(inCycle)
			.groupBy(peerReview.hostSettingId),
		agreedAgainstOwn(tx, cycleId)
	]);
	const calibration = new Map<string, Map<string, Record<Comparison, number>>>();
	for (const p of pairs) {
		if (p.self === null) continue;
		const own = calibration.get(p.hostId) ?? new Map<string, Record<Comparison, number>>();
		const key = sectionKey(p.frameworkKey, p.code);
		const counts = own.get(key) ?? { higher: 0, equal: 0, lower: 0 };
		counts[compareRatings(p.self, p.agreed)] += 1;
		own.set(key, counts);
		calibration.set(p.hostId, own);
	}
	return {
		reviewed: new Set(reviews.map((r) => r.hostId)),
		shared: new Set(reviews.filter((r) => r.shared).map((r) => r.hostId)),
		actions: new Map(actions.map((a) => [a.hostId, { done: a.done, all: a.all }])),
		calibration
	};
}

/**
 * The board view of a cycle for the caller: the LA's staff see the whole tenant, a board
 * member their board's scope. `cycle` picks the cycle (by default the newest with a signed-off
 * self-evaluation); `params` carries the filter. Null for any other caller or an unknown cycle.
 */
export async function boardView(scope: Scope, params: URLSearchParams) {
	const own = viewerPopulation(scope);
	if (!own) return null;
	return inTenant(scope, async (tx) => {
		const chosen = await chosenCycleView(tx, own, params);
		if (!chosen) return null;
		const { cycles, cycle, data, boards, board, viewer, population, problem } = chosen;
		const choices = filterChoices(population.settingIds, data);
		const parsed = parseBoardFilter(params, choices);
		const { filter } = parsed;
		const problems = [...(problem ? [problem] : []), ...parsed.problems];
		const common = { cycles, boards, boardId: board?.id ?? null, choices, filter, problems };
		if (!cycle) return { ...common, cycle: null, previous: null, picture: null };
		const previous = cycles[cycles.findIndex((c) => c.id === cycle.id) + 1] ?? null;
		const picture = await pictureOf(tx, cycle.id, previous?.id ?? null, data);
		return { ...common, cycle, previous, picture: picture(viewer, filter) };
	});
}

/** Every setting's facts for the cycle, and the reader of every view of them. */
async function readPicture(
	tx: Tx,
	cycleId: string,
	previousId: string | null,
	data: Awaited<ReturnType<typeof tenantSettings>>
) {
	const [{ frameworks, keyByType }, results, earlier, reviews] = await Promise.all([
		cycleFrameworks(tx, cycleId),
		sectionResults(tx, cycleId),
		previousId ? signedOffResults(tx, previousId) : Promise.resolve([]),
		reviewsOf(tx, cycleId)
	]);
	const resultOf = new Map(results.map((r) => [r.settingId, r]));
	const sharedBefore = new Set(earlier.filter((r) => r.sharing !== 'none').map((r) => r.settingId));
	const earlierLevel = new Map(
		earlier.flatMap((r) => r.sections.map((s) => [`${r.settingId}|${s.key}`, s.summary.level]))
	);
	const settings: PictureSetting[] = data.settings.map((s) => {
		const result = resultOf.get(s.id);
		const status: CoverageStatus = result ? COVERAGE_OF[result.status] : 'not_started';
		const calibration = reviews.calibration.get(s.id);
		const sections = new Map<string, SectionFacts>();
		if (result && status === 'signed_off')
			for (const section of result.sections) {
				if (section.summary.level === null) continue;
				sections.set(section.key, {
					level: section.summary.level,
					statutoryGap: section.summary.cappedBy.length > 0,
					previous: earlierLevel.get(`${s.id}|${section.key}`) ?? null,
					calibration: calibration?.get(section.key) ?? null
				});
			}
		return {
			id: s.id,
			districtId: s.districtId,
			communityId: s.communityId,
			settingType: s.settingType,
			phase: s.phase,
			frameworkKey: result?.framework.key ?? keyByType.get(s.settingType) ?? null,
			status,
			named: status === 'signed_off' && result!.sharing !== 'none',
			namedBefore: sharedBefore.has(s.id),
			peerReviewed: reviews.reviewed.has(s.id),
			reviewShared: reviews.shared.has(s.id),
			actions: reviews.actions.get(s.id) ?? { done: 0, all: 0 },
			sections
		};
	});
	// A setting on a framework the cycle no longer sets (an evaluation begun before a change)
	// still counts: its framework joins with the sections its own version has.
	for (const r of results) {
		if (frameworks.some((f) => f.key === r.framework.key)) continue;
		frameworks.push({
			key: r.framework.key,
			name: r.framework.name,
			scale: r.scale,
			sections: r.sections.map((s) => ({ key: s.key, code: s.code, title: s.title }))
		});
	}
	return boardPicture(settings, frameworks, data.populations, {
		district: new Map(data.districts.map((d) => [d.id, d.name])),
		community: new Map(data.communities.map((c) => [c.id, c.name]))
	});
}

/**
 * Every view of a cycle, suppressed together, kept while the view stamp holds: it reads
 * in-progress self-evaluations only for their status and framework, which the stamp guards
 * (their ratings, which it does not, never reach the views).
 */
const pictures = stampedCache<ReturnType<typeof boardPicture>>(16);
const pictureOf = (
	tx: Tx,
	cycleId: string,
	previousId: string | null,
	data: Awaited<ReturnType<typeof tenantSettings>>
) => pictures(tx, `${cycleId}|${previousId}`, () => readPicture(tx, cycleId, previousId, data));

export type BoardView = NonNullable<Awaited<ReturnType<typeof boardView>>>;
