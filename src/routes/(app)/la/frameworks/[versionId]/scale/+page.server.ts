import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate, type SuperValidated } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import type { ScaleLevel } from '$lib/domain/framework';
import {
	addLevelSchema,
	scaleSchema,
	type AddLevelForm,
	type DraftFormMessage,
	type ScaleForm
} from '$lib/schemas/frameworks';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getVersion, updateScale } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type Message = DraftFormMessage<ScaleLevel[]>;

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const version = await getVersion(scope, event.params.versionId);
	if (!version) error(404, 'Page not found');
	const [scaleForm, addForm] = await Promise.all([
		superValidate<ScaleForm, Message>(
			{
				labels: version.scale.map((l) => l.label),
				colours: version.scale.map((l) => l.colour),
				version: version.version
			},
			zod4(scaleSchema),
			{ errors: false, id: 'scale' }
		),
		superValidate<AddLevelForm, Message>(
			{ label: '', colour: '#5a2d82', version: version.version },
			zod4(addLevelSchema),
			{ errors: false, id: 'add-level' }
		)
	]);
	return { version, scaleForm, addForm };
}) satisfies PageServerLoad;

/** Saves the levels a form asks for, given the scale as it is now; failures go back to that form. */
async function save<T extends { version: number }>(
	event: RequestEvent,
	form: SuperValidated<T, Message>,
	levels: (current: ScaleLevel[]) => { label: string; colour: string }[],
	done: string
) {
	const scope = await requireLaAdmin(event);
	const { versionId } = event.params;
	const version = await getVersion(scope, versionId);
	if (!version) error(404, 'Page not found');
	const result = await updateScale(scope, versionId, form.data.version, levels(version.scale));
	if (result.ok) redirect(303, `/la/frameworks/${versionId}?done=${done}`);
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'not-draft')
		return message(form, { frozen: result.status }, { status: 409 });
	if (result.reason === 'invalid') return setError(form, result.message);
	form.data.version = result.version;
	return message(form, { conflict: result.current }, { status: 409 });
}

export const actions = {
	save: async (event) => {
		await requireLaAdmin(event);
		const form = await superValidate<ScaleForm, Message>(event.request, zod4(scaleSchema), {
			id: 'scale'
		});
		if (!form.valid) return fail(400, { form });
		const levels = form.data.labels.map((label, i) => ({ label, colour: form.data.colours[i]! }));
		return save(event, form, () => levels, 'scale-saved');
	},
	add: async (event) => {
		await requireLaAdmin(event);
		const form = await superValidate<AddLevelForm, Message>(event.request, zod4(addLevelSchema), {
			id: 'add-level'
		});
		if (!form.valid) return fail(400, { form });
		const { label, colour } = form.data;
		return save(event, form, (current) => [...current, { label, colour }], 'level-added');
	}
} satisfies Actions;
