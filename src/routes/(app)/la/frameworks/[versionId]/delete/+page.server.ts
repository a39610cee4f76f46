import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { versionStampSchema } from '$lib/schemas/frameworks';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { deleteDraft, getVersion } from '$lib/server/services/frameworks';
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
		const form = await superValidate(event.request, zod4(versionStampSchema));
		if (!form.valid) return fail(400, { stale: true });
		const result = await deleteDraft(scope, event.params.versionId, form.data.version);
		if (result.ok) redirect(303, '/la/frameworks?done=draft-deleted');
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'not-draft') return fail(409, { frozen: result.status });
		return fail(409, { stale: true });
	}
} satisfies Actions;
