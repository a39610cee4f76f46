import { error, fail, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { deleteRound } from '$lib/server/services/review-rounds';
import { loadRound } from '../round.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	await requireLaAdmin(event);
	const { view } = await loadRound(event);
	return { round: view.round, participants: view.counts.participants };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const result = await deleteRound(scope, event.params.roundId);
		if (result.ok) redirect(303, '/la/peer-reviews?done=deleted');
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, 'Only LA admins can delete a round.');
		return fail(409, { confirmed: true });
	}
} satisfies Actions;
