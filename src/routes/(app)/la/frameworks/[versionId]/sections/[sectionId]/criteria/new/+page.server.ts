import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	criterionErrorPath,
	criterionFormSchema,
	type CriterionForm,
	type DraftFormMessage
} from '$lib/schemas/frameworks';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { addCriterion, getVersion } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad } from './$types';

type Message = DraftFormMessage<undefined>;

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const version = await getVersion(scope, event.params.versionId);
	const section = version?.sections.find((s) => s.id === event.params.sectionId);
	if (!version || !section) error(404, 'Page not found');
	// A new criterion applies where the section's last one does, as a starting point.
	const like = section.criteria.at(-1);
	const form = await superValidate<CriterionForm, Message>(
		{
			sectionId: section.id,
			code: '',
			title: '',
			descriptors: version.scale.map(() => ''),
			statutory: false,
			areasOfNeed: [],
			settingTypes: like?.settingTypes ?? [],
			version: version.version
		},
		zod4(criterionFormSchema),
		{ errors: false }
	);
	return { version, section, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const { versionId } = event.params;
		const form = await superValidate<CriterionForm, Message>(
			event.request,
			zod4(criterionFormSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = await addCriterion(scope, versionId, version, input);
		if (result.ok)
			redirect(303, `/la/frameworks/${versionId}?done=criterion-added#criterion-${result.id}`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid')
			return setError(form, criterionErrorPath(result.field), result.message);
		if (result.reason === 'not-draft')
			return message(form, { frozen: result.status }, { status: 409 });
		// Nothing of the criterion exists yet, so adding it again on the newer draft loses nothing.
		form.data.version = result.version;
		return message(form, { stale: true }, { status: 409 });
	}
} satisfies Actions;
