import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { roundStepSchema } from '$lib/schemas/review-rounds';
import { requireLaAdmin, requireLaStaff, type Scope } from '$lib/server/auth/guards';
import { getRound } from '$lib/server/services/round-allocation';

type RoundEvent = RequestEvent<{ roundId: string }>;

/** What each of a round's pages starts from: the caller's scope and the round, or a 404. */
export async function loadRound(event: RoundEvent) {
	const scope = await requireLaStaff(event);
	const view = await getRound(scope, event.params.roundId);
	if (!view) error(404, 'Page not found');
	return { scope, view, canEdit: scope.membership.role === 'admin' };
}

/** Said when a change was made on a page read before someone else's change. */
export const STALE_MESSAGE =
	'Someone else changed this round while you were looking at it, so nothing was changed. Check the round as it is now and try again.';

/** Why a change to the round was refused: someone else's change since, or the rule it broke. */
export const refusalMessage = (
	result: { reason: 'stale' } | { reason: 'refused'; message: string }
) => (result.reason === 'stale' ? STALE_MESSAGE : result.message);

type Outcome = { ok: true } | { ok: false; reason: string };
type Refusal<R> = Exclude<R, { ok: true } | { reason: 'not-found' | 'forbidden' }>;

/**
 * Steps the whole round on (proposing, confirming) from a form that carries the version the
 * page was read at, then goes back to the round. A refusal is failed with what `describe`
 * makes of it.
 */
export async function stepRound<R extends Outcome, D extends Record<string, unknown>>(
	event: RoundEvent,
	step: (scope: Scope, roundId: string, version: number) => Promise<R>,
	{ done, forbidden }: { done: string; forbidden: string },
	describe: (refusal: Refusal<R>) => D
) {
	const scope = await requireLaAdmin(event);
	const form = await superValidate(event.request, zod4(roundStepSchema));
	if (!form.valid) return fail(400, { problem: STALE_MESSAGE });
	const result = await step(scope, event.params.roundId, form.data.version);
	if (result.ok) redirect(303, `/la/peer-reviews/${event.params.roundId}?done=${done}`);
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'forbidden') error(403, forbidden);
	return fail(409, describe(result as Refusal<R>));
}
