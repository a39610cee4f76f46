import { error } from '@sveltejs/kit';
import { isImportKind, templateCsv } from '$lib/domain/provision-import';
import { attachmentDisposition, downloadResponse } from '$lib/server/export/file-name';
import { importAccess } from '$lib/server/services/provision-import';
import { allowed, provisionScope } from '../../../access.server';
import type { RequestHandler } from './$types';

/** The header row of one kind of import file, to fill in in a spreadsheet. */
export const GET: RequestHandler = async (event) => {
	const scope = await provisionScope(event);
	allowed(await importAccess(scope));
	const { kind } = event.params;
	if (!isImportKind(kind)) error(404, 'Page not found');
	return downloadResponse(
		new TextEncoder().encode(templateCsv(kind)),
		'text/csv; charset=utf-8',
		attachmentDisposition(
			['inclusio', kind === 'records' ? 'provision-records' : kind, 'template'],
			'csv'
		)
	);
};
