import { zod4 } from 'sveltekit-superforms/adapters';
import {
	criterionErrorPath,
	criterionFormSchema,
	type CriterionForm,
	type CriterionInput
} from '$lib/schemas/frameworks';
import { criterionValues, updateCriterion } from '$lib/server/services/framework-content';
import { draftForm, loadCriterion, saveDraftForm } from '../../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { version, criterion } = await loadCriterion(event);
	const form = await draftForm<CriterionForm, CriterionInput>(
		{ ...criterionValues(criterion), version: version.version },
		zod4(criterionFormSchema)
	);
	return { version, criterion, form };
}) satisfies PageServerLoad;

export const actions = {
	save: (event) =>
		saveDraftForm(
			event,
			zod4(criterionFormSchema),
			(scope, input, version) =>
				updateCriterion(scope, event.params.versionId, event.params.criterionId, version, input),
			{ done: 'criterion-saved', anchor: 'criterion', errorPath: criterionErrorPath }
		)
} satisfies Actions;
