import { error, fail, redirect } from '@sveltejs/kit';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { retire } from '$lib/server/services/frameworks';
import { donePath, loadVersion } from '../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { version } = await loadVersion(event);
	return { version };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const { versionId } = event.params;
		const result = await retire(scope, versionId);
		if (result.ok) redirect(303, donePath(versionId, 'retired'));
		if (result.reason === 'not-found') error(404, 'Page not found');
		return fail(409, { status: result.status });
	}
} satisfies Actions;
