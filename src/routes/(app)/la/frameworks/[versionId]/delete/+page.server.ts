import { deleteDraft } from '$lib/server/services/frameworks';
import { confirmStep, loadVersion } from '../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { version } = await loadVersion(event);
	return { version };
}) satisfies PageServerLoad;

export const actions = {
	default: (event) =>
		confirmStep(
			event,
			(scope, version) => deleteDraft(scope, event.params.versionId, version),
			'/la/frameworks?done=draft-deleted'
		)
} satisfies Actions;
