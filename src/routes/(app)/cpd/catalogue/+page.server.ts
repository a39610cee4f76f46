import { error } from '@sveltejs/kit';
import { CPD_OFFERS_PAGE_SIZE, offerFilter } from '$lib/schemas/cpd-offer';
import { requireScope } from '$lib/server/auth/guards';
import { settingCatalogue } from '$lib/server/services/cpd-catalogue';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	// The LA lists withdrawn offers; a setting sees only what it can choose.
	const filter = { ...offerFilter(event.url.searchParams), withdrawn: false };
	const list = await settingCatalogue(scope, filter);
	if (!list) error(403, 'Your current role does not give access to this page.');
	return {
		...list,
		filter,
		pageSize: CPD_OFFERS_PAGE_SIZE,
		tenantName: scope.membership.tenantName
	};
}) satisfies PageServerLoad;
