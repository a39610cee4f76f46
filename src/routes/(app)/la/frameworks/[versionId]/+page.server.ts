import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { moveSchema } from '$lib/schemas/frameworks';
import { requireLaAdmin, requireLaStaff } from '$lib/server/auth/guards';
import { moveCriterion, moveSection } from '$lib/server/services/framework-content';
import { createDraft, getVersion, type StepResult } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const version = await getVersion(scope, event.params.versionId);
	if (!version) error(404, 'Page not found');
	return { version, canEdit: scope.membership.role === 'admin' };
}) satisfies PageServerLoad;

/** Moves a section or criterion, then shows the draft again where it moved. */
async function move(event: RequestEvent, kind: 'section' | 'criterion') {
	const scope = await requireLaAdmin(event);
	const form = await superValidate(event.request, zod4(moveSchema));
	if (!form.valid) return fail(400, { problem: 'Choose what to move, and which way.' });
	const { id, direction, version } = form.data;
	const { versionId } = event.params;
	const result: StepResult = await (kind === 'section' ? moveSection : moveCriterion)(
		scope,
		versionId,
		id,
		version,
		direction
	);
	if (result.ok) redirect(303, `/la/frameworks/${versionId}?done=moved#${kind}-${id}`);
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'not-draft') return fail(409, { frozen: result.status });
	return fail(409, {
		problem:
			'Someone else changed this draft while you were looking at it, so nothing was moved. Check the order below and try again.'
	});
}

export const actions = {
	draft: async (event) => {
		const scope = await requireLaAdmin(event);
		const result = await createDraft(scope, event.params.versionId);
		if (result.ok) redirect(303, `/la/frameworks/${result.id}?done=draft-created`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'draft-exists') return fail(409, { draft: result.draft });
		return fail(409, { problem: 'This version is already a draft: change it here.' });
	},
	moveSection: (event) => move(event, 'section'),
	moveCriterion: (event) => move(event, 'criterion')
} satisfies Actions;
