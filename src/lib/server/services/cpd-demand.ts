import { and, eq, inArray } from 'drizzle-orm';
import { criterionKey, matchOffers } from '../../domain/cpd';
import {
	cpdDemandViews,
	type DemandCriterion,
	type DemandFramework,
	type DemandSetting
} from '../../domain/cpd-demand';
import { demandExport, isDemandTable } from '../../domain/cpd-demand-tables';
import { todayInEngland } from '../../domain/dates';
import { rankGaps } from '../../domain/gaps';
import type { Scope } from '../auth/guards';
import { cpdPlan, cpdPlanItem, organisation } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { chosenCycleView } from './board-picture';
import { viewerPopulation, type TenantSettings } from './board-populations';
import { catalogueOffers } from './cpd-catalogue';
import { gapInputs } from './gap-criteria';

// What the LA and the area boards see of settings' gaps and CPD plans. Every population is
// worked out and suppressed together (domain/cpd-demand.ts), so the LA's view of the county,
// of one board's area, and each board's own view never give away a small number between them;
// for that, the LA's view too is made only of what settings share with their boards.

/** The catalogue offers in each setting's plan for the cycle, with the places planned on each. */
async function plansOf(tx: Tx, cycleId: string) {
	const rows = await tx
		.select({
			settingId: cpdPlan.settingId,
			offerId: cpdPlanItem.offerId,
			places: cpdPlanItem.places
		})
		.from(cpdPlan)
		.leftJoin(
			cpdPlanItem,
			and(eq(cpdPlanItem.tenantId, cpdPlan.tenantId), eq(cpdPlanItem.planId, cpdPlan.id))
		)
		.where(eq(cpdPlan.cycleId, cycleId));
	const plans = new Map<string, Map<string, number>>();
	for (const r of rows) {
		const plan = plans.get(r.settingId) ?? new Map<string, number>();
		if (r.offerId) plan.set(r.offerId, (plan.get(r.offerId) ?? 0) + (r.places ?? 0));
		plans.set(r.settingId, plan);
	}
	return plans;
}

/** Names are read only for the settings that share in full, so no other's can reach a view. */
async function namesOf(tx: Tx, settingIds: string[]) {
	if (settingIds.length === 0) return new Map<string, string>();
	const rows = await tx
		.select({ id: organisation.id, name: organisation.name })
		.from(organisation)
		.where(inArray(organisation.id, settingIds));
	return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Every setting's gaps (from its signed-off self-evaluation of the cycle) and plan, the
 * criteria of the frameworks signed off against with the active offers mapped to each, and
 * the reader of every population's view.
 */
async function demandOf(tx: Tx, cycleId: string, data: TenantSettings) {
	const [inputs, offers, plans] = await Promise.all([
		// Whoever views: the LA sees what the boards see, or its views would differ from theirs.
		gapInputs(tx, cycleId, undefined, { boardSharedReviews: true }),
		catalogueOffers(tx),
		plansOf(tx, cycleId)
	]);
	const signedOff = inputs.filter((e) => e.status === 'signed_off');
	// A board sees the criteria only of a setting sharing in full (board-shared.ts), and a gap
	// is a criterion's: a summary beside a named gap would tell it more than was shared.
	const names = await namesOf(
		tx,
		signedOff.filter((e) => e.sharing === 'full').map((e) => e.settingId)
	);
	const frameworks = new Map<string, DemandFramework>();
	const criteria = new Map<string, DemandCriterion>();
	const evaluations = new Map<string, NonNullable<DemandSetting['evaluation']>>();
	for (const e of signedOff) {
		const framework = { id: e.framework.id, name: e.framework.name };
		frameworks.set(framework.id, framework);
		for (const c of e.criteria) {
			const key = criterionKey(framework.id, c.code);
			if (criteria.has(key)) continue;
			criteria.set(key, {
				key,
				framework,
				code: c.code,
				title: c.title,
				areas: c.areasOfNeed.length > 0 ? c.areasOfNeed : ['whole_setting'],
				offers: matchOffers({ frameworkId: framework.id, ...c }, offers)
					.filter((m) => m.criterion)
					.map((m) => m.offer.title)
					.sort((a, b) => a.localeCompare(b))
			});
		}
		const analysis = rankGaps(e.criteria, e.scale);
		evaluations.set(e.settingId, {
			frameworkId: framework.id,
			gaps: new Set(analysis.gaps.map((g) => criterionKey(framework.id, g.criterion.code))),
			areas: new Set(analysis.byArea.map((a) => a.key))
		});
	}
	return cpdDemandViews({
		settings: data.settings.map((s) => ({
			id: s.id,
			sharedName: names.get(s.id) ?? null,
			evaluation: evaluations.get(s.id) ?? null,
			plan: plans.get(s.id) ?? null
		})),
		frameworks: [...frameworks.values()],
		criteria: [...criteria.values()],
		offers: offers.map((o) => ({
			id: o.id,
			title: o.title,
			provider: o.provider,
			active: o.active
		})),
		populations: data.populations
	});
}

/**
 * CPD demand across the settings the caller sees, for a cycle (`cycle`, by default the newest
 * with a signed-off self-evaluation): LA staff the whole tenant, or one board's area as that
 * board sees it (`board`); a board member the settings in the board's scope. Null for anyone
 * else, or for a cycle the tenant does not have.
 */
export async function cpdDemand(scope: Scope, params: URLSearchParams) {
	const own = viewerPopulation(scope);
	if (!own) return null;
	return inTenant(scope, async (tx) => {
		const chosen = await chosenCycleView(tx, own, params);
		if (!chosen) return null;
		const { cycles, cycle, data, boards, board, viewer, problem } = chosen;
		// Only names: how many signed off across the tenant is not every viewer's to see.
		const named = ({ id, name }: { id: string; name: string }) => ({ id, name });
		const common = {
			cycles: cycles.map(named),
			boards,
			board,
			problems: problem ? [problem] : []
		};
		if (!cycle) return { ...common, cycle: null, view: null };
		const read = await demandOf(tx, cycle.id, data);
		return { ...common, cycle: named(cycle), view: read(viewer)! };
	});
}

export type CpdDemand = NonNullable<Awaited<ReturnType<typeof cpdDemand>>>;

/**
 * One table of the caller's CPD demand (`cpdDemand` with the same query string) as a download:
 * its heading lines, the table as the page prints it, and the file's name. Null when the page
 * has no such table.
 */
export async function cpdDemandFile(scope: Scope, table: string, params: URLSearchParams) {
	if (!isDemandTable(table)) return null;
	const demand = await cpdDemand(scope, params);
	if (!demand?.cycle) return null;
	const whose = [scope.membership.organisationName, demand.board?.name].filter(Boolean).join(', ');
	return demandExport(demand.view, table, {
		whose,
		cycleName: demand.cycle.name,
		today: todayInEngland()
	});
}
