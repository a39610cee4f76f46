import PDFDocument from 'pdfkit';
import { formatDate } from '../../domain/dates';
import { EVALUATION_STATUS_LABELS } from '../../domain/evaluation';
import type { ScaleLevel } from '../../domain/framework';
import type { EvaluationExport } from './evaluation-csv';

type Doc = PDFKit.PDFDocument;
type Section = EvaluationExport['sections'][number];
type Criterion = Section['criteria'][number];

const INK = '#1b2430';
const SOFT = '#4a5563';
const LINE = '#b7c0c7';
const BRAND = '#0b5563';
const STATUTORY = '#8a1c14';
const MARGIN = 56;
const FOOTER_SPACE = 40;

// The cp1252 characters above Latin-1 that the built-in fonts can draw.
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'.split('').map((c) => c.charCodeAt(0)));
const drawable = (code: number) =>
	code === 10 ||
	(code >= 32 && code < 127) ||
	(code >= 160 && code <= 255) ||
	CP1252_EXTRAS.has(code);

// Letters with a stroke have no decomposition to take the plain letter from.
const STROKED: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i' };

/**
 * The built-in PDF fonts only know the Windows Latin-1 set and turn anything else into
 * garbage, so letters outside it lose their accents ("ő" → "o", "ł" → "l") and anything
 * else becomes "?".
 */
function printable(text: string): string {
	let out = '';
	for (const char of text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')) {
		if (drawable(char.charCodeAt(0)) && char.length === 1) {
			out += char;
			continue;
		}
		const plain = STROKED[char] ?? char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
		out += plain !== '' && [...plain].every((c) => drawable(c.charCodeAt(0))) ? plain : '?';
	}
	return out;
}

const longDate = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'Europe/London'
});
const dateTime = new Intl.DateTimeFormat('en-GB', {
	dateStyle: 'long',
	timeStyle: 'short',
	timeZone: 'Europe/London'
});

const levelOf = (scale: readonly ScaleLevel[], value: number | null) =>
	value === null ? undefined : scale.find((l) => l.value === value);
const labelOf = (scale: readonly ScaleLevel[], value: number | null) =>
	value === null ? 'Not rated' : (levelOf(scale, value)?.label ?? `Level ${value}`);

const bottomOf = (doc: Doc) => doc.page.height - doc.page.margins.bottom;
const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page unless `height` more points fit on this one. */
function keepTogether(doc: Doc, height: number) {
	if (doc.y + height > bottomOf(doc)) doc.addPage();
}

function write(doc: Doc, text: string, font: string, size: number, colour = INK, gap = 0) {
	doc
		.font(font)
		.fontSize(size)
		.fillColor(colour)
		.text(printable(text), { width: contentWidth(doc) });
	if (gap) doc.moveDown(gap);
}

/** "Label: value" on one line, the label in bold. */
function labelled(doc: Doc, label: string, value: string) {
	doc
		.font('Helvetica-Bold')
		.fontSize(11)
		.fillColor(INK)
		.text(`${label}: `, { continued: true, width: contentWidth(doc) })
		.font('Helvetica')
		.text(printable(value));
}

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

/** "Page 2 of 14" and what the document is, at the foot of every page. */
function footers(doc: Doc, data: EvaluationExport) {
	const { start, count } = doc.bufferedPageRange();
	const what = `${data.context.settingName}, ${data.context.cycleName} self-evaluation`;
	for (let i = start; i < start + count; i++) {
		doc.switchToPage(i);
		// Writing inside the bottom margin would otherwise start yet another page.
		const bottom = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		const y = doc.page.height - FOOTER_SPACE;
		const width = contentWidth(doc);
		doc.font('Helvetica').fontSize(8.5).fillColor(SOFT);
		doc.text(printable(what), MARGIN, y, { width: width * 0.75, lineBreak: false });
		doc.text(`Page ${i - start + 1} of ${count}`, MARGIN, y, { width, align: 'right' });
		doc.page.margins.bottom = bottom;
	}
}

/**
 * The evaluation as a PDF: a title block, the section summary table, then every section with
 * every criterion's rating, target, evidence narrative and next steps, numbered pages.
 */
export function evaluationPdf(data: EvaluationExport, generatedAt = new Date()): Promise<Buffer> {
	const { settingName, cycleName } = data.context;
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE / 2 },
		bufferPages: true,
		lang: 'en-GB',
		displayTitle: true,
		info: {
			Title: printable(`${settingName}: ${cycleName} self-evaluation`),
			Author: 'Inclusio',
			Subject: printable(`${data.context.frameworkName}, ${data.context.versionLabel}`),
			CreationDate: generatedAt
		}
	});
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	titleBlock(doc, data, generatedAt);
	summaryTable(doc, data);
	sectionPages(doc, data);
	footers(doc, data);
	doc.end();
	return done;
}
