import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	sectionFormSchema,
	type DraftFormMessage,
	type SectionForm
} from '$lib/schemas/frameworks';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { addSection, getVersion } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad } from './$types';

type Message = DraftFormMessage<undefined>;

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const version = await getVersion(scope, event.params.versionId);
	if (!version) error(404, 'Page not found');
	const form = await superValidate<SectionForm, Message>(
		{ code: '', title: '', description: '', version: version.version },
		zod4(sectionFormSchema),
		{ errors: false }
	);
	return { version, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const { versionId } = event.params;
		const form = await superValidate<SectionForm, Message>(event.request, zod4(sectionFormSchema));
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = await addSection(scope, versionId, version, input);
		if (result.ok)
			redirect(303, `/la/frameworks/${versionId}?done=section-added#section-${result.id}`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		if (result.reason === 'not-draft')
			return message(form, { frozen: result.status }, { status: 409 });
		// Nothing of the section exists yet, so adding it again on the newer draft loses nothing.
		form.data.version = result.version;
		return message(form, { stale: true }, { status: 409 });
	}
} satisfies Actions;
