import { redirect } from '@sveltejs/kit';
import { deletePupil, pupilForDeletion } from '$lib/server/services/provision-pupils';
import { allowed, provisionScope } from '../../../access.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	return allowed(await pupilForDeletion(scope, event.params.pupilId));
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await provisionScope(event);
		// Someone else deleted it first: not found, like any other id that is not there.
		allowed(await deletePupil(scope, event.params.pupilId));
		redirect(303, '/provision/pupils?done=deleted');
	}
} satisfies Actions;
