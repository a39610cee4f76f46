import { error, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import {
	conflictForWithdrawal,
	withdrawConflict
} from '$lib/server/services/conflicts-of-interest';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const conflict = await conflictForWithdrawal(scope, event.params.conflictId, false);
	if (!conflict) error(404, 'Page not found');
	return { conflict };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const result = await withdrawConflict(scope, event.params.conflictId, false);
		if (result.ok) redirect(303, '/la/peer-reviews/conflicts?done=withdrawn');
		if (result.reason === 'forbidden') error(403, 'Only LA admins can withdraw conflicts.');
		error(404, 'Page not found');
	}
} satisfies Actions;
