import { impactTable, planItemsTable, planSummaryTable } from '$lib/domain/cpd-plan-tables';
import { requireScope } from '$lib/server/auth/guards';
import { planAbout } from '$lib/server/export/cpd-plan-pdf';
import { attachmentDisposition, downloadResponse } from '$lib/server/export/file-name';
import { CSV_CONTENT_TYPE, tablesCsv } from '$lib/server/export/tables-csv';
import { planToExport } from '../export.server';
import type { RequestHandler } from './$types';

/** The cycle's CPD plan as a CSV: the totals, every activity and the impact reviews. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const plan = await planToExport(scope, event.url);
	const tables = [
		planSummaryTable(plan.totals),
		planItemsTable(plan.items, plan.scale),
		impactTable(plan.items, plan.scale)
	];
	return downloadResponse(
		tablesCsv(planAbout(plan, new Date()), tables, { suppressed: false }),
		CSV_CONTENT_TYPE,
		attachmentDisposition([plan.settingName, plan.cycle.name, 'cpd-plan'], 'csv')
	);
};
