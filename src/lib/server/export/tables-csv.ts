import { stringify } from 'csv-stringify/sync';
import { neutraliseRows, UTF8_BOM, type CsvValue } from '../../domain/csv';
import { SUPPRESSION_NOTE } from '../../domain/suppression';
import type { TextTable } from '../../domain/text-table';

/**
 * Tables as one CSV file: first the lines saying what the file is and (for tables with hidden
 * numbers) what its markers mean, then each table under its title, a blank line between. Text
 * as the page prints it, with a byte-order mark for Excel and every cell neutralised so none
 * can run as a formula.
 */
export function tablesCsv(
	about: readonly string[],
	tables: readonly TextTable[],
	options: { suppressed?: boolean } = {}
): Uint8Array {
	const { suppressed = true } = options;
	const rows: CsvValue[][] = [
		...about.map((line) => [line]),
		...(suppressed ? [[SUPPRESSION_NOTE]] : [])
	];
	for (const table of tables) rows.push([], [table.title], table.header, ...table.rows);
	return new TextEncoder().encode(
		UTF8_BOM + stringify(neutraliseRows(rows), { record_delimiter: 'windows' })
	);
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
