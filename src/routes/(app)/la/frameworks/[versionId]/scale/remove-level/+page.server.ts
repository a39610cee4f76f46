import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { versionStampSchema } from '$lib/schemas/frameworks';
import { updateScale } from '$lib/server/services/framework-content';
import { donePath, loadVersion } from '../../edit.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { version } = await loadVersion(event);
	const top = version.scale.length - 1;
	// What would be lost: the descriptors someone has already written for the top level.
	const written = version.sections
		.flatMap((s) => s.criteria)
		.filter((c) => (c.descriptors[top] ?? '').trim() !== '').length;
	return { version, written };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { scope, version } = await loadVersion(event);
		const form = await superValidate(event.request, zod4(versionStampSchema));
		if (!form.valid) return fail(400, { problem: 'stale' as const });
		const kept = version.scale.slice(0, -1).map(({ label, colour }) => ({ label, colour }));
		const result = await updateScale(scope, version.id, form.data.version, kept);
		if (result.ok) redirect(303, donePath(version.id, 'level-removed'));
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'not-draft') return fail(409, { frozen: result.status });
		if (result.reason === 'invalid') return fail(400, { problem: 'too-few' as const });
		return fail(409, { problem: 'stale' as const });
	}
} satisfies Actions;
