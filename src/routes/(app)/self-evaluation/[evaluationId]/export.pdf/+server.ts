import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/server/auth/guards';
import { evaluationPdf } from '$lib/server/export/evaluation-pdf';
import { downloadResponse, exportDisposition } from '$lib/server/export/file-name';
import { evaluationExport } from '$lib/server/services/evaluations';
import type { RequestHandler } from './$types';

/** The whole self-evaluation as a PDF to save or print. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const data = await evaluationExport(scope, event.params.evaluationId);
	if (!data) error(404, 'Page not found');
	const pdf = await evaluationPdf(data);
	return downloadResponse(
		pdf,
		'application/pdf',
		exportDisposition(data.context.settingName, data.context.cycleName, 'pdf')
	);
};
