import { formatDate } from '../../domain/dates';
import { EVALUATION_STATUS_LABELS } from '../../domain/evaluation';
import type { ScaleLevel } from '../../domain/framework';
import type { EvaluationExport } from './evaluation-csv';
import {
	bottomOf,
	BRAND,
	contentWidth,
	dateTime,
	INK,
	keepTogether,
	labelled,
	LINE,
	longDate,
	MARGIN,
	printable,
	renderPdf,
	SOFT,
	write,
	type Doc
} from './pdf';

type Section = EvaluationExport['sections'][number];
type Criterion = Section['criteria'][number];

const STATUTORY = '#8a1c14';

const levelOf = (scale: readonly ScaleLevel[], value: number | null) =>
	value === null ? undefined : scale.find((l) => l.value === value);
const labelOf = (scale: readonly ScaleLevel[], value: number | null) =>
	value === null ? 'Not rated' : (levelOf(scale, value)?.label ?? `Level ${value}`);

function titleBlock(doc: Doc, data: EvaluationExport, generatedAt: Date) {
	const { context, evaluation } = data;
	write(doc, 'Inclusion self-evaluation', 'Helvetica-Bold', 12, BRAND, 0.3);
	write(doc, context.settingName, 'Helvetica-Bold', 24, INK, 0.2);
	write(doc, `${context.cycleName} cycle`, 'Helvetica', 16, SOFT, 1);
	labelled(doc, 'Framework', `${context.frameworkName}, ${context.versionLabel}`);
	const status = EVALUATION_STATUS_LABELS[evaluation.status];
	labelled(
		doc,
		'Status',
		evaluation.signedOffAt ? `${status} on ${longDate.format(evaluation.signedOffAt)}` : status
	);
	labelled(doc, 'Generated', dateTime.format(generatedAt));
	doc.moveDown(1.5);
}

const COLUMNS = [
	{ title: 'Section', share: 0.32 },
	{ title: 'Summary level', share: 0.2 },
	{ title: 'Rated', share: 0.1 },
	{ title: 'Why', share: 0.38 }
];
const CELL_PAD = 4;

/** One table row, moved to a new page (with the header again) when it does not fit. */
function tableRow(doc: Doc, cells: string[], header: boolean, swatch?: string) {
	const width = contentWidth(doc);
	const widths = COLUMNS.map((c) => c.share * width - CELL_PAD * 2);
	doc.font(header ? 'Helvetica-Bold' : 'Helvetica').fontSize(9.5);
	const swatchWidth = swatch ? 12 : 0;
	const heights = cells.map((text, i) =>
		doc.heightOfString(printable(text), { width: widths[i]! - (i === 1 ? swatchWidth : 0) })
	);
	const height = Math.max(...heights) + CELL_PAD * 2;
	if (!header && doc.y + height > bottomOf(doc)) {
		doc.addPage();
		tableRow(
			doc,
			COLUMNS.map((c) => c.title),
			true
		);
	}
	const top = doc.y;
	if (header) doc.rect(MARGIN, top, width, height).fill('#f4f6f5');
	let x = MARGIN;
	cells.forEach((text, i) => {
		let textX = x + CELL_PAD;
		if (i === 1 && swatch) {
			doc.rect(textX, top + CELL_PAD + 1.5, 8, 8).fill(swatch);
			textX += swatchWidth;
		}
		doc
			.font(header ? 'Helvetica-Bold' : 'Helvetica')
			.fillColor(INK)
			.text(printable(text), textX, top + CELL_PAD, {
				width: widths[i]! - (textX - x - CELL_PAD)
			});
		x += COLUMNS[i]!.share * width;
	});
	doc
		.moveTo(MARGIN, top + height)
		.lineTo(MARGIN + width, top + height)
		.lineWidth(0.5)
		.strokeColor(LINE)
		.stroke();
	doc.x = MARGIN;
	doc.y = top + height;
}

function summaryTable(doc: Doc, data: EvaluationExport) {
	const { scale } = data.context;
	write(doc, 'Section summary', 'Helvetica-Bold', 16, INK, 0.4);
	tableRow(
		doc,
		COLUMNS.map((c) => c.title),
		true
	);
	for (const s of data.sections) {
		tableRow(
			doc,
			[
				`${s.code} ${s.title}`,
				labelOf(scale, s.summary.level),
				`${s.summary.rated} of ${s.summary.total}`,
				s.summary.reason
			],
			false,
			levelOf(scale, s.summary.level)?.colour
		);
	}
}

function criterionBlock(doc: Doc, c: Criterion, scale: readonly ScaleLevel[]) {
	keepTogether(doc, 110);
	write(doc, `${c.code}  ${c.title}`, 'Helvetica-Bold', 11.5, INK, 0.15);
	if (c.statutory) write(doc, 'Statutory requirement', 'Helvetica-Bold', 9.5, STATUTORY, 0.15);
	labelled(doc, 'Rating', labelOf(scale, c.rating));
	const target =
		c.targetRating === null && c.targetDate === null
			? 'None set'
			: [
					c.targetRating === null ? null : labelOf(scale, c.targetRating),
					c.targetDate === null ? null : `by ${formatDate(c.targetDate)}`
				]
					.filter(Boolean)
					.join(' ');
	labelled(doc, 'Target', target);
	doc.moveDown(0.3);
	for (const [label, text] of [
		['Evidence', c.narrative],
		['Next steps', c.nextSteps]
	] as const) {
		keepTogether(doc, 30);
		write(doc, label, 'Helvetica-Bold', 10, SOFT, 0.1);
		if (text.trim()) write(doc, text.trim(), 'Helvetica', 10.5, INK, 0.4);
		else write(doc, 'None recorded.', 'Helvetica-Oblique', 10.5, SOFT, 0.4);
	}
	doc
		.moveTo(MARGIN, doc.y)
		.lineTo(MARGIN + contentWidth(doc), doc.y)
		.lineWidth(0.5)
		.strokeColor(LINE)
		.stroke();
	doc.moveDown(0.8);
}

function sectionPages(doc: Doc, data: EvaluationExport) {
	const { scale } = data.context;
	doc.addPage();
	data.sections.forEach((s, i) => {
		// Sections follow on, but a heading never sits alone at the foot of a page.
		if (i > 0) {
			doc.moveDown(1);
			keepTogether(doc, 190);
		}
		write(doc, `${s.code}  ${s.title}`, 'Helvetica-Bold', 16, INK, 0.3);
		labelled(doc, 'Summary level', labelOf(scale, s.summary.level));
		write(
			doc,
			`${s.summary.reason} ${s.summary.rated} of ${s.summary.total} rated.`,
			'Helvetica',
			10.5,
			SOFT,
			1
		);
		for (const c of s.criteria) criterionBlock(doc, c, scale);
	});
}

/**
 * The evaluation as a PDF: a title block, the section summary table, then every section with
 * every criterion's rating, target, evidence narrative and next steps, numbered pages.
 */
export function evaluationPdf(data: EvaluationExport, generatedAt = new Date()): Promise<Buffer> {
	const { settingName, cycleName, frameworkName, versionLabel } = data.context;
	return renderPdf(
		{
			title: `${settingName}: ${cycleName} self-evaluation`,
			subject: `${frameworkName}, ${versionLabel}`,
			generatedAt
		},
		(doc) => {
			titleBlock(doc, data, generatedAt);
			summaryTable(doc, data);
			sectionPages(doc, data);
		}
	);
}
