import { error, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { GIAS_PARTS, GIAS_PREVIEW_ROWS, planPart } from '$lib/domain/gias';
import { giasConfirmSchema } from '$lib/schemas/gias-import';
import { requireLaAdmin, requireLaStaff } from '$lib/server/auth/guards';
import { applyGiasBatch, cancelGiasBatch, getGiasBatch } from '$lib/server/services/gias-import';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const batch = await getGiasBatch(scope, event.params.batchId);
	if (!batch) error(404, 'Page not found');
	const { id, fileName, createdAt, finishedAt, status } = batch;
	const previewed = batch.status === 'previewed' ? batch : null;
	return {
		batch: { id, fileName, createdAt, finishedAt, status },
		counts: batch.status === 'cancelled' ? null : batch.counts,
		planKey: previewed?.planKey ?? '',
		// Every row that cannot be imported, and the first rows of each other part.
		parts: previewed
			? GIAS_PARTS.map((part) =>
					planPart(previewed.plan, part, 0, part === 'bad' ? Infinity : GIAS_PREVIEW_ROWS)
				)
			: [],
		canChange: scope.membership.role === 'admin',
		form: await superValidate(zod4(giasConfirmSchema))
	};
}) satisfies PageServerLoad;

export const actions = {
	confirm: async (event) => {
		const scope = await requireLaAdmin(event);
		const form = await superValidate(event.request, zod4(giasConfirmSchema));
		const result = await applyGiasBatch(scope, event.params.batchId, form.data.plan);
		if (!result) error(404, 'Page not found');
		if (result.outcome === 'changed') {
			return message(
				form,
				'Settings have changed since this preview was made, so nothing was imported. Check the preview again, then confirm',
				{ status: 409 }
			);
		}
		if (result.outcome === 'failed') {
			return message(
				form,
				'The import could not be finished, so no settings were changed. Someone may have changed settings at the same time. Check the preview again, then confirm',
				{ status: 409 }
			);
		}
		// Applied now or before (a second click): the page shows how the batch finished.
		redirect(303, event.url.pathname);
	},
	cancel: async (event) => {
		const scope = await requireLaAdmin(event);
		const result = await cancelGiasBatch(scope, event.params.batchId);
		if (!result) error(404, 'Page not found');
		redirect(303, event.url.pathname);
	}
} satisfies Actions;
