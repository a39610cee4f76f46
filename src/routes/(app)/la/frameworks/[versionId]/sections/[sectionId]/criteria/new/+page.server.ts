import { zod4 } from 'sveltekit-superforms/adapters';
import {
	criterionErrorPath,
	criterionFormSchema,
	type CriterionForm
} from '$lib/schemas/frameworks';
import { addCriterion } from '$lib/server/services/framework-content';
import { draftForm, loadSection, saveDraftForm } from '../../../../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { version, section } = await loadSection(event);
	// A new criterion applies where the section's last one does, as a starting point.
	const like = section.criteria.at(-1);
	const form = await draftForm<CriterionForm>(
		{
			sectionId: section.id,
			code: '',
			title: '',
			descriptors: version.scale.map(() => ''),
			statutory: false,
			areasOfNeed: [],
			settingTypes: like?.settingTypes ?? [],
			version: version.version
		},
		zod4(criterionFormSchema)
	);
	return { version, section, form };
}) satisfies PageServerLoad;

export const actions = {
	// Nothing of the criterion exists yet, so adding it again on the newer draft loses nothing.
	save: (event) =>
		saveDraftForm(
			event,
			zod4(criterionFormSchema),
			(scope, input, version) => addCriterion(scope, event.params.versionId, version, input),
			{ done: 'criterion-added', anchor: 'criterion', errorPath: criterionErrorPath }
		)
} satisfies Actions;
