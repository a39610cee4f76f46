import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { todayInEngland } from '$lib/domain/dates';
import { registerDateSchema, type RegisterDateForm } from '$lib/schemas/provision-pupils';
import type { Scope } from '$lib/server/auth/guards';
import { pupilToChange, type RegisterMoveResult } from '$lib/server/services/provision-pupils';
import { allowed, provisionScope } from '../../access.server';

type Event = RequestEvent<{ pupilId: string }>;

/** The pupil and a date defaulting to today, for taking them off the register or back on. */
export async function openRegisterMove(event: Event) {
	const scope = await provisionScope(event);
	const pupil = allowed(await pupilToChange(scope, event.params.pupilId));
	const form = await superValidate<RegisterDateForm, string>(
		{ date: todayInEngland() },
		zod4(registerDateSchema),
		{ errors: false }
	);
	return { pupil, form };
}

/**
 * The form's action: `move` takes the pupil off the register or puts them back from the date
 * given; if someone else did so first, the page says so instead.
 */
export function registerMove(
	move: (scope: Scope, pupilId: string, date: string) => Promise<RegisterMoveResult>,
	done: 'removed' | 'restored'
) {
	return async (event: Event) => {
		const scope = await provisionScope(event);
		const form = await superValidate<RegisterDateForm, string>(
			event.request,
			zod4(registerDateSchema)
		);
		if (!form.valid) return fail(400, { form });
		const result = allowed(await move(scope, event.params.pupilId, form.data.date));
		if (result.ok) redirect(303, `/provision/pupils/${event.params.pupilId}?done=${done}`);
		if (result.reason === 'invalid') return setError(form, 'date', result.message);
		return message(
			form,
			result.reason === 'already-removed'
				? 'Someone else has already taken this pupil off the register.'
				: 'Someone else has already put this pupil back on the register.',
			{ status: 409 }
		);
	};
}
