import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { roundStepSchema } from '$lib/schemas/review-rounds';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { proposeRoundAllocation } from '$lib/server/services/review-rounds';
import { loadRound, STALE_MESSAGE } from '../round.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	await requireLaAdmin(event);
	const { view } = await loadRound(event);
	return { round: view.round, allocated: view.allocated, participants: view.counts.participants };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(roundStepSchema));
		if (!form.valid) return fail(400, { problem: STALE_MESSAGE });
		const result = await proposeRoundAllocation(scope, event.params.roundId, form.data.version);
		if (result.ok) redirect(303, `/la/peer-reviews/${event.params.roundId}?done=allocated`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, 'Only LA admins can propose an allocation.');
		return fail(409, { problem: result.reason === 'stale' ? STALE_MESSAGE : result.message });
	}
} satisfies Actions;
