import { error, redirect } from '@sveltejs/kit';
import { GIAS_PREVIEW_ROWS, isGiasPart, planPart } from '$lib/domain/gias';
import { pageParam } from '$lib/domain/paging';
import { requireLaStaff } from '$lib/server/auth/guards';
import { getGiasBatch } from '$lib/server/services/gias-import';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const { batchId, part } = event.params;
	if (!isGiasPart(part)) error(404, 'Page not found');
	const batch = await getGiasBatch(scope, batchId);
	if (!batch) error(404, 'Page not found');
	// Once applied or cancelled, the batch page says how it ended; there is no plan to list.
	if (batch.status !== 'previewed') redirect(303, `/la/settings/import/${batchId}`);
	const page = pageParam(event.url.searchParams);
	const start = (page - 1) * GIAS_PREVIEW_ROWS;
	return {
		batch: { id: batch.id, fileName: batch.fileName },
		rows: planPart(batch.plan, part, start, start + GIAS_PREVIEW_ROWS),
		total: batch.counts[part],
		page,
		pageSize: GIAS_PREVIEW_ROWS
	};
}) satisfies PageServerLoad;
