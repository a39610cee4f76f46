import { error, fail, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { deleteSetting, settingForDeletion } from '$lib/server/services/settings';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const setting = await settingForDeletion(scope, event.params.id);
	if (!setting) error(404, 'Page not found');
	return { setting };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const result = await deleteSetting(scope, event.params.id);
		if (result.ok) redirect(303, '/la/settings?done=deleted');
		if (result.reason === 'not-found') error(404, 'Page not found');
		return fail(409, { roles: result.roles });
	}
} satisfies Actions;
