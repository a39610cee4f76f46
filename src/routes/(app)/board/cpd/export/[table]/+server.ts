import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { attachmentDisposition, downloadResponse } from '$lib/server/export/file-name';
import { CSV_CONTENT_TYPE, tablesCsv } from '$lib/server/export/tables-csv';
import { cpdDemandFile } from '$lib/server/services/cpd-demand';
import type { RequestHandler } from './$types';

/** One table of CPD demand as CSV, for the page's cycle. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireScope(event, { kind: 'area_board' });
	const file = await cpdDemandFile(scope, event.params.table, event.url.searchParams);
	if (!file) error(404, 'Page not found');
	return downloadResponse(
		tablesCsv(file.about, [file.table]),
		CSV_CONTENT_TYPE,
		attachmentDisposition(file.fileName, 'csv')
	);
};
