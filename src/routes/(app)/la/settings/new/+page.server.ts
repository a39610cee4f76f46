import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	settingFormSchema,
	type SettingForm,
	type SettingFormMessage
} from '$lib/schemas/settings';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { createSetting } from '$lib/server/services/settings';
import { structureOptions } from '$lib/server/services/structure';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	const [options, form] = await Promise.all([
		structureOptions(scope),
		superValidate<SettingForm, SettingFormMessage>(zod4(settingFormSchema))
	]);
	return { options, form };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate<SettingForm, SettingFormMessage>(
			event.request,
			zod4(settingFormSchema)
		);
		if (!form.valid) return fail(400, { form });
		const result = await createSetting(scope, form.data);
		if (!result.ok) {
			if (result.reason !== 'invalid') error(404, 'Page not found');
			setError(form, result.field, result.message);
			return message(form, { urnOwner: result.urnOwner }, { status: 400 });
		}
		redirect(303, `/la/settings/${result.id}?done=created`);
	}
} satisfies Actions;
