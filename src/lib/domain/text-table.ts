/** A table as the page prints it: the CSV exports write the same text, cell for cell. */
export interface TextTable {
	/** What the table shows, as a caption or a CSV heading. */
	title: string;
	header: string[];
	rows: string[][];
}
