import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { kindFromSegment, listHref, unitSchema } from '$lib/schemas/structure';
import type { Scope } from '$lib/server/auth/guards';
import { saveUnit } from '$lib/server/services/structure';

/**
 * The save action of both the add page (id null) and the change page: they differ only in that
 * and in the notice the list shows afterwards. The caller's guard gives the scope.
 */
export async function saveUnitForm(
	scope: Scope,
	event: Pick<RequestEvent<{ kind: string }>, 'params' | 'request'>,
	id: string | null
) {
	const kind = kindFromSegment(event.params.kind) ?? error(404, 'Page not found');
	const form = await superValidate(event.request, zod4(unitSchema));
	if (!form.valid) return fail(400, { form });
	const result = await saveUnit(scope, kind, id, form.data);
	if (!result.ok) {
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		error(404, 'Page not found');
	}
	redirect(303, `${listHref(kind)}?done=${kind}-${id === null ? 'added' : 'saved'}`);
}
