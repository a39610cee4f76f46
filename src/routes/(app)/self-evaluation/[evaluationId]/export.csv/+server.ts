import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { evaluationCsv } from '$lib/server/export/evaluation-csv';
import { downloadResponse, exportDisposition } from '$lib/server/export/file-name';
import { evaluationExport } from '$lib/server/services/evaluations';
import type { RequestHandler } from './$types';

/** Every criterion's judgement as CSV, one row each, to open in a spreadsheet. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const data = await evaluationExport(scope, event.params.evaluationId);
	if (!data) error(404, 'Page not found');
	const csv = new TextEncoder().encode(evaluationCsv(data));
	return downloadResponse(
		csv,
		'text/csv; charset=utf-8',
		exportDisposition(data.context.settingName, data.context.cycleName, 'csv')
	);
};
