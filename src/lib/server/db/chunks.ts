/** How many rows one multi-row statement writes: far inside Postgres's 65,535 parameters. */
const CHUNK_ROWS = 1000;

/** Rows in runs of at most a thousand, for writing a few statements instead of thousands. */
export function chunked<T>(rows: readonly T[]): T[][] {
	const parts: T[][] = [];
	for (let i = 0; i < rows.length; i += CHUNK_ROWS) parts.push(rows.slice(i, i + CHUNK_ROWS));
	return parts;
}
