import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { getSection } from '$lib/server/services/evaluations';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const { evaluationId, sectionId } = event.params;
	const found = await getSection(scope, evaluationId, sectionId);
	if (!found) error(404, 'Page not found');
	return found;
}) satisfies PageServerLoad;
