import { deleteCriterion } from '$lib/server/services/framework-content';
import { confirmStep, donePath, loadCriterion } from '../../../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => loadCriterion(event)) satisfies PageServerLoad;

export const actions = {
	default: (event) => {
		const { versionId, criterionId } = event.params;
		return confirmStep(
			event,
			(scope, version) => deleteCriterion(scope, versionId, criterionId, version),
			donePath(versionId, 'criterion-deleted')
		);
	}
} satisfies Actions;
