import { error } from '@sveltejs/kit';
import type { Scope } from '$lib/server/auth/guards';
import type { PlanToExport } from '$lib/server/export/cpd-plan-pdf';
import { cpdPlanFor } from '$lib/server/services/cpd-plans';

/** The plan of the cycle in `?cycle=` (or the newest), or 404 when there is none to export. */
export async function planToExport(scope: Scope, url: URL): Promise<PlanToExport> {
	const plan = await cpdPlanFor(scope, url.searchParams.get('cycle') || null);
	if (!plan?.cycle) error(404, 'Page not found');
	return { ...plan, cycle: plan.cycle };
}
