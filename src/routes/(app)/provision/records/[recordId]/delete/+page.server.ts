import { redirect } from '@sveltejs/kit';
import { READ_ONLY } from '$lib/server/services/provision-access';
import { deleteRecord, getRecord } from '$lib/server/services/provision-records';
import { allowed, provisionScope } from '../../../access.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const found = allowed(await getRecord(scope, event.params.recordId));
	allowed(found.canEdit ? found : READ_ONLY);
	return { record: found.record, cost: found.cost };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await provisionScope(event);
		// Someone else deleting it first leaves nothing to find: a 404, as for any lost record.
		const result = allowed(await deleteRecord(scope, event.params.recordId));
		redirect(303, `/provision/pupils/${result.pupilId}?done=record-deleted`);
	}
} satisfies Actions;
