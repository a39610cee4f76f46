import { redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { IMPORT_PARTS, IMPORT_PREVIEW_ROWS, planPart } from '$lib/domain/provision-import';
import { provisionConfirmSchema } from '$lib/schemas/provision-import';
import {
	applyProvisionBatch,
	cancelProvisionBatch,
	getProvisionBatch
} from '$lib/server/services/provision-import';
import { allowed, provisionScope } from '../../access.server';
import type { Actions, PageServerLoad } from './$types';

const NOT_IMPORTED = {
	invalid: 'Some rows cannot be imported, so nothing was. Correct the file and upload it again',
	changed:
		'The provision records have changed since this check was made, so nothing was imported. Check what the file would do now, then confirm',
	failed:
		'The import could not be finished, so nothing was imported. Someone may have changed the records at the same time. Check what the file would do now, then confirm'
};

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const batch = allowed(await getProvisionBatch(scope, event.params.batchId));
	const { id, kind, fileName, createdAt, finishedAt, status } = batch;
	const previewed = batch.status === 'previewed' ? batch : null;
	return {
		batch: { id, kind, fileName, createdAt, finishedAt, status },
		counts: batch.status === 'cancelled' ? null : batch.counts,
		planKey: previewed?.planKey ?? '',
		// The first rows of each part; the rest are a page of their own.
		parts: previewed
			? IMPORT_PARTS.map((part) => planPart(kind, previewed.plan, part, 0, IMPORT_PREVIEW_ROWS))
			: [],
		form: await superValidate(zod4(provisionConfirmSchema))
	};
}) satisfies PageServerLoad;

export const actions = {
	confirm: async (event) => {
		const scope = await provisionScope(event);
		const form = await superValidate(event.request, zod4(provisionConfirmSchema));
		const result = allowed(await applyProvisionBatch(scope, event.params.batchId, form.data.plan));
		if (
			result.outcome === 'invalid' ||
			result.outcome === 'changed' ||
			result.outcome === 'failed'
		) {
			return message(form, NOT_IMPORTED[result.outcome], { status: 409 });
		}
		// Applied now or before (a second click): the page shows how the batch finished.
		redirect(303, event.url.pathname);
	},
	cancel: async (event) => {
		const scope = await provisionScope(event);
		allowed(await cancelProvisionBatch(scope, event.params.batchId));
		// Cancelled now or finished before: the page shows how the batch ended.
		redirect(303, event.url.pathname);
	}
} satisfies Actions;
