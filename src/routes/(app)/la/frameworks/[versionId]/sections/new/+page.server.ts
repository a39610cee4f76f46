import { zod4 } from 'sveltekit-superforms/adapters';
import { sectionFormSchema, type SectionForm } from '$lib/schemas/frameworks';
import { addSection } from '$lib/server/services/framework-content';
import { draftForm, loadVersion, saveDraftForm } from '../../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { version } = await loadVersion(event);
	const form = await draftForm<SectionForm>(
		{ code: '', title: '', description: '', version: version.version },
		zod4(sectionFormSchema)
	);
	return { version, form };
}) satisfies PageServerLoad;

export const actions = {
	// Nothing of the section exists yet, so adding it again on the newer draft loses nothing.
	save: (event) =>
		saveDraftForm(
			event,
			zod4(sectionFormSchema),
			(scope, input, version) => addSection(scope, event.params.versionId, version, input),
			{ done: 'section-added', anchor: 'section' }
		)
} satisfies Actions;
