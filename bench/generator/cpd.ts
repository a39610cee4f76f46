import {
	CPD_AUDIENCE_LABELS,
	matchOffers,
	type CpdAudience,
	type CpdItemStatus,
	type MatchableOffer
} from '../../src/lib/domain/cpd';
import { rankGaps, type AreaKey, type GapCriterion } from '../../src/lib/domain/gaps';
import { cpdPlan, cpdPlanItem } from '../../src/lib/server/db/schema';
import { seedCpdCatalogue } from '../../src/lib/server/db/seed/cpd';
import { activeOffers } from '../../src/lib/server/db/seed/cpd-plans';
import type { Tx } from '../../src/lib/server/db/tenant';
import type { Random } from '../random';
import type { BenchEvaluation, County } from './county';
import { addDays, at, insertRows, secondsSince, thousands } from './write';

type Offer = MatchableOffer & { minutes: number; audiences: CpdAudience[] };

/** What a setting runs itself for a gap, by the gap's first area of need. */
const IN_HOUSE: Record<AreaKey, string> = {
	communication_interaction: 'Staff meeting: communication-friendly rooms and visual timetables',
	cognition_learning: 'Training day session: scaffolds and pre-teaching in every lesson',
	semh: 'Twilight session: a shared approach to regulation and calm spaces',
	sensory_physical: 'SENCO-led walk round the sensory environment audit with each team',
	whole_setting: 'Peer observation in pairs, with a follow-up coaching conversation'
};

const IMPACT = [
	'Plans now name the strategies agreed at training; work sampling shows them in use in most rooms.',
	'Staff use the new approach consistently; families noticed the difference at review meetings.',
	'Learning walks found the changes in place in every room; still to embed with new staff.'
];

/** How a plan's items stand, and when they fall, in a closed cycle's plan and the open one's. */
const STAGES: Record<'closed' | 'open', [CpdItemStatus, number, string, number][]> = {
	closed: [
		['done', 40, '2026-09-14', 60],
		['booked', 35, '2027-01-11', 60],
		['planned', 25, '2027-04-19', 70]
	],
	open: [
		['booked', 40, '2027-01-11', 60],
		['planned', 60, '2027-04-19', 70]
	]
};

/** The evaluation's criteria as the gap ranking reads them, from the ratings generated. */
function gapCriteria(county: County, evaluation: BenchEvaluation): GapCriterion[] {
	const fw = county.frameworks[evaluation.setting.settingType];
	return fw.criteria.map((c, i) => {
		const rating = evaluation.ratings[i] || null;
		return {
			id: c.id,
			code: c.code,
			title: c.title,
			sectionCode: c.sectionCode,
			sectionTitle: c.sectionTitle,
			statutory: c.statutory,
			areasOfNeed: c.areasOfNeed,
			rating,
			target: rating !== null && rating < 3 ? rating + 1 : null,
			peer: null,
			previous: null
		};
	});
}

/** Plans for `count` of the cycle's evaluations that have three gaps or more, 3 to 8 items each. */
function plansFor(r: Random, county: County, cycleIndex: number, count: number, offers: Offer[]) {
	const { tenantId } = county;
	const cycle = county.cycles[cycleIndex]!;
	const stages = STAGES[cycle.open ? 'open' : 'closed'];
	const created = cycle.open ? at('2026-10-05', '10:00') : at('2026-07-20', '10:00');
	const plans: (typeof cpdPlan.$inferInsert)[] = [];
	const items: (typeof cpdPlanItem.$inferInsert)[] = [];
	const fw = (e: BenchEvaluation) => county.frameworks[e.setting.settingType];
	for (const evaluation of r.shuffled([...county.evaluations[cycleIndex]!.values()])) {
		if (plans.length === count) break;
		const gaps = rankGaps(gapCriteria(county, evaluation), fw(evaluation).scale).gaps;
		if (gaps.length < 3) continue;
		const s = evaluation.setting;
		const planId = r.uuid();
		const early = s.kind === 'earlyYears';
		plans.push({
			tenantId,
			id: planId,
			settingId: s.id,
			cycleId: cycle.id,
			budgetPence: r.int(early ? 2 : 8, early ? 10 : 40) * 10_000,
			budgetMinutes: r.int(early ? 10 : 20, early ? 40 : 120) * 60,
			createdAt: created,
			updatedAt: created
		});
		for (const { criterion } of gaps.slice(0, r.int(3, 8))) {
			const matches = matchOffers(
				{ frameworkId: fw(evaluation).frameworkId, ...criterion },
				offers
			).filter((m) => m.criterion || m.areas.length > 0);
			const offer =
				matches.length === 0 || r.chance(0.25) ? null : r.pick(matches.slice(0, 2)).offer;
			const [status, , from, spread] = r.weighted(stages.map((st) => [st, st[1]] as const));
			const places = offer ? r.int(1, 4) : r.int(8, 16);
			const done = status === 'done';
			const rating = criterion.rating;
			items.push({
				tenantId,
				id: r.uuid(),
				planId,
				criterionId: criterion.id,
				offerId: offer?.id ?? null,
				activity: offer ? null : IN_HOUSE[criterion.areasOfNeed[0] ?? 'whole_setting'],
				attendees: offer ? CPD_AUDIENCE_LABELS[r.pick(offer.audiences)] : 'All staff',
				places,
				plannedOn: addDays(from, r.int(0, spread)),
				costPence: offer ? offer.costPence * places : 0,
				minutesEach: offer ? offer.minutes : 60,
				status,
				ratingBefore: rating,
				impact: done ? r.pick(IMPACT) : '',
				ratingAtReview: done && rating !== null ? Math.min(4, rating + r.int(0, 1)) : null,
				reviewedAt: done ? at('2026-11-04', '16:00', r.int(0, 14)) : null,
				createdBy: s.sencoId,
				createdAt: created,
				updatedAt: created
			});
		}
	}
	return { plans, items };
}

/**
 * The starter CPD catalogue, and plans made from gap reports: about 30% of settings for the
 * last closed cycle, 10% for the open one (among the settings with an evaluation in it).
 */
export async function writeCpd(tx: Tx, county: County, log: (line: string) => void) {
	const started = performance.now();
	const r = county.random.fork('cpd');
	await seedCpdCatalogue(tx, county.tenantId);
	const offers = await activeOffers(tx, county.tenantId);
	const open = county.cycles.findIndex((c) => c.open);
	const settings = county.settings.length;
	const closed = plansFor(r, county, open - 1, Math.round(settings * 0.3), offers);
	const current = plansFor(r, county, open, Math.round(settings * 0.1), offers);
	await insertRows(tx, cpdPlan, [...closed.plans, ...current.plans]);
	await insertRows(tx, cpdPlanItem, [...closed.items, ...current.items]);
	log(
		`CPD: ${thousands(closed.plans.length + current.plans.length)} plans, ${thousands(closed.items.length + current.items.length)} items in ${secondsSince(started)}`
	);
}
