import { and, eq } from 'drizzle-orm';
import {
	CPD_AUDIENCE_LABELS,
	matchOffers,
	type CpdAudience,
	type CpdItemStatus,
	type MatchableOffer
} from '../../../domain/cpd';
import { rankGaps, type AreaKey } from '../../../domain/gaps';
import { gapInputs } from '../../services/gap-criteria';
import { cpdOffer, cpdOfferCriterion, cpdPlan, cpdPlanItem } from '../schema';
import type { Tx } from '../tenant';
import type { DemoCycles } from './evaluations';

/**
 * Kent settings that signed off in 2025/26 and planned CPD from their gap reports: the budget
 * the head set (pounds, hours of staff time) and how many of their top gaps they planned for.
 * All are in the South, where enough settings plan for the board to see the offers counted
 * (a plan or two elsewhere would hide the county's counts, which would give them away);
 * Oakfield has none, as a browser test builds its plan.
 */
const PLANS: [setting: string, pounds: number, hours: number, gaps: number][] = [
	['Willowbrook Primary School', 1500, 40, 3],
	['Kingsmead High School', 4000, 120, 4],
	['Stour Meadow Primary School', 1200, 30, 2],
	['Eastwell Vale Primary School', 1800, 45, 3],
	['Cliffside Primary School', 1000, 30, 2],
	['Castle Hill Infant School', 800, 20, 3],
	['Deal Shore Primary School', 2000, 50, 4],
	['Seabrook Junior School', 1500, 36, 3],
	['Marsh Edge Primary School', 1200, 30, 2],
	['Sandgate Hill Primary School', 2500, 60, 3]
];

/** What a setting runs itself for a gap, by the gap's first area of need. */
const IN_HOUSE: Record<AreaKey, string> = {
	communication_interaction:
		'Staff meeting: communication-friendly classrooms and visual timetables, led by the SENCO',
	cognition_learning: 'Training day session: scaffolds and pre-teaching in every lesson',
	semh: 'Twilight session: a shared approach to regulation and calm spaces',
	sensory_physical: 'SENCO-led walk round the sensory environment audit with each team',
	whole_setting: 'Peer observation in pairs, with a follow-up coaching conversation'
};

const IMPACT = [
	'Plans now name the strategies agreed at training; work sampling shows them in use in most classes.',
	'Staff use the new approach consistently; parents said at review meetings that they noticed the difference.',
	'Learning walks found the changes in place in every class; still to embed with new staff.'
];

/** When an item at each stage falls: done last autumn, booked for spring, planned for summer. */
const WHEN: Record<CpdItemStatus, string[]> = {
	done: ['2026-10-07', '2026-10-14', '2026-10-21'],
	booked: ['2027-01-13', '2027-01-27', '2027-02-10'],
	planned: ['2027-04-21', '2027-05-12', '2027-06-09']
};

/** A plan's first item is done at every third plan and booked elsewhere; some second ones booked. */
function statusOf(plan: number, item: number): CpdItemStatus {
	if (item === 0) return plan % 3 === 0 ? 'done' : 'booked';
	return item === 1 && plan % 2 === 0 ? 'booked' : 'planned';
}

/** The tenant's active offers with the criteria each is mapped to, as `matchOffers` takes them. */
export async function activeOffers(tx: Tx, tenantId: string) {
	const [offers, criteria] = await Promise.all([
		tx
			.select({
				id: cpdOffer.id,
				title: cpdOffer.title,
				costPence: cpdOffer.costPence,
				minutes: cpdOffer.minutes,
				audiences: cpdOffer.audiences,
				active: cpdOffer.active,
				areasOfNeed: cpdOffer.areasOfNeed
			})
			.from(cpdOffer)
			.where(and(eq(cpdOffer.tenantId, tenantId), eq(cpdOffer.active, true)))
			.orderBy(cpdOffer.title),
		tx
			.select({
				offerId: cpdOfferCriterion.offerId,
				frameworkId: cpdOfferCriterion.frameworkId,
				code: cpdOfferCriterion.criterionCode
			})
			.from(cpdOfferCriterion)
			.where(eq(cpdOfferCriterion.tenantId, tenantId))
	]);
	return offers.map((o): MatchableOffer & { minutes: number; audiences: CpdAudience[] } => ({
		...o,
		criteria: criteria.filter((c) => c.offerId === o.id)
	}));
}

/** Kent settings' CPD plans from their gap reports, for the LA's and boards' demand views. */
export async function seedCpdPlans(
	tx: Tx,
	demo: { tenantId: string; cycles: DemoCycles; settingIds: Map<string, string> }
): Promise<void> {
	const { tenantId } = demo;
	const cycleId = demo.cycles.previous;
	const settingOf = (name: string) => {
		const id = demo.settingIds.get(name);
		if (!id) throw new Error(`The demo has no setting called ${name}`);
		return id;
	};
	const [offers, inputs] = await Promise.all([
		activeOffers(tx, tenantId),
		gapInputs(
			tx,
			cycleId,
			PLANS.map(([name]) => settingOf(name))
		)
	]);
	for (const [i, [name, pounds, hours, count]] of PLANS.entries()) {
		const input = inputs.find((e) => e.settingId === settingOf(name));
		if (input?.status !== 'signed_off') throw new Error(`${name} did not sign off in 2025/26`);
		const [plan] = await tx
			.insert(cpdPlan)
			.values({
				tenantId,
				settingId: input.settingId,
				cycleId,
				budgetPence: pounds * 100,
				budgetMinutes: hours * 60,
				createdAt: new Date('2026-07-20T10:00:00Z')
			})
			.returning({ id: cpdPlan.id });
		const gaps = rankGaps(input.criteria, input.scale).gaps.slice(0, count);
		if (gaps.length === 0) throw new Error(`${name} has no gaps to plan for`);
		await tx.insert(cpdPlanItem).values(
			gaps.map(({ criterion }, j) => {
				// Offers about this gap: one about SEND in general may be for another phase (the
				// early years network), which no school would book for its own gap.
				const matches = matchOffers(
					{ frameworkId: input.framework.id, ...criterion },
					offers
				).filter((m) => m.criterion || m.areas.length > 0);
				// Mostly from the catalogue; every fourth item, and any gap no offer fits, in-house.
				const offer =
					matches.length === 0 || (i + j) % 4 === 3
						? null
						: matches[(i + j) % 2 === 1 && matches.length > 1 ? 1 : 0]!.offer;
				const status = statusOf(i, j);
				const places = offer ? 1 + ((i + 2 * j) % 4) : 8 + 2 * ((i + j) % 5);
				const rating = criterion.rating;
				const done = status === 'done';
				return {
					tenantId,
					planId: plan!.id,
					criterionId: criterion.id,
					offerId: offer?.id ?? null,
					activity: offer ? null : IN_HOUSE[criterion.areasOfNeed[0] ?? 'whole_setting'],
					attendees: offer
						? CPD_AUDIENCE_LABELS[offer.audiences[(i + j) % offer.audiences.length]!]
						: 'All teaching staff',
					places,
					plannedOn: WHEN[status][(i + j) % 3]!,
					costPence: offer ? offer.costPence * places : 0,
					minutesEach: offer ? offer.minutes : 60,
					status,
					ratingBefore: rating,
					impact: done ? IMPACT[i % IMPACT.length]! : '',
					ratingAtReview: done && rating !== null ? Math.min(4, rating + (i % 2)) : null,
					reviewedAt: done ? new Date('2026-11-04T16:00:00Z') : null,
					createdAt: new Date('2026-07-20T10:00:00Z')
				};
			})
		);
	}
}
