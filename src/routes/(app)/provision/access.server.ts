import { error, type RequestEvent } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { NO_ACCESS, READ_ONLY } from '$lib/server/services/provision-access';

/** The scope of a member of a setting: only they ever reach a provision page. */
export const provisionScope = (event: RequestEvent) => requireScope(event, { kind: 'setting' });

/**
 * A provision service's answer with its refusals turned into error pages: 403 for a member
 * of the setting whose role does not reach the records (or may only read them), 404 for a
 * record that is not the setting's (null), which never says whether it exists elsewhere.
 */
export function allowed<T>(result: T | typeof NO_ACCESS | typeof READ_ONLY | null): T {
	if (result === null) error(404, 'Page not found');
	if (result === NO_ACCESS)
		error(
			403,
			"Provision records are open to the setting's SENCO and headteacher, and to staff only if the headteacher allows it."
		);
	if (result === READ_ONLY) error(403, 'You can read the provision records but not change them.');
	return result as T;
}
