import { error, fail, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { boardForDeletion, deleteBoard } from '$lib/server/services/boards';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const board = await boardForDeletion(scope, event.params.id);
	if (!board) error(404, 'Page not found');
	return { board };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const result = await deleteBoard(scope, event.params.id);
		if (result.ok) redirect(303, '/la/boards?done=deleted');
		if (result.reason === 'not-found') error(404, 'Page not found');
		return fail(409, { roles: result.roles });
	}
} satisfies Actions;
