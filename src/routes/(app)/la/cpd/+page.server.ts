import { error } from '@sveltejs/kit';
import { CPD_OFFERS_PAGE_SIZE, offerFilter } from '$lib/schemas/cpd-offer';
import { requireLaStaff } from '$lib/server/auth/guards';
import { listOffers } from '$lib/server/services/cpd-catalogue';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const filter = offerFilter(event.url.searchParams);
	const list = await listOffers(scope, filter);
	if (!list) error(404, 'Page not found');
	return { ...list, filter, pageSize: CPD_OFFERS_PAGE_SIZE };
}) satisfies PageServerLoad;
