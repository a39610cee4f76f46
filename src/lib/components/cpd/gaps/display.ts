import { AREA_OF_NEED_LABELS, type ScaleLevel } from '../../../domain/framework';
import { levelName, type RankedGap } from '../../../domain/gaps';
import type { gapReport } from '../../../server/services/gap-report';

/** What the gap report page shows: the service's answer for a setting with a report. */
type GapReportPage = NonNullable<Awaited<ReturnType<typeof gapReport>>>;
export type GapReportBody = NonNullable<GapReportPage['report']>;
export type PeerSource = GapReportBody['peerSource'];
export type OfferSuggestion = GapReportBody['suggestions'][string][number];

/** The three ways of reading the gaps, each at its own address so they work without script. */
export const GAP_VIEWS = ['rank', 'section', 'area'] as const;
export type GapView = (typeof GAP_VIEWS)[number];
export const GAP_VIEW_LABELS: Record<GapView, string> = {
	rank: 'Ranked list',
	section: 'By section',
	area: 'By area of need'
};

/** The view a `?view=` asks for; the ranked list for anything else. */
export const gapView = (param: string | null): GapView =>
	(GAP_VIEWS as readonly (string | null)[]).includes(param) ? (param as GapView) : 'rank';

export const GAP_REPORT = '/cpd';
export const CPD_PLAN = '/cpd/plan';

/** The report for a cycle, in one of its views. */
export const gapReportHref = (cycleId: string, view: GapView) =>
	`${GAP_REPORT}?${new URLSearchParams({ cycle: cycleId, view })}`;

/** The cycle's CPD plan. */
export const planHref = (cycleId: string) =>
	`${CPD_PLAN}?${new URLSearchParams({ cycle: cycleId })}`;

/** The form adding a plan item for a gap: an offer from the catalogue, or else in-house. */
export const newItemHref = (cycleId: string, criterionId: string, offerId?: string) =>
	`${CPD_PLAN}/items/new?${new URLSearchParams({
		cycle: cycleId,
		criterion: criterionId,
		...(offerId ? { offer: offerId } : {})
	})}`;

/** "2=" for a rank shared with another gap, "2" otherwise. */
export const rankLabel = (gap: Pick<RankedGap, 'rank' | 'tied'>) =>
	`${gap.rank}${gap.tied ? '=' : ''}`;

/** A weight as the report writes it: "×1.5". */
export const factor = (value: number) => `×${value}`;

/** A score to at most three decimal places, as the ranking rounds it. */
export const formatScore = (score: number) =>
	score.toLocaleString('en-GB', { maximumFractionDigits: 3 });

/** "1 criterion", "3 criteria". */
export const criteria = (n: number) => `${n} ${n === 1 ? 'criterion' : 'criteria'}`;

/** "1 activity", "2 activities". */
export const activities = (n: number) => `${n} ${n === 1 ? 'activity' : 'activities'}`;

/**
 * Why an offer is suggested for a gap, in words: it names the criterion, shares areas of
 * need, or else (naming no area of need) is about SEND in general.
 */
export function offerFit(offer: Pick<OfferSuggestion, 'criterion' | 'areas'>): string {
	if (offer.criterion) return 'Addresses this criterion';
	if (!offer.areas.length) return 'About SEND in general, for all areas of need';
	const areas = offer.areas.map((a) => AREA_OF_NEED_LABELS[a]).join(', ');
	return `Shares ${offer.areas.length === 1 ? 'an area' : 'areas'} of need: ${areas}`;
}

/** The target a gap is measured against, saying so when the setting set none. */
export function targetText(gap: RankedGap, scale: readonly ScaleLevel[]): string {
	const name = levelName(scale, gap.target);
	if (gap.criterion.target !== null) return name;
	return gap.target > (gap.criterion.rating ?? gap.target)
		? `${name}, the least a statutory criterion needs (none set)`
		: `${name}, your own rating (none set)`;
}

/** Where the peer-agreed ratings in the report come from, in a sentence. */
export function peerSourceText(source: PeerSource): string {
	if (!source)
		return 'No peer review of your setting has been finalised yet, so the report uses your own ratings only.';
	const review = `the review in ${source.roundName} (${source.cycleName})`;
	return source.ofThisEvaluation
		? `Peer-agreed ratings from ${review}.`
		: `Peer-agreed ratings from an earlier review: ${review}, of an earlier self-evaluation, matched to these criteria by their codes.`;
}
