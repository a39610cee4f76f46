import { zod4 } from 'sveltekit-superforms/adapters';
import {
	versionDetailsSchema,
	type VersionDetailsForm,
	type VersionDetailsInput
} from '$lib/schemas/frameworks';
import { updateDetails } from '$lib/server/services/frameworks';
import { draftForm, loadVersion, saveDraftForm } from '../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { version } = await loadVersion(event);
	const { label, notes } = version;
	const form = await draftForm<VersionDetailsForm, VersionDetailsInput>(
		{ label, notes, version: version.version },
		zod4(versionDetailsSchema)
	);
	return { version, form };
}) satisfies PageServerLoad;

export const actions = {
	save: (event) =>
		saveDraftForm(
			event,
			zod4(versionDetailsSchema),
			(scope, input, version) => updateDetails(scope, event.params.versionId, version, input),
			{ done: 'saved' }
		)
} satisfies Actions;
