import { error, fail, redirect } from '@sveltejs/kit';
import { kindFromSegment, listHref } from '$lib/schemas/structure';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { deleteUnit, unitForDeletion } from '$lib/server/services/structure';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const kind = kindFromSegment(event.params.kind) ?? error(404, 'Page not found');
	const unit = await unitForDeletion(scope, kind, event.params.id);
	if (!unit) error(404, 'Page not found');
	return { kind, unit };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const kind = kindFromSegment(event.params.kind) ?? error(404, 'Page not found');
		const result = await deleteUnit(scope, kind, event.params.id);
		if (!result.ok) {
			if (result.reason === 'in-use') return fail(409, { dependents: result.dependents });
			error(404, 'Page not found');
		}
		redirect(303, `${listHref(kind)}?done=${kind}-deleted`);
	}
} satisfies Actions;
