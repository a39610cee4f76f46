import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { versionStampSchema } from '$lib/schemas/frameworks';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getVersion, updateScale } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const version = await getVersion(scope, event.params.versionId);
	if (!version) error(404, 'Page not found');
	const top = version.scale.length - 1;
	// What would be lost: the descriptors someone has already written for the top level.
	const written = version.sections
		.flatMap((s) => s.criteria)
		.filter((c) => (c.descriptors[top] ?? '').trim() !== '').length;
	return { version, written };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const { versionId } = event.params;
		const form = await superValidate(event.request, zod4(versionStampSchema));
		const version = await getVersion(scope, versionId);
		if (!version) error(404, 'Page not found');
		if (!form.valid) return fail(400, { problem: 'stale' as const });
		const kept = version.scale.slice(0, -1).map(({ label, colour }) => ({ label, colour }));
		const result = await updateScale(scope, versionId, form.data.version, kept);
		if (result.ok) redirect(303, `/la/frameworks/${versionId}?done=level-removed`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'not-draft') return fail(409, { frozen: result.status });
		if (result.reason === 'invalid') return fail(400, { problem: 'too-few' as const });
		return fail(409, { problem: 'stale' as const });
	}
} satisfies Actions;
