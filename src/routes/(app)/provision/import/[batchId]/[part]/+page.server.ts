import { error, redirect } from '@sveltejs/kit';
import { pageParam } from '$lib/domain/paging';
import { IMPORT_PREVIEW_ROWS, isImportPart, planPart } from '$lib/domain/provision-import';
import { getProvisionBatch } from '$lib/server/services/provision-import';
import { allowed, provisionScope } from '../../../access.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const { batchId, part } = event.params;
	if (!isImportPart(part)) error(404, 'Page not found');
	const batch = allowed(await getProvisionBatch(scope, batchId));
	// Once applied or cancelled, the batch page says how it ended; there is no plan to list.
	if (batch.status !== 'previewed') redirect(303, `/provision/import/${batchId}`);
	const page = pageParam(event.url.searchParams);
	const start = (page - 1) * IMPORT_PREVIEW_ROWS;
	return {
		batch: { id: batch.id, kind: batch.kind, fileName: batch.fileName },
		rows: planPart(batch.kind, batch.plan, part, start, start + IMPORT_PREVIEW_ROWS),
		total: batch.counts[part],
		page,
		pageSize: IMPORT_PREVIEW_ROWS
	};
}) satisfies PageServerLoad;
