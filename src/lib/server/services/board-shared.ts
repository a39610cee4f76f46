import { and, asc, desc, eq, exists, ne, sql } from 'drizzle-orm';
import { matchesBoardFilter, type BoardFilter } from '../../domain/board-filters';
import { isRecordId } from '../../domain/ids';
import { summariseSection } from '../../domain/rollup';
import type {
	SharedFramework,
	SharedLevel,
	SharedSection,
	SharedSettingRow,
	SharedSettingView
} from '../../domain/shared-results';
import type { Scope } from '../auth/guards';
import {
	areaBoard,
	district,
	evaluationCycle,
	framework,
	frameworkVersion,
	organisation,
	peerReview,
	reviewRound,
	selfEvaluation,
	setting
} from '../db/schema';
import { rowOf } from '../db/joins';
import { inTenant, type Tx } from '../db/tenant';
import { inBoardScope } from './boards';
import { loadContent } from './evaluations';
import {
	groupBy,
	sectionKey,
	signedOffResults,
	type SettingSectionResults
} from './section-results';

// Named results: what a setting's head chose to share of a signed-off self-evaluation, at
// the level chosen, with the settings in the caller's population and nobody else.

/** Whose settings the caller sees: an area board's scope, or (for the LA) the whole tenant. */
type Viewer = { boardId: string | null };

const viewerOf = (scope: Scope): Viewer | undefined => {
	const { organisationKind, organisationId } = scope.membership;
	if (organisationKind === 'la') return { boardId: null };
	if (organisationKind === 'area_board') return { boardId: organisationId };
	return undefined;
};

/** A setting row (in a query over `setting`) is one the viewer may see. */
const inPopulation = (tx: Tx, viewer: Viewer) =>
	viewer.boardId === null
		? undefined
		: exists(
				tx
					.select({ one: sql`1` })
					.from(areaBoard)
					.where(
						and(
							eq(areaBoard.tenantId, setting.tenantId),
							eq(areaBoard.id, viewer.boardId),
							inBoardScope(tx)
						)
					)
			);

/** The viewer's settings (or the one asked for) with where each sits, as filters need it. */
function populationSettings(tx: Tx, viewer: Viewer, settingId?: string) {
	return tx
		.select({
			id: setting.id,
			name: organisation.name,
			districtId: setting.districtId,
			districtName: district.name,
			communityId: setting.communityId,
			settingType: setting.settingType,
			phase: setting.phase
		})
		.from(setting)
		.innerJoin(organisation, rowOf(organisation, setting.tenantId, setting.id))
		.leftJoin(district, rowOf(district, setting.tenantId, setting.districtId))
		.where(and(inPopulation(tx, viewer), settingId ? eq(setting.id, settingId) : undefined));
}

type SharedResults = SettingSectionResults & { sharing: SharedLevel };

const sharesWithBoard = (r: SettingSectionResults): r is SharedResults =>
	r.status === 'signed_off' && r.sharing !== 'none';

/** Sections of the newest version first, then any that only older versions have. */
function sectionsOf(results: readonly SettingSectionResults[]): SharedSection[] {
	const seen = new Map<string, SharedSection>();
	for (const r of [...results].sort((a, b) => b.versionNumber - a.versionNumber))
		for (const s of r.sections)
			if (!seen.has(s.key)) seen.set(s.key, { key: s.key, code: s.code, title: s.title });
	return [...seen.values()];
}

const byDistrictThenName = (a: SharedSettingRow, b: SharedSettingRow) =>
	(a.districtName ?? '\uffff').localeCompare(b.districtName ?? '\uffff') ||
	a.name.localeCompare(b.name);

/**
 * The named results of a cycle, grouped by framework: every setting in the caller's
 * population (a board's scope, or the LA's tenant) inside the filter whose self-evaluation
 * is signed off and shared with the board, with its level per section. Settings that do not
 * share are left out. Undefined for anyone but board members and LA staff.
 */
export async function sharedResults(
	scope: Scope,
	cycleId: string,
	filter: BoardFilter,
	/** For LA staff: one board's area rather than the whole tenant. */
	boardId: string | null = null
): Promise<SharedFramework[] | undefined> {
	const own = viewerOf(scope);
	const viewer = own?.boardId === null && boardId ? { boardId } : own;
	if (!viewer || !isRecordId(cycleId)) return undefined;
	return inTenant(scope, async (tx) => {
		const [results, population] = await Promise.all([
			signedOffResults(tx, cycleId),
			populationSettings(tx, viewer)
		]);
		const visible = new Map(
			population.filter((s) => matchesBoardFilter(filter, s)).map((s) => [s.id, s])
		);
		const byFramework = groupBy(
			results.filter(sharesWithBoard).filter((r) => visible.has(r.settingId)),
			(r) => r.framework.id
		);
		return [...byFramework.values()]
			.map((group): SharedFramework => {
				const newest = group.reduce((a, b) => (b.versionNumber > a.versionNumber ? b : a));
				return {
					...newest.framework,
					scale: newest.scale,
					sections: sectionsOf(group),
					settings: group
						.map((r) => {
							const s = visible.get(r.settingId)!;
							return {
								id: s.id,
								name: s.name,
								districtName: s.districtName,
								sharing: r.sharing,
								levels: Object.fromEntries(r.sections.map((x) => [x.key, x.summary.level]))
							};
						})
						.sort(byDistrictThenName)
				};
			})
			.sort((a, b) => a.name.localeCompare(b.name));
	});
}

/** The signed-off self-evaluations a setting shared with the board, newest cycle first. */
function sharedEvaluations(tx: Tx, settingId: string) {
	return tx
		.select({
			id: selfEvaluation.id,
			versionId: selfEvaluation.versionId,
			sharing: selfEvaluation.sharing,
			signedOffAt: selfEvaluation.signedOffAt,
			cycleId: evaluationCycle.id,
			cycleName: evaluationCycle.name,
			frameworkKey: framework.key,
			frameworkName: framework.name,
			versionLabel: frameworkVersion.label,
			scale: frameworkVersion.scale
		})
		.from(selfEvaluation)
		.innerJoin(
			evaluationCycle,
			rowOf(evaluationCycle, selfEvaluation.tenantId, selfEvaluation.cycleId)
		)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, selfEvaluation.tenantId, selfEvaluation.versionId)
		)
		.innerJoin(framework, rowOf(framework, frameworkVersion.tenantId, frameworkVersion.frameworkId))
		.where(
			and(
				eq(selfEvaluation.settingId, settingId),
				eq(selfEvaluation.status, 'signed_off'),
				ne(selfEvaluation.sharing, 'none')
			)
		)
		.orderBy(desc(evaluationCycle.createdAt));
}

/** The setting's newest finalised peer review in the cycle that the viewer may hear of. */
async function finalisedReview(tx: Tx, viewer: Viewer, settingId: string, cycleId: string) {
	const [review] = await tx
		.select({ id: peerReview.id, sharedWithBoard: peerReview.boardSharing })
		.from(peerReview)
		.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
		.where(
			and(
				eq(peerReview.hostSettingId, settingId),
				eq(reviewRound.cycleId, cycleId),
				eq(peerReview.stage, 'finalised'),
				viewer.boardId === null ? undefined : eq(peerReview.boardSharing, true)
			)
		)
		.orderBy(desc(peerReview.finalisedAt), asc(peerReview.id))
		.limit(1);
	return review ?? null;
}

/**
 * What one setting in the caller's population shared of a cycle's signed-off self-evaluation
 * (the newest it shared when no cycle is given), at the level it chose: section levels with
 * their reasons, and each criterion's rating, narrative and next steps only if it shared
 * everything. Undefined (404) when it is not the caller's to see or shared nothing then.
 */
export async function sharedSetting(
	scope: Scope,
	settingId: string,
	cycleId: string | null
): Promise<SharedSettingView | undefined> {
	const viewer = viewerOf(scope);
	if (!viewer || !isRecordId(settingId) || (cycleId !== null && !isRecordId(cycleId)))
		return undefined;
	return inTenant(scope, async (tx) => {
		const [found] = await populationSettings(tx, viewer, settingId);
		if (!found) return undefined;
		const shared = await sharedEvaluations(tx, settingId);
		const chosen = cycleId === null ? shared[0] : shared.find((e) => e.cycleId === cycleId);
		if (!chosen) return undefined;
		const sharing = chosen.sharing as SharedLevel;
		const [content, review] = await Promise.all([
			loadContent(tx, chosen.id, chosen.versionId),
			finalisedReview(tx, viewer, settingId, chosen.cycleId)
		]);
		return {
			setting: {
				id: found.id,
				name: found.name,
				districtName: found.districtName,
				settingType: found.settingType,
				phase: found.phase
			},
			cycle: { id: chosen.cycleId, name: chosen.cycleName },
			cycles: shared.map((e) => ({ id: e.cycleId, name: e.cycleName })),
			sharing,
			signedOffAt: chosen.signedOffAt,
			framework: { name: chosen.frameworkName, versionLabel: chosen.versionLabel },
			scale: chosen.scale,
			sections: content.map((s) => {
				const summary = summariseSection(
					s.criteria.map((c) => c.rated),
					chosen.scale
				);
				return {
					key: sectionKey(chosen.frameworkKey, s.code),
					code: s.code,
					title: s.title,
					level: summary.level,
					reason: summary.reason,
					criteria:
						sharing === 'full'
							? s.criteria.map((c) => ({
									code: c.code,
									title: c.title,
									statutory: c.statutory,
									rating: c.values.rating,
									narrative: c.values.narrative,
									nextSteps: c.values.nextSteps
								}))
							: null
				};
			}),
			peerReview: review
		};
	});
}
