import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	criterionErrorPath,
	criterionFormSchema,
	type CriterionForm,
	type CriterionInput,
	type DraftFormMessage
} from '$lib/schemas/frameworks';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { criterionValues, getVersion, updateCriterion } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad } from './$types';

type Message = DraftFormMessage<CriterionInput>;

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const version = await getVersion(scope, event.params.versionId);
	const criterion = version?.sections
		.flatMap((s) => s.criteria)
		.find((c) => c.id === event.params.criterionId);
	if (!version || !criterion) error(404, 'Page not found');
	const form = await superValidate<CriterionForm, Message>(
		{ ...criterionValues(criterion), version: version.version },
		zod4(criterionFormSchema),
		{ errors: false }
	);
	return { version, criterion, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const { versionId, criterionId } = event.params;
		const form = await superValidate<CriterionForm, Message>(
			event.request,
			zod4(criterionFormSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = await updateCriterion(scope, versionId, criterionId, version, input);
		if (result.ok)
			redirect(303, `/la/frameworks/${versionId}?done=criterion-saved#criterion-${result.id}`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid')
			return setError(form, criterionErrorPath(result.field), result.message);
		if (result.reason === 'not-draft')
			return message(form, { frozen: result.status }, { status: 409 });
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
