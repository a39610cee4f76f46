/**
 * Reading an uploaded CSV file whose columns are found by their header: decoding the bytes
 * as spreadsheets save them, finding the columns, and numbering rows as a spreadsheet does.
 * Pure; each import says in its own words where a good file comes from.
 */

import { CsvError, parse } from 'csv-parse/sync';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** How an import's messages speak of its file. */
export interface CsvWording {
	/** What to do when the file cannot be read at all: "Upload the CSV file you downloaded from GIAS". */
	retry: string;
	/** Where a file with every column comes from: "Download the … CSV from GIAS, which has them". */
	columnsFrom: string;
	/** What the data rows are, for a file that has none: "establishments". */
	rowNoun: string;
}

/** One data row; `line` is its row number in a spreadsheet (header = 1). */
export interface CsvRow<K extends string> {
	line: number;
	fieldCount: number;
	values: Record<K, string>;
}

export interface CsvFile<K extends string> {
	columnCount: number;
	rows: CsvRow<K>[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Windows-1252 puts curly quotes, dashes and the euro sign at 0x80-0x9F where Latin-1 has
// control codes. Node 20's TextDecoder decodes "windows-1252" as Latin-1, so map them here.
// prettier-ignore
const WINDOWS_1252_80_9F = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

function decodeWindows1252(bytes: Uint8Array): string {
	const codes = Array.from(bytes, (b) =>
		b >= 0x80 && b <= 0x9f ? WINDOWS_1252_80_9F[b - 0x80]! : b
	);
	let text = '';
	// In slices: a spread of millions of arguments would overflow the stack.
	for (let i = 0; i < codes.length; i += 8192) {
		text += String.fromCharCode(...codes.slice(i, i + 8192));
	}
	return text;
}

/**
 * The text of an uploaded file. Spreadsheets save UTF-8 (often with a byte order mark) or
 * Windows-1252; anything that is not valid UTF-8 is read as Windows-1252, which accepts
 * every byte. UTF-16 and binary files (a spreadsheet renamed .csv, say) are refused.
 */
export function decodeCsvFile(
	bytes: Uint8Array,
	wording: Pick<CsvWording, 'retry'>
): Outcome<string> {
	if (bytes.length === 0) return { ok: false, error: 'The selected file is empty' };
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
		return {
			ok: false,
			error:
				'The selected file is saved as UTF-16 text. Save it as "CSV UTF-8" or "CSV (comma delimited)" and try again'
		};
	}
	if (bytes.includes(0)) {
		return { ok: false, error: `The selected file is not a CSV file. ${wording.retry}` };
	}
	let text: string;
	try {
		text = utf8.decode(bytes);
	} catch {
		text = decodeWindows1252(bytes);
	}
	if (text.trim() === '') return { ok: false, error: 'The selected file is empty' };
	return { ok: true, value: text };
}

const headerKey = (header: string) => header.trim().toLowerCase();

/** The header names a file lacks of those given, compared as the reader compares them. */
export function missingColumns(header: readonly string[], names: readonly string[]): string[] {
	const present = new Set(header.map(headerKey));
	return names.filter((name) => !present.has(headerKey(name)));
}

/** "the column X" or "these columns: X, Y". */
const columnList = (names: readonly string[]) =>
	`${names.length === 1 ? 'the column' : 'these columns'}: ${names.join(', ')}`;

/**
 * The rows of a CSV, found by header name (any order, any case, extra columns ignored;
 * blank rows skipped but counted). A missing column is an error for the whole file:
 * importing without it would blank that field on every row. `explain` may add to that
 * message, say when the header is another file's. At most `maxRows` rows are read.
 */
export function readCsvColumns<K extends string>(
	text: string,
	columns: Record<K, string>,
	wording: CsvWording,
	options: { maxRows?: number; explain?: (header: string[]) => string | null } = {}
): Outcome<CsvFile<K>> {
	let records: string[][];
	try {
		records = parse(text, { bom: true, relax_column_count: true, relax_quotes: true });
	} catch (err) {
		if (!(err instanceof CsvError)) throw err;
		// With relaxed quoting, an unclosed quote is about the only way a CSV fails to parse.
		const where =
			err.code === 'CSV_QUOTE_NOT_CLOSED'
				? ': a value starts with a quote mark that is never closed'
				: '';
		return {
			ok: false,
			error: `The selected file could not be read as a CSV file${where}. ${wording.retry}`
		};
	}
	const [header, ...data] = records;
	if (!header) return { ok: false, error: 'The selected file is empty' };

	const fields = Object.entries(columns) as [K, string][];
	const missing = missingColumns(
		header,
		fields.map(([, name]) => name)
	);
	if (missing.length) {
		const explained = options.explain?.(header);
		return {
			ok: false,
			error: `The selected file is missing ${columnList(missing)}. ${explained ?? wording.columnsFrom}`
		};
	}
	const positions = new Map<string, number>();
	header.forEach((name, i) => {
		if (!positions.has(headerKey(name))) positions.set(headerKey(name), i);
	});

	const rows: CsvRow<K>[] = [];
	for (const [i, record] of data.entries()) {
		// A blank row in a spreadsheet holds nothing to import.
		if (record.every((value) => value.trim() === '')) continue;
		if (options.maxRows !== undefined && rows.length === options.maxRows) {
			return {
				ok: false,
				error: `The selected file has more than ${options.maxRows.toLocaleString('en-GB')} ${wording.rowNoun}. Split it into smaller files and import each one`
			};
		}
		const values = {} as Record<K, string>;
		for (const [field, name] of fields) {
			values[field] = (record[positions.get(headerKey(name))!] ?? '').trim();
		}
		rows.push({ line: i + 2, fieldCount: record.length, values });
	}
	if (!rows.length) {
		return { ok: false, error: `The selected file has a header row but no ${wording.rowNoun}` };
	}
	return { ok: true, value: { columnCount: header.length, rows } };
}

/**
 * Why a row's values cannot be matched to columns, if they cannot: a row with more or
 * fewer values than the header has been shifted, which makes every other check meaningless.
 */
export const misalignment = (row: { fieldCount: number }, columnCount: number) =>
	row.fieldCount === columnCount
		? null
		: `This row has ${row.fieldCount} values but the header has ${columnCount} columns, so its values cannot be matched to columns`;
