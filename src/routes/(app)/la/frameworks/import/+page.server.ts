import { redirect } from '@sveltejs/kit';
import { fail, message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { frameworkUploadSchema } from '$lib/schemas/frameworks';
import { requireLaAdmin } from '$lib/server/auth/guards';
import type { ExistingDraft, FileProblem } from '$lib/server/services/framework-files';
import { importFile } from '$lib/server/services/frameworks';
import type { Actions, PageServerLoad } from './$types';

interface Message {
	fileName: string;
	problems?: FileProblem[];
	draft?: ExistingDraft & { frameworkName: string };
}

export const load = (async (event) => {
	await requireLaAdmin(event);
	return { form: await superValidate<{ file: File }, Message>(zod4(frameworkUploadSchema)) };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const scope = await requireLaAdmin(event);
		const formData = await event.request.formData();
		const form = await superValidate<{ file: File }, Message>(
			formData,
			zod4(frameworkUploadSchema)
		);
		// Superforms reads a zero-byte file as no file at all; tell the two apart.
		const chosen = formData.get('file');
		if (chosen instanceof File && chosen.name && chosen.size === 0) {
			return setError(form, 'file', 'The selected file is empty', { overwrite: true });
		}
		// Superforms' fail() leaves the file out of what goes back to the browser.
		if (!form.valid) return fail(400, { form });
		const { file } = form.data;
		const result = await importFile(scope, new Uint8Array(await file.arrayBuffer()));
		if (result.ok) redirect(303, `/la/frameworks/${result.id}?done=imported`);
		const fileName = file.name;
		if (result.reason === 'draft-exists') {
			setError(form, 'file', `${result.frameworkName} already has a draft`);
			return message(
				form,
				{ fileName, draft: { ...result.draft, frameworkName: result.frameworkName } },
				{ status: 409 }
			);
		}
		const n = result.problems.length;
		setError(form, 'file', `The file has ${n === 1 ? 'a problem' : `${n} problems`}, listed below`);
		return message(form, { fileName, problems: result.problems }, { status: 400 });
	}
} satisfies Actions;
