import { publish, publishProblems } from '$lib/server/services/frameworks';
import { confirmStep, donePath, loadVersion } from '../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { scope, version } = await loadVersion(event);
	const problems = await publishProblems(scope, version.id);
	return { version, problems: problems ?? [] };
}) satisfies PageServerLoad;

export const actions = {
	default: (event) => {
		const { versionId } = event.params;
		return confirmStep(
			event,
			(scope, version) => publish(scope, versionId, version),
			donePath(versionId, 'published')
		);
	}
} satisfies Actions;
