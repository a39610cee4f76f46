import { requireScope } from '$lib/server/auth/guards';
import { myReviews } from '$lib/server/services/peer-reviews';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event);
	return {
		...(await myReviews(scope)),
		organisationName: scope.membership.organisationName
	};
}) satisfies PageServerLoad;
