import { redirect } from '@sveltejs/kit';
import { fail, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { giasUploadSchema } from '$lib/schemas/gias-import';
import { requireLaAdmin } from '$lib/server/auth/guards';
import { uploadGiasFile } from '$lib/server/services/gias-import';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaAdmin(event);
	return {
		tenantName: scope.membership.tenantName,
		form: await superValidate(zod4(giasUploadSchema))
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const formData = await event.request.formData();
		const form = await superValidate(formData, zod4(giasUploadSchema));
		// Superforms reads a zero-byte file as no file at all; tell the two apart.
		const chosen = formData.get('file');
		if (chosen instanceof File && chosen.name && chosen.size === 0) {
			return setError(form, 'file', 'The selected file is empty', { overwrite: true });
		}
		// Superforms' fail() leaves the file out of what goes back to the browser.
		if (!form.valid) return fail(400, { form });
		const { file } = form.data;
		const result = await uploadGiasFile(scope, {
			name: file.name,
			bytes: new Uint8Array(await file.arrayBuffer())
		});
		if (!result.ok) return setError(form, 'file', result.error);
		redirect(303, `/la/settings/import/${result.value}`);
	}
} satisfies Actions;
