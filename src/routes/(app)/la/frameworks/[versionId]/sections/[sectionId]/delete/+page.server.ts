import { deleteSection } from '$lib/server/services/framework-content';
import { confirmStep, donePath, loadSection } from '../../../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => loadSection(event)) satisfies PageServerLoad;

export const actions = {
	default: (event) => {
		const { versionId, sectionId } = event.params;
		return confirmStep(
			event,
			(scope, version) => deleteSection(scope, versionId, sectionId, version),
			donePath(versionId, 'section-deleted')
		);
	}
} satisfies Actions;
