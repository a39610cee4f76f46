import { fail, redirect } from '@sveltejs/kit';
import { READ_ONLY } from '$lib/server/services/provision-access';
import {
	deleteIntervention,
	interventionForDeletion
} from '$lib/server/services/provision-interventions';
import { allowed, provisionScope } from '../../../access.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const intervention = allowed(await interventionForDeletion(scope, event.params.interventionId));
	allowed(intervention.canEdit ? intervention : READ_ONLY);
	return { intervention };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await provisionScope(event);
		const result = allowed(await deleteIntervention(scope, event.params.interventionId));
		if (result.ok) redirect(303, '/provision/interventions?done=deleted');
		return fail(409, { records: result.records });
	}
} satisfies Actions;
