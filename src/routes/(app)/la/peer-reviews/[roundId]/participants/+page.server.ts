import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	participantFilter,
	participantQuery,
	participantsSchema
} from '$lib/schemas/review-rounds';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { participantChoices, setParticipants } from '$lib/server/services/round-participants';
import { STALE_MESSAGE } from '../round.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const filter = participantFilter(event.url.searchParams);
	const choices = await participantChoices(scope, event.params.roundId, filter);
	if (!choices) error(404, 'Page not found');
	const form = await superValidate(
		{
			version: choices.round.version,
			shown: choices.settings.map((s) => s.id),
			settingIds: choices.settings.filter((s) => s.taking).map((s) => s.id)
		},
		zod4(participantsSchema),
		{ errors: false }
	);
	// The filter travels with the form, so a refused save comes back to the same list.
	return { ...choices, filter, query: participantQuery(filter), form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(participantsSchema));
		if (!form.valid) return fail(400, { form });
		const { version, shown, settingIds } = form.data;
		const result = await setParticipants(scope, event.params.roundId, version, shown, settingIds);
		if (result.ok) redirect(303, `/la/peer-reviews/${event.params.roundId}?done=participants`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'forbidden') error(403, 'Only LA admins can change a round.');
		if (result.reason === 'invalid') return setError(form, 'settingIds._errors', result.message);
		const problem =
			result.reason === 'stale'
				? STALE_MESSAGE
				: 'This round has been confirmed, so the settings taking part can no longer change.';
		return message(form, problem, { status: 409 });
	}
} satisfies Actions;
