import { error, fail } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import type { ScaleLevel } from '$lib/domain/framework';
import {
	addLevelSchema,
	scaleSchema,
	type AddLevelForm,
	type DraftFormMessage,
	type ScaleForm
} from '$lib/schemas/frameworks';
import { requireLaAdmin, type Scope } from '$lib/server/auth/guards';
import { updateScale } from '$lib/server/services/framework-content';
import { getVersion } from '$lib/server/services/frameworks';
import { answer, draftForm, loadVersion } from '../edit.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type Message = DraftFormMessage<ScaleLevel[]>;

export const load = (async (event) => {
	const { version } = await loadVersion(event);
	const [scaleForm, addForm] = await Promise.all([
		draftForm<ScaleForm, ScaleLevel[]>(
			{
				labels: version.scale.map((l) => l.label),
				colours: version.scale.map((l) => l.colour),
				version: version.version
			},
			zod4(scaleSchema),
			'scale'
		),
		draftForm<AddLevelForm, ScaleLevel[]>(
			{ label: '', colour: '#5a2d82', version: version.version },
			zod4(addLevelSchema),
			'add-level'
		)
	]);
	return { version, scaleForm, addForm };
}) satisfies PageServerLoad;

/** Saves the levels a form asks for, given the scale as it is now; failures go back to that form. */
async function save(
	event: RequestEvent,
	scope: Scope,
	version: number,
	levels: (current: ScaleLevel[]) => { label: string; colour: string }[]
) {
	const { versionId } = event.params;
	const current = await getVersion(scope, versionId);
	if (!current) error(404, 'Page not found');
	return updateScale(scope, versionId, version, levels(current.scale));
}

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate<ScaleForm, Message>(event.request, zod4(scaleSchema), {
			id: 'scale'
		});
		if (!form.valid) return fail(400, { form });
		const levels = form.data.labels.map((label, i) => ({ label, colour: form.data.colours[i]! }));
		const result = await save(event, scope, form.data.version, () => levels);
		return answer(form, event.params.versionId, result, {
			done: 'scale-saved',
			errorPath: () => ''
		});
	},
	add: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate<AddLevelForm, Message>(event.request, zod4(addLevelSchema), {
			id: 'add-level'
		});
		if (!form.valid) return fail(400, { form });
		const { label, colour } = form.data;
		const result = await save(event, scope, form.data.version, (now) => [
			...now,
			{ label, colour }
		]);
		return answer(form, event.params.versionId, result, {
			done: 'level-added',
			errorPath: () => ''
		});
	}
} satisfies Actions;
