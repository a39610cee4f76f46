import { requireLaAdmin } from '$lib/server/auth/guards';
import { proposeRoundAllocation } from '$lib/server/services/round-allocation';
import { loadRound, refusalMessage, stepRound } from '../round.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	await requireLaAdmin(event);
	const { view } = await loadRound(event);
	return { round: view.round, allocated: view.allocated, participants: view.counts.participants };
}) satisfies PageServerLoad;

export const actions = {
	default: (event) =>
		stepRound(
			event,
			proposeRoundAllocation,
			{ done: 'allocated', forbidden: 'Only LA admins can propose an allocation.' },
			(refusal) => ({ problem: refusalMessage(refusal) })
		)
} satisfies Actions;
