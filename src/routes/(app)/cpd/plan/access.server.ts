import { error, type RequestEvent } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { FORBIDDEN } from '$lib/server/services/review-results';

/** The scope of a member of a setting: only they ever reach a page of its CPD plan. */
export const planScope = (event: RequestEvent) => requireScope(event, { kind: 'setting' });

export const NOT_A_PLANNER = 'Only the headteacher and the SENCO can change the CPD plan.';

/**
 * A plan service's answer with its refusals turned into error pages: 404 for what is not the
 * setting's (undefined), which never says whether it exists elsewhere, and 403 for a member
 * who may read the plan but not change it.
 */
export function allowed<T>(result: T | typeof FORBIDDEN | undefined): T {
	if (result === undefined) error(404, 'Page not found');
	if (result === FORBIDDEN) error(403, NOT_A_PLANNER);
	return result as T;
}
