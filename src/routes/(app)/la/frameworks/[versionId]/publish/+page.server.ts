import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { versionStampSchema } from '$lib/schemas/frameworks';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getVersion, publish, publishProblems } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const { versionId } = event.params;
	const [version, problems] = await Promise.all([
		getVersion(scope, versionId),
		publishProblems(scope, versionId)
	]);
	if (!version) error(404, 'Page not found');
	return { version, problems: problems ?? [] };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const { versionId } = event.params;
		const form = await superValidate(event.request, zod4(versionStampSchema));
		if (!form.valid) return fail(400, { stale: true });
		const result = await publish(scope, versionId, form.data.version);
		if (result.ok) redirect(303, `/la/frameworks/${versionId}?done=published`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'not-draft') return fail(409, { frozen: result.status });
		if (result.reason === 'problems') return fail(400, { problems: result.problems });
		return fail(409, { stale: true });
	}
} satisfies Actions;
