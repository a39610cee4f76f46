import { requireScope } from '$lib/server/auth/guards';
import { cpdPlanPdf } from '$lib/server/export/cpd-plan-pdf';
import { attachmentDisposition, downloadResponse } from '$lib/server/export/file-name';
import { planToExport } from '../export.server';
import type { RequestHandler } from './$types';

/** The cycle's CPD plan as a PDF for the governors. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const plan = await planToExport(scope, event.url);
	return downloadResponse(
		await cpdPlanPdf(plan),
		'application/pdf',
		attachmentDisposition([plan.settingName, plan.cycle.name, 'cpd-plan'], 'pdf')
	);
};
