import { error, fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	versionDetailsSchema,
	type DraftFormMessage,
	type VersionDetailsForm,
	type VersionDetailsInput
} from '$lib/schemas/frameworks';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { getVersion, updateDetails } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad } from './$types';

type Message = DraftFormMessage<VersionDetailsInput>;

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const version = await getVersion(scope, event.params.versionId);
	if (!version) error(404, 'Page not found');
	const { label, notes } = version;
	const form = await superValidate<VersionDetailsForm, Message>(
		{ label, notes, version: version.version },
		zod4(versionDetailsSchema),
		{ errors: false }
	);
	return { version, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const { versionId } = event.params;
		const form = await superValidate<VersionDetailsForm, Message>(
			event.request,
			zod4(versionDetailsSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = await updateDetails(scope, versionId, version, input);
		if (result.ok) redirect(303, `/la/frameworks/${versionId}?done=saved`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'not-draft')
			return message(form, { frozen: result.status }, { status: 409 });
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
