import { error } from '@sveltejs/kit';
import { boardFilterQuery, isBoardFiltered, type BoardFilter } from '../domain/board-filters';
import { BOARD_TABLE_VIEWS, boardTables, type BoardTableView } from '../domain/board-tables';
import { PHASE_GROUP_LABELS } from '../domain/allocation';
import { SETTING_TYPE_LABELS } from '../domain/organisation';
import { sharedResultsTable } from '../domain/shared-results';
import type { TextTable } from '../domain/text-table';
import { provisionExport } from '../domain/provision-tables';
import { todayInEngland } from '../domain/dates';
import type { Scope } from './auth/guards';
import { attachmentDisposition, downloadResponse } from './export/file-name';
import { CSV_CONTENT_TYPE, tablesCsv } from './export/tables-csv';
import { boardView, type BoardView } from './services/board-picture';
import { cpdDemandFile } from './services/cpd-demand';
import { provisionReport } from './services/provision-aggregates';
import { sharedResults } from './services/board-shared';

// The board's and the LA's district views share one loader and one download: only who may
// open them and where their links point differ.

/** The view of a cycle with its named results; 404 for an unknown cycle or a viewer without one. */
export async function loadBoardView(scope: Scope, params: URLSearchParams) {
	const view = await boardView(scope, params);
	if (!view) error(404, 'Page not found');
	const shared = view.cycle
		? await sharedResults(scope, view.cycle.id, view.filter, view.boardId)
		: [];
	return { ...view, shared: shared ?? [] };
}

/** The query string of a view: its cycle and filters. */
export function viewQuery(view: Pick<BoardView, 'cycle' | 'filter' | 'boardId'>) {
	const query = boardFilterQuery(view.filter);
	if (view.cycle) query.set('cycle', view.cycle.id);
	if (view.boardId) query.set('board', view.boardId);
	return query.toString();
}

/** The filters in words, for a file's heading: "Dover; Primary". */
export function filterWords(view: Pick<BoardView, 'filter' | 'choices'>) {
	const f: BoardFilter = view.filter;
	if (!isBoardFiltered(f)) return 'all settings';
	return [
		view.choices.districts.find((d) => d.value === f.districtId)?.label,
		view.choices.communities.find((c) => c.value === f.communityId)?.label,
		f.phase ? PHASE_GROUP_LABELS[f.phase] : undefined,
		f.settingType ? SETTING_TYPE_LABELS[f.settingType] : undefined
	]
		.filter(Boolean)
		.join('; ');
}

const VIEWS = [...BOARD_TABLE_VIEWS, 'shared'] as const;

/** One view's tables as CSV, suppressed exactly as the page shows them. */
export async function boardDownload(
	scope: Scope,
	name: string,
	params: URLSearchParams,
	whose: string
) {
	if (!(VIEWS as readonly string[]).includes(name)) error(404, 'Page not found');
	const view = await loadBoardView(scope, params);
	if (!view.cycle) error(404, 'There is no evaluation cycle to download yet.');
	const tables: TextTable[] =
		name === 'shared'
			? view.shared.map((f) => ({ title: `Named results: ${f.name}`, ...sharedResultsTable(f) }))
			: view.picture
				? boardTables(view.picture, name as BoardTableView)
				: [];
	const about = [
		`${whose}, ${view.cycle.name}: ${filterWords(view)}`,
		`Downloaded from Inclusio on ${new Date().toISOString().slice(0, 10)}`
	];
	return downloadResponse(
		tablesCsv(about, tables),
		CSV_CONTENT_TYPE,
		attachmentDisposition([whose, view.cycle.name, name], 'csv')
	);
}

/** The provision view's tables as CSV, with the page's grouping, year and filters. */
export async function provisionDownload(scope: Scope, params: URLSearchParams, whose: string) {
	const report = await provisionReport(scope, params);
	if (!report) error(404, 'Page not found');
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
}

/** One table of CPD demand as CSV, for the page's cycle and area. */
export async function cpdDemandDownload(scope: Scope, table: string, params: URLSearchParams) {
	const file = await cpdDemandFile(scope, table, params);
	if (!file) error(404, 'Page not found');
	return downloadResponse(
		tablesCsv(file.about, [file.table]),
		CSV_CONTENT_TYPE,
		attachmentDisposition(file.fileName, 'csv')
	);
}
