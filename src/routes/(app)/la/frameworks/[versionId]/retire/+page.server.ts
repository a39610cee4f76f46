import { error, fail, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getVersion, retire } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const version = await getVersion(scope, event.params.versionId);
	if (!version) error(404, 'Page not found');
	return { version };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const { versionId } = event.params;
		const result = await retire(scope, versionId);
		if (result.ok) redirect(303, `/la/frameworks/${versionId}?done=retired`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		return fail(409, { status: result.status });
	}
} satisfies Actions;
