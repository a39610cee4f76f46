import { error } from '@sveltejs/kit';
import { todayInEngland } from '$lib/domain/dates';
import { provisionExport } from '$lib/domain/provision-tables';
import { requireLaStaff } from '$lib/server/auth/guards';
import { filterWords } from '$lib/server/board-views';
import { attachmentDisposition, downloadResponse } from '$lib/server/export/file-name';
import { CSV_CONTENT_TYPE, tablesCsv } from '$lib/server/export/tables-csv';
import { provisionReport } from '$lib/server/services/provision-aggregates';
import type { RequestHandler } from './$types';

/** The tables of the county's provision view as CSV, with the page's grouping, year and filters. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireLaStaff(event);
	const report = await provisionReport(scope, event.url.searchParams);
	if (!report) error(404, 'Page not found');
	const whose = scope.membership.tenantName;
	const { about, tables } = provisionExport(report, {
		whose,
		covering: filterWords(report),
		today: todayInEngland()
	});
	return downloadResponse(
		tablesCsv(about, tables),
		CSV_CONTENT_TYPE,
		attachmentDisposition([whose, report.year, 'provision'], 'csv')
	);
};
