import { redirect } from '@sveltejs/kit';
import { fail, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { isImportKind } from '$lib/domain/provision-import';
import { provisionUploadSchema } from '$lib/schemas/provision-import';
import { importAccess, uploadProvisionFile } from '$lib/server/services/provision-import';
import { allowed, provisionScope } from '../access.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	allowed(await importAccess(scope));
	// A link from a template's section chooses its kind of file.
	const kind = event.url.searchParams.get('kind') ?? '';
	return {
		form: await superValidate(isImportKind(kind) ? { kind } : {}, zod4(provisionUploadSchema), {
			errors: false
		})
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await provisionScope(event);
		const formData = await event.request.formData();
		const form = await superValidate(formData, zod4(provisionUploadSchema));
		// Superforms reads a zero-byte file as no file at all; tell the two apart.
		const chosen = formData.get('file');
		if (chosen instanceof File && chosen.name && chosen.size === 0) {
			return setError(form, 'file', 'The selected file is empty', { overwrite: true });
		}
		// Superforms' fail() leaves the file out of what goes back to the browser.
		if (!form.valid) return fail(400, { form });
		const { kind, file } = form.data;
		const result = allowed(
			await uploadProvisionFile(scope, kind, {
				name: file.name,
				bytes: new Uint8Array(await file.arrayBuffer())
			})
		);
		if (!result.ok) return setError(form, 'file', result.error);
		redirect(303, `/provision/import/${result.value}`);
	}
} satisfies Actions;
