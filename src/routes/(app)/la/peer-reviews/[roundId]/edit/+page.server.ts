import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { roundFormSchema, type RoundForm, type RoundFormMessage } from '$lib/schemas/review-rounds';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getRound } from '$lib/server/services/round-allocation';
import { roundFormOptions, roundFormValues, updateRound } from '$lib/server/services/review-rounds';
import type { Actions, PageServerLoad } from './$types';

const NOT_PLANNING = 'This round has been confirmed, so its set-up can no longer change.';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const [view, { cycles }] = await Promise.all([
		getRound(scope, event.params.roundId),
		roundFormOptions(scope)
	]);
	if (!view) error(404, 'Page not found');
	const form = await superValidate<RoundForm, RoundFormMessage>(
		{ ...roundFormValues(view.round), version: view.round.version },
		zod4(roundFormSchema),
		{ errors: false }
	);
	return { round: view.round, cycles, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate<RoundForm, RoundFormMessage>(
			event.request,
			zod4(roundFormSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = await updateRound(scope, event.params.roundId, version, input);
		if (result.ok) redirect(303, `/la/peer-reviews/${result.id}?done=saved`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, 'Only LA admins can change a round.');
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		if (result.reason === 'not-planning')
			return message(form, { problem: NOT_PLANNING }, { status: 409 });
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
