import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { evaluationSummary } from '$lib/server/services/evaluations';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const summary = await evaluationSummary(scope, event.params.evaluationId);
	if (!summary) error(404, 'Page not found');
	return { summary };
}) satisfies PageServerLoad;
