import { AREAS_OF_NEED, AREA_OF_NEED_LABELS, type AreaOfNeed, type ScaleLevel } from './framework';

/**
 * Gap ranking: which criteria of a self-evaluation most need work, and why.
 *
 * A criterion's gap is the number of levels between its target and where it stands:
 *
 *   levels = target − standing
 *
 * - `standing` is the self-rating, or the peer-agreed rating when peer reviewers agreed a lower
 *   one (the setting over-estimated, so it is further from its target than it thought).
 * - `target` is the target rating the setting set. With none, the setting planned no move, so
 *   the target is the self-rating itself; a statutory criterion at the scale's lowest level
 *   ("not yet in place") still has a target of the next level up, since the law expects it.
 *
 * The score weights those levels up, each factor shown to the reader:
 *
 *   score = levels × 1.5 (over-estimate) × 1.5 (statutory) × 1.25 (persists from last cycle)
 *
 * A criterion with a score above zero is a gap. Gaps rank by score, highest first; equal scores
 * share a rank ("joint 2nd") and keep the framework's order. A criterion the setting has not
 * rated is neither a gap nor a strength: it is counted as unrated.
 *
 * A strength is a criterion at the scale's top level that peer reviewers did not rate lower:
 * practice the setting could share with others. Peer-confirmed strengths come first.
 */
export const GAP_WEIGHTS = {
	/** Peer reviewers agreed a rating below the self-rating. */
	overEstimate: 1.5,
	/** The criterion is statutory. */
	statutory: 1.5,
	/** The same criterion (by framework and code) was a gap in the previous cycle too. */
	persistent: 1.25
} as const;

/** The ratings a setting holds for one criterion in one cycle. */
export interface CriterionRatings {
	/** The setting's own rating; null when not rated. */
	rating: number | null;
	target: number | null;
	/** The rating peer reviewers agreed; null when there was no review or no agreement. */
	peer: number | null;
}

/** One criterion of the evaluation, with its ratings now and in the previous cycle. */
export interface GapCriterion extends CriterionRatings {
	id: string;
	code: string;
	title: string;
	sectionCode: string;
	sectionTitle: string;
	statutory: boolean;
	areasOfNeed: readonly AreaOfNeed[];
	/** The same criterion last cycle (matched by code), or null when not evaluated then. */
	previous: CriterionRatings | null;
}

export type ReasonKind = 'levels' | 'over-estimate' | 'statutory' | 'persistent';

/** One part of a gap's score, in words, with the levels or the factor it adds. */
export interface GapReason {
	kind: ReasonKind;
	text: string;
	/** The levels for `levels`, the multiplying factor otherwise. */
	value: number;
}

export interface RankedGap {
	criterion: GapCriterion;
	/** 1 for the largest score; equal scores share a rank. */
	rank: number;
	/** Whether another gap has the same score. */
	tied: boolean;
	score: number;
	levels: number;
	/** The rating the gap is counted from: the lower of self and peer. */
	standing: number;
	target: number;
	overEstimate: boolean;
	persistent: boolean;
	reasons: GapReason[];
}

export interface Strength {
	criterion: GapCriterion;
	/** Peer reviewers agreed the top level too. */
	confirmed: boolean;
}

export interface GapGroup<K extends string> {
	key: K;
	label: string;
	gaps: RankedGap[];
	/** The sum of the group's scores, to order groups by need. */
	score: number;
}

/** Criteria tagged with no area of need are about the whole setting. */
export type AreaKey = AreaOfNeed | 'whole_setting';

export interface GapAnalysis {
	gaps: RankedGap[];
	strengths: Strength[];
	bySection: GapGroup<string>[];
	byArea: GapGroup<AreaKey>[];
	/** Criteria the setting has not rated. */
	unrated: number;
}

interface Measured {
	levels: number;
	standing: number;
	target: number;
}

/** The target a criterion is measured against: its own, or (see above) the implied one. */
function targetOf(ratings: CriterionRatings & { rating: number }, statutory: boolean, low: number) {
	const target = ratings.target ?? ratings.rating;
	return statutory && ratings.rating === low ? Math.max(target, low + 1) : target;
}

/** Levels still to climb for one cycle's ratings; null when unrated. */
export function measure(
	ratings: CriterionRatings,
	statutory: boolean,
	lowest: number
): Measured | null {
	if (ratings.rating === null) return null;
	const rated = { ...ratings, rating: ratings.rating };
	const standing = ratings.peer === null ? rated.rating : Math.min(rated.rating, ratings.peer);
	const target = targetOf(rated, statutory, lowest);
	return { levels: Math.max(0, target - standing), standing, target };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The scale's label for a value: "Emerging (2)", or the bare number off the scale. */
export function levelName(scale: readonly ScaleLevel[], value: number): string {
	const level = scale.find((l) => l.value === value);
	return level ? `${level.label} (${value})` : String(value);
}

function scored(
	criterion: GapCriterion,
	scale: readonly ScaleLevel[],
	lowest: number
): Omit<RankedGap, 'rank' | 'tied'> | null {
	const now = measure(criterion, criterion.statutory, lowest);
	if (!now || now.levels === 0) return null;
	const name = (v: number) => levelName(scale, v);
	const overEstimate = criterion.peer !== null && criterion.peer < criterion.rating!;
	const before = criterion.previous && measure(criterion.previous, criterion.statutory, lowest);
	const persistent = (before?.levels ?? 0) > 0;
	const plural = (n: number) => `${n} level${n === 1 ? '' : 's'}`;
	const given = criterion.target;
	const from = `${plural(now.levels)} from ${name(now.standing)}`;
	const levelsText =
		given !== null && given >= now.target
			? `Target ${name(now.target)}, standing at ${name(now.standing)}: ${plural(now.levels)}`
			: now.target > (given ?? criterion.rating!)
				? `${given === null ? 'No target set' : `Target set at ${name(given)}`}; a statutory criterion needs at least ${name(now.target)}: ${from}`
				: `No target set, so the target is the self-rating, ${name(now.target)}: ${from}`;
	const reasons: GapReason[] = [{ kind: 'levels', text: levelsText, value: now.levels }];
	if (overEstimate)
		reasons.push({
			kind: 'over-estimate',
			text: `Peer reviewers agreed ${name(criterion.peer!)}, below the self-rating of ${name(criterion.rating!)}`,
			value: GAP_WEIGHTS.overEstimate
		});
	if (criterion.statutory)
		reasons.push({ kind: 'statutory', text: 'Statutory', value: GAP_WEIGHTS.statutory });
	if (persistent)
		reasons.push({
			kind: 'persistent',
			text: `Also a gap last cycle (${plural(before!.levels)})`,
			value: GAP_WEIGHTS.persistent
		});
	const factor = reasons.slice(1).reduce((product, r) => product * r.value, 1);
	return {
		criterion,
		score: round(now.levels * factor),
		...now,
		overEstimate,
		persistent,
		reasons
	};
}

/** Ranks a self-evaluation's criteria (given in framework order) by gap; see the file's head. */
export function rankGaps(
	criteria: readonly GapCriterion[],
	scale: readonly ScaleLevel[]
): GapAnalysis {
	const values = scale.map((l) => l.value);
	const lowest = Math.min(...values);
	const top = Math.max(...values);
	const found = criteria
		.map((c, position) => ({ position, gap: scored(c, scale, lowest) }))
		.filter((g): g is { position: number; gap: NonNullable<typeof g.gap> } => g.gap !== null)
		.sort((a, b) => b.gap.score - a.gap.score || a.position - b.position);
	const gaps: RankedGap[] = found.map(({ gap }) => {
		const same = found.filter((f) => f.gap.score === gap.score);
		const rank = found.findIndex((f) => f.gap.score === gap.score) + 1;
		return { ...gap, rank, tied: same.length > 1 };
	});
	const strengths = criteria
		.filter((c) => c.rating === top && (c.peer === null || c.peer >= top))
		.map((criterion) => ({ criterion, confirmed: criterion.peer !== null }))
		.sort((a, b) => Number(b.confirmed) - Number(a.confirmed));
	return {
		gaps,
		strengths,
		bySection: groups(
			gaps,
			uniqueInOrder(criteria.map((c) => [c.sectionCode, `${c.sectionCode} ${c.sectionTitle}`])),
			(g) => [g.criterion.sectionCode]
		),
		byArea: groups(
			gaps,
			[...AREAS_OF_NEED.map((a) => [a, a] as const), ['whole_setting', 'whole_setting'] as const],
			(g) => (g.criterion.areasOfNeed.length ? g.criterion.areasOfNeed : ['whole_setting'])
		).map((g) => ({ ...g, label: AREA_LABELS[g.key] })),
		unrated: criteria.filter((c) => c.rating === null).length
	};
}

export const AREA_LABELS: Record<AreaKey, string> = {
	...AREA_OF_NEED_LABELS,
	whole_setting: 'Whole setting (no single area of need)'
};

function uniqueInOrder(pairs: [string, string][]): [string, string][] {
	return [...new Map(pairs)];
}

/**
 * Gaps grouped under each key they carry (a criterion in two areas of need is in both), in
 * rank order within a group; groups with no gaps are left out, the rest keep the given order.
 */
function groups<K extends string>(
	gaps: readonly RankedGap[],
	order: readonly (readonly [K, string])[],
	keysOf: (gap: RankedGap) => readonly K[]
): GapGroup<K>[] {
	return order
		.map(([key, label]) => {
			const inGroup = gaps.filter((g) => keysOf(g).includes(key));
			return { key, label, gaps: inGroup, score: round(inGroup.reduce((s, g) => s + g.score, 0)) };
		})
		.filter((g) => g.gaps.length > 0);
}
