import { and, desc, eq } from 'drizzle-orm';
import { matchOffers } from '../../domain/cpd';
import { rankGaps } from '../../domain/gaps';
import { isRecordId } from '../../domain/ids';
import type { Scope } from '../auth/guards';
import { cpdPlan, cpdPlanItem, evaluationCycle, selfEvaluation } from '../db/schema';
import { rowOf } from '../db/joins';
import { inTenant, type Tx } from '../db/tenant';
import { mayPlan } from './cpd-access';
import { catalogueOffers } from './cpd-catalogue';
import { gapInputs } from './gap-criteria';

/** Offers suggested per gap on the report; the plan's item form lists them all. */
const SUGGESTIONS = 3;

/** The cycles the setting has a self-evaluation in, newest first. */
export function evaluatedCycles(tx: Tx, settingId: string) {
	return tx
		.select({ id: evaluationCycle.id, name: evaluationCycle.name, status: selfEvaluation.status })
		.from(selfEvaluation)
		.innerJoin(
			evaluationCycle,
			rowOf(evaluationCycle, selfEvaluation.tenantId, selfEvaluation.cycleId)
		)
		.where(eq(selfEvaluation.settingId, settingId))
		.orderBy(desc(evaluationCycle.deadline), desc(evaluationCycle.createdAt));
}

/**
 * The setting's gap report for a cycle (by default its newest self-evaluation's): the ranked
 * gaps with why each ranks where it does, by section and by area of need, its strengths, the
 * catalogue offers suggested for each gap and how many plan items each gap has. `cycles` is
 * empty when the setting has no self-evaluation yet; undefined for a caller without the right
 * or a cycle the setting has none in.
 */
export async function gapReport(scope: Scope, cycleId: string | null) {
	if (!mayPlan(scope, 'read')) return undefined;
	if (cycleId !== null && !isRecordId(cycleId)) return undefined;
	const settingId = scope.membership.organisationId;
	const canPlan = mayPlan(scope, 'plan');
	return inTenant(scope, async (tx) => {
		const cycles = await evaluatedCycles(tx, settingId);
		const cycle = cycleId ? cycles.find((c) => c.id === cycleId) : cycles[0];
		if (!cycle) return cycleId ? undefined : { cycles, cycle: null, report: null, canPlan };
		const [[input], offers, planned] = await Promise.all([
			gapInputs(tx, cycle.id, [settingId]),
			catalogueOffers(tx, { activeOnly: true }),
			tx
				.select({ criterionId: cpdPlanItem.criterionId })
				.from(cpdPlanItem)
				.innerJoin(cpdPlan, rowOf(cpdPlan, cpdPlanItem.tenantId, cpdPlanItem.planId))
				.where(and(eq(cpdPlan.settingId, settingId), eq(cpdPlan.cycleId, cycle.id)))
		]);
		if (!input) return { cycles, cycle, report: null, canPlan };
		const analysis = rankGaps(input.criteria, input.scale);
		const itemsFor = (criterionId: string) =>
			planned.filter((p) => p.criterionId === criterionId).length;
		return {
			cycles,
			cycle,
			report: {
				evaluationId: input.evaluationId,
				status: input.status,
				framework: input.framework,
				scale: input.scale,
				peerSource: input.peerSource,
				hasPrevious: input.criteria.some((c) => c.previous !== null),
				analysis,
				suggestions: Object.fromEntries(
					analysis.gaps.map((g) => [
						g.criterion.id,
						matchOffers({ frameworkId: input.framework.id, ...g.criterion }, offers)
							.slice(0, SUGGESTIONS)
							.map((m) => ({
								id: m.offer.id,
								title: m.offer.title,
								provider: m.offer.provider,
								costPence: m.offer.costPence,
								criterion: m.criterion,
								areas: m.areas
							}))
					])
				),
				planItems: Object.fromEntries(
					analysis.gaps.map((g) => [g.criterion.id, itemsFor(g.criterion.id)])
				)
			},
			canPlan
		};
	});
}
