import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import {
	message,
	setError,
	superValidate,
	type FormPathLeavesWithErrors,
	type SuperValidated
} from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { SCRUTINY_ROLES, type ScrutinyList } from '$lib/domain/board-scrutiny';
import { boardListHref } from '$lib/components/scrutiny/display';
import { removalSchema, type ConflictMessage } from '$lib/schemas/board-scrutiny';
import { requireScope, type Scope } from '$lib/server/auth/guards';
import type { ANSWERED, RemoveResult, SaveResult } from '$lib/server/services/board-scrutiny';

/** A chair or member of an area board: only they keep its scrutiny. */
export const boardMember = (event: RequestEvent) =>
	requireScope(event, { kind: 'area_board', roles: SCRUTINY_ROLES });

/**
 * The response to a save of a note, question or action: back to its list, or the form with
 * the field at fault (a district outside the board's area is the whole form's fault), or
 * with what someone else saved meanwhile. An answered question goes back to its page, which
 * says it can no longer change; anything not the board's is not found.
 */
export function saved<
	T extends Record<string, unknown> & { version: number; cycleId: string; districtId: string },
	C
>(
	form: SuperValidated<T, ConflictMessage<C>>,
	result: SaveResult<string, C> | typeof ANSWERED,
	to: { list: ScrutinyList; done: string; answeredHref?: string }
) {
	if (result.ok) {
		const { cycleId, districtId } = form.data;
		redirect(303, boardListHref({ cycleId, districtId: districtId || null }, to.list, to.done));
	}
	if (result.reason === 'invalid')
		return result.field === 'districtId'
			? setError(form, result.message)
			: setError(form, result.field as FormPathLeavesWithErrors<T>, result.message);
	if (result.reason === 'stale') {
		// Saving again now puts these values over the newer ones, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
	if (result.reason === 'answered') redirect(303, to.answeredHref ?? '/board/scrutiny');
	error(404, 'Page not found');
}

/**
 * The delete confirmation's action: deletes the item as it was shown, then back to its list;
 * or says it changed (the page then shows it as it is now). Any item not the board's is not
 * found.
 */
export async function removed(
	event: RequestEvent,
	item: {
		find: (scope: Scope) => Promise<{ cycleId: string; districtId: string | null } | undefined>;
		remove: (scope: Scope, version: number) => Promise<RemoveResult | typeof ANSWERED>;
	},
	back: { list: ScrutinyList; done: string }
) {
	const scope = await boardMember(event);
	const found = await item.find(scope);
	if (!found) error(404, 'Page not found');
	const form = await superValidate(event.request, zod4(removalSchema));
	if (!form.valid) return fail(400, { stale: true });
	const result = await item.remove(scope, form.data.version);
	if (result.ok) redirect(303, boardListHref(found, back.list, back.done));
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'answered') return fail(409, { answered: true });
	return fail(409, { stale: true });
}
