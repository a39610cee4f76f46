/** A column of an import preview's table; a number column's heading and cells align right. */
export interface Column {
	header: string;
	number?: boolean;
}

/** A row named by the values of its label columns (the URN and name, or a reference). */
export interface LabelledRow {
	line: number;
	labels: (string | number)[];
}
