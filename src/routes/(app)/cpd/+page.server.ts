import { error } from '@sveltejs/kit';
import { gapView } from '$lib/components/cpd/gaps/display';
import { requireScope } from '$lib/server/auth/guards';
import { gapReport } from '$lib/server/services/gap-report';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const params = event.url.searchParams;
	const found = await gapReport(scope, params.get('cycle') || null);
	if (!found) error(404, 'Page not found');
	return {
		...found,
		view: gapView(params.get('view')),
		settingName: scope.membership.organisationName
	};
}) satisfies PageServerLoad;
