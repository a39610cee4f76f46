import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import {
	fail,
	message,
	setError,
	superValidate,
	type FormPathLeavesWithErrors,
	type SuperValidated
} from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	evidenceFileSchema,
	evidenceLinkSchema,
	evidenceRemoveSchema,
	type EvidenceFileInput,
	type EvidenceLinkInput
} from '$lib/schemas/evidence';
import { requireScope } from '$lib/server/auth/guards';
import {
	addEvidenceFile,
	addEvidenceLink,
	evidenceForCriterion,
	removeEvidence,
	type AddEvidenceResult
} from '$lib/server/services/evidence';
import type { Actions, PageServerLoad } from './$types';

const LOCKED_MESSAGE =
	'This self-evaluation has been submitted or signed off, so its evidence can no longer change.';

type Params = { evaluationId: string; criterionId: string };
const criterionPath = (p: Params) => `/self-evaluation/${p.evaluationId}/criteria/${p.criterionId}`;

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const { evaluationId, criterionId } = event.params;
	const page = await evidenceForCriterion(scope, evaluationId, criterionId);
	if (!page) error(404, 'Page not found');
	// Removing is two steps without JavaScript: ?remove=<id> asks, the form then does it.
	const asked = event.url.searchParams.get('remove');
	const confirming = page.items.find((item) => item.id === asked && item.canRemove);
	const [linkForm, fileForm] = await Promise.all([
		superValidate<EvidenceLinkInput, string>(zod4(evidenceLinkSchema), { id: 'link' }),
		superValidate<EvidenceFileInput, string>(zod4(evidenceFileSchema), { id: 'file' })
	]);
	return { ...page, confirmingId: confirming?.id ?? null, linkForm, fileForm };
}) satisfies PageServerLoad;

/** Where to go after an add: back to the criterion, or this page to add more. */
function added(event: RequestEvent<Params>, formData: FormData): never {
	const here = formData.get('return') === 'evidence';
	const path = criterionPath(event.params) + (here ? '/evidence' : '');
	redirect(303, `${path}?done=evidence-added`);
}

/** The answer for an add the service refused, naming the form's field for its own. */
function refused<T extends Record<string, unknown>>(
	form: SuperValidated<T, string>,
	result: Exclude<AddEvidenceResult, { ok: true }>,
	field: (name: 'title' | 'url' | 'file') => FormPathLeavesWithErrors<T>
) {
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'locked') return message(form, LOCKED_MESSAGE, { status: 409 });
	return setError(form, field(result.field), result.message);
}

export const actions = {
	link: async (event) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const formData = await event.request.formData();
		const form = await superValidate<EvidenceLinkInput, string>(
			formData,
			zod4(evidenceLinkSchema),
			{
				id: 'link'
			}
		);
		if (!form.valid) return fail(400, { form });
		const { evaluationId, criterionId } = event.params;
		const result = await addEvidenceLink(scope, evaluationId, criterionId, form.data);
		if (result.ok) added(event, formData);
		return refused(form, result, (name) => (name === 'url' ? 'url' : 'title'));
	},
	file: async (event) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const formData = await event.request.formData();
		const form = await superValidate<EvidenceFileInput, string>(
			formData,
			zod4(evidenceFileSchema),
			{
				id: 'file'
			}
		);
		// Superforms reads a zero-byte file as no file at all; tell the two apart.
		const chosen = formData.get('file');
		if (chosen instanceof File && chosen.name && chosen.size === 0) {
			return setError(form, 'file', 'The selected file is empty', { overwrite: true });
		}
		if (!form.valid) return fail(400, { form });
		const { evaluationId, criterionId } = event.params;
		const { fileTitle, file } = form.data;
		const result = await addEvidenceFile(scope, evaluationId, criterionId, {
			title: fileTitle,
			file
		});
		if (result.ok) added(event, formData);
		return refused(form, result, (name) => (name === 'title' ? 'fileTitle' : 'file'));
	},
	remove: async (event) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const form = await superValidate(event.request, zod4(evidenceRemoveSchema), { id: 'remove' });
		if (!form.valid) error(404, 'Page not found');
		const result = await removeEvidence(scope, event.params.evaluationId, form.data.evidenceId);
		if (result.ok) redirect(303, `${criterionPath(event.params)}/evidence?done=evidence-removed`);
		if (result.reason === 'not-found') error(404, 'Page not found');
		if (result.reason === 'not-allowed') error(403, 'You can only remove evidence you added.');
		return fail(409, { removeError: LOCKED_MESSAGE });
	}
} satisfies Actions;
