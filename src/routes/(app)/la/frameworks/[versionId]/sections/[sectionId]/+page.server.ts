import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	sectionFormSchema,
	type DraftFormMessage,
	type SectionForm,
	type SectionInput
} from '$lib/schemas/frameworks';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getVersion, updateSection } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad } from './$types';

type Message = DraftFormMessage<SectionInput>;

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const version = await getVersion(scope, event.params.versionId);
	const section = version?.sections.find((s) => s.id === event.params.sectionId);
	if (!version || !section) error(404, 'Page not found');
	const { code, title, description } = section;
	const form = await superValidate<SectionForm, Message>(
		{ code, title, description, version: version.version },
		zod4(sectionFormSchema),
		{ errors: false }
	);
	return { version, section, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const { versionId, sectionId } = event.params;
		const form = await superValidate<SectionForm, Message>(event.request, zod4(sectionFormSchema));
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = await updateSection(scope, versionId, sectionId, version, input);
		if (result.ok)
			redirect(303, `/la/frameworks/${versionId}?done=section-saved#section-${result.id}`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid') return setError(form, result.field, result.message);
		if (result.reason === 'not-draft')
			return message(form, { frozen: result.status }, { status: 409 });
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
