import { zod4 } from 'sveltekit-superforms/adapters';
import { sectionFormSchema, type SectionForm, type SectionInput } from '$lib/schemas/frameworks';
import { updateSection } from '$lib/server/services/framework-content';
import { draftForm, loadSection, saveDraftForm } from '../../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { version, section } = await loadSection(event);
	const { code, title, description } = section;
	const form = await draftForm<SectionForm, SectionInput>(
		{ code, title, description, version: version.version },
		zod4(sectionFormSchema)
	);
	return { version, section, form };
}) satisfies PageServerLoad;

export const actions = {
	save: (event) =>
		saveDraftForm(
			event,
			zod4(sectionFormSchema),
			(scope, input, version) =>
				updateSection(scope, event.params.versionId, event.params.sectionId, version, input),
			{ done: 'section-saved', anchor: 'section' }
		)
} satisfies Actions;
