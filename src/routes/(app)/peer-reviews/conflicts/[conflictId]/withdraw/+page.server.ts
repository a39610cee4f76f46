import { error, redirect } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import {
	conflictForWithdrawal,
	withdrawConflict
} from '$lib/server/services/conflicts-of-interest';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireScope(event);
	const conflict = await conflictForWithdrawal(scope, event.params.conflictId, true);
	if (!conflict) error(404, 'Page not found');
	return { conflict };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireScope(event);
		const result = await withdrawConflict(scope, event.params.conflictId, true);
		if (result.ok) redirect(303, '/peer-reviews/conflicts?done=withdrawn');
		error(404, 'Page not found');
	}
} satisfies Actions;
