/** What a CSV cell may hold before it is written out. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * A spreadsheet treats a cell that starts with one of these as a formula (tab and carriage
 * return because some programs strip them and then see what follows), so text typed into
 * the app could run as a formula on the computer of whoever opens the export.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell made safe to open in a spreadsheet: text that could start a formula gets a
 * leading apostrophe, which spreadsheets read as "this is text"; numbers stay numbers,
 * booleans become yes/no and missing values an empty cell.
 */
export function neutraliseCell(value: CsvValue): string | number {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? value : '';
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Every cell of every row neutralised, ready for a CSV writer. */
export const neutraliseRows = (rows: readonly (readonly CsvValue[])[]): (string | number)[][] =>
	rows.map((row) => row.map(neutraliseCell));

/** The byte-order mark that tells Excel a CSV file is UTF-8, not the Windows code page. */
export const UTF8_BOM = '\uFEFF';
