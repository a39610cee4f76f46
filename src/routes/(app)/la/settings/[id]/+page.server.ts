import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	settingFormSchema,
	type SettingForm,
	type SettingFormMessage
} from '$lib/schemas/settings';
import { requireLaAdmin, requireLaStaff } from '$lib/server/auth/guards';
import { getSetting, settingFormValues, updateSetting } from '$lib/server/services/settings';
import { structureOptions } from '$lib/server/services/structure';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const setting = await getSetting(scope, event.params.id);
	if (!setting) error(404, 'Page not found');
	const [options, form] = await Promise.all([
		structureOptions(scope),
		superValidate<SettingForm, SettingFormMessage>(
			{ ...settingFormValues(setting), version: setting.version },
			zod4(settingFormSchema),
			{ errors: false }
		)
	]);
	return { setting, options, form, canEdit: scope.membership.role === 'admin' };
}) satisfies PageServerLoad;

export const actions = {
	save: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate<SettingForm, SettingFormMessage>(
			event.request,
			zod4(settingFormSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { version, ...input } = form.data;
		const result = await updateSetting(scope, event.params.id, version, input);
		if (result.ok) redirect(303, `/la/settings/${result.id}?done=saved`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'invalid') {
			setError(form, result.field, result.message);
			return message(form, { urnOwner: result.urnOwner }, { status: 400 });
		}
		// Saving again now applies these values over the newer version, knowingly.
		form.data.version = result.version;
		return message(form, { conflict: result.current }, { status: 409 });
	}
} satisfies Actions;
