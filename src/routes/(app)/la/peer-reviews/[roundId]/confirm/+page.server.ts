import { requireLaAdmin } from '$lib/server/auth/guards';
import { confirmRound } from '$lib/server/services/round-allocation';
import { loadRound, refusalMessage, stepRound } from '../round.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	await requireLaAdmin(event);
	const { view } = await loadRound(event);
	const hosts = view.groups.flatMap((g) => g.hosts);
	return {
		round: view.round,
		participants: hosts.length,
		uncovered: hosts
			.filter((h) => !h.covered)
			.map((h) => ({ id: h.id, name: h.name, reason: h.reason })),
		clashes: hosts.flatMap((h) =>
			(h.review?.reviewers ?? [])
				.filter((r) => r.conflicted)
				.map((r) => `${r.name} reviewing ${h.name}`)
		)
	};
}) satisfies PageServerLoad;

export const actions = {
	default: (event) =>
		stepRound(
			event,
			confirmRound,
			{ done: 'confirmed', forbidden: 'Only LA admins can confirm a round.' },
			(refusal) => {
				if (refusal.reason === 'incomplete') return { missing: refusal.settings };
				if (refusal.reason === 'conflicted') return { clashes: refusal.pairs };
				return { problem: refusalMessage(refusal) };
			}
		)
} satisfies Actions;
