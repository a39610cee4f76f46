import { stringify } from 'csv-stringify/sync';
import { neutraliseRows, UTF8_BOM, type CsvValue } from '../../domain/csv';
import type { ScaleLevel } from '../../domain/framework';
import type { evaluationExport } from '../services/evaluations';

/** Everything the PDF and CSV exports are built from. */
export type EvaluationExport = NonNullable<Awaited<ReturnType<typeof evaluationExport>>>;

/** The CSV's first row: a column per part of a criterion's judgement. */
export const EVALUATION_CSV_HEADER = [
	'Section code',
	'Section title',
	'Criterion code',
	'Criterion title',
	'Statutory',
	'Rating',
	'Rating label',
	'Evidence narrative',
	'Next steps',
	'Target rating',
	'Target date'
];

const labelOf = (scale: readonly ScaleLevel[], value: number | null) =>
	value === null ? '' : (scale.find((l) => l.value === value)?.label ?? String(value));

/**
 * The evaluation as CSV, one row per criterion in framework order, with a byte-order mark so
 * Excel reads it as UTF-8 and every text cell neutralised so none can run as a formula.
 */
export function evaluationCsv(data: EvaluationExport): string {
	const { scale } = data.context;
	const rows: CsvValue[][] = data.sections.flatMap((section) =>
		section.criteria.map((c) => [
			section.code,
			section.title,
			c.code,
			c.title,
			c.statutory,
			c.rating,
			labelOf(scale, c.rating),
			c.narrative,
			c.nextSteps,
			labelOf(scale, c.targetRating),
			c.targetDate
		])
	);
	return (
		UTF8_BOM +
		stringify(neutraliseRows([EVALUATION_CSV_HEADER, ...rows]), { record_delimiter: 'windows' })
	);
}
