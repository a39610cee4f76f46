import PDFDocument from 'pdfkit';

/** What every Inclusio PDF is drawn with: the app's palette, A4 margins and footer room. */
export type Doc = PDFKit.PDFDocument;
export const INK = '#1b2430';
export const SOFT = '#4a5563';
export const LINE = '#b7c0c7';
export const BRAND = '#0b5563';
export const MARGIN = 56;
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
export function printable(text: string): string {
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

export const longDate = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'Europe/London'
});
export const dateTime = new Intl.DateTimeFormat('en-GB', {
	dateStyle: 'long',
	timeStyle: 'short',
	timeZone: 'Europe/London'
});

export const bottomOf = (doc: Doc) => doc.page.height - doc.page.margins.bottom;
export const contentWidth = (doc: Doc) =>
	doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page unless `height` more points fit on this one. */
export function keepTogether(doc: Doc, height: number) {
	if (doc.y + height > bottomOf(doc)) doc.addPage();
}

/** A paragraph across the page, then `gap` lines of space. */
export function write(doc: Doc, text: string, font: string, size: number, colour = INK, gap = 0) {
	doc
		.font(font)
		.fontSize(size)
		.fillColor(colour)
		.text(printable(text), { width: contentWidth(doc) });
	if (gap) doc.moveDown(gap);
}

/** A paragraph of body text by default, then half a line of space. */
export const para = (
	doc: Doc,
	text: string,
	font = 'Helvetica',
	size = 10.5,
	colour = INK,
	after = 0.5
) => write(doc, text, font, size, colour, after);

/** "Label: value" on one line, the label in bold. */
export function labelled(doc: Doc, label: string, value: string) {
	doc
		.font('Helvetica-Bold')
		.fontSize(11)
		.fillColor(INK)
		.text(`${label}: `, { continued: true, width: contentWidth(doc) })
		.font('Helvetica')
		.text(printable(value));
}

/** A heading that never sits alone at the foot of a page: `room` points must fit below it. */
export function heading(doc: Doc, text: string, size = 15, room = 80) {
	keepTogether(doc, room);
	write(doc, text, 'Helvetica-Bold', size, INK, 0.35);
}

/** A thin line across the page, then a little space. */
export function rule(doc: Doc) {
	doc
		.moveTo(MARGIN, doc.y)
		.lineTo(MARGIN + contentWidth(doc), doc.y)
		.lineWidth(0.5)
		.strokeColor(LINE)
		.stroke();
	doc.moveDown(0.6);
}

/** How wide a column must be (its longest word) and would like to be (its longest line). */
export interface ColumnNeed {
	min: number;
	natural: number;
}

/** The columns printed together, left to right, and the width of each. */
export interface ColumnGroup {
	columns: number[];
	widths: number[];
}

/**
 * Widths for columns sharing `available` points: each at least its longest word if it can
 * be, then the room left shared out evenly, no column taking more than its longest line
 * until every column has that, so short columns stay whole and long text takes the rest.
 */
function fitColumns(needs: readonly ColumnNeed[], available: number): number[] {
	const least = needs.reduce((sum, n) => sum + n.min, 0);
	// Too narrow even word by word: shrink in proportion and let long words break.
	if (least >= available) return needs.map((n) => (n.min * available) / least);
	const widths = needs.map((n) => n.min);
	let spare = available - least;
	let open = needs.map((_, i) => i).filter((i) => needs[i]!.natural > widths[i]!);
	while (spare > 1e-6 && open.length > 0) {
		const share = spare / open.length;
		for (const i of open) {
			const give = Math.min(share, needs[i]!.natural - widths[i]!);
			widths[i]! += give;
			spare -= give;
		}
		open = open.filter((i) => needs[i]!.natural - widths[i]! > 1e-6);
	}
	return widths.map((w) => w + spare / needs.length);
}

/**
 * How a table fits across the page: its columns in groups that each fit `available` points,
 * the first `stub` columns (what each row is) repeated at the left of every group, each group
 * filling the width. Pure.
 */
export function planColumns(
	needs: readonly ColumnNeed[],
	available: number,
	stub = 1
): ColumnGroup[] {
	const stubColumns = needs.slice(0, stub).map((_, i) => i);
	const stubWidth = stubColumns.reduce((w, c) => w + needs[c]!.min, 0);
	const groups: number[][] = [];
	let current: number[] = [];
	let used = stubWidth;
	for (let c = stubColumns.length; c < needs.length; c++) {
		if (current.length > 0 && used + needs[c]!.min > available) {
			groups.push(current);
			current = [];
			used = stubWidth;
		}
		current.push(c);
		used += needs[c]!.min;
	}
	if (current.length > 0 || groups.length === 0) groups.push(current);
	return groups.map((group) => {
		const columns = [...stubColumns, ...group];
		return {
			columns,
			widths: fitColumns(
				columns.map((c) => needs[c]!),
				available
			)
		};
	});
}

/** A cell that holds a figure ("12", "<5", "c", "3 of 5"), printed flush right. */
const FIGURE = /^(?:(?:\d[\d,]*|<5|c)(?: of (?:\d[\d,]*|<5|c))?)?$/;

const TABLE_SIZE = 8;
const CELL_PAD = 3;
const HEADER_FILL = '#f4f6f5';

/** A table as the page prints it: its caption, header row and body rows, all text. */
export interface PdfTable {
	title: string;
	header: readonly string[];
	rows: readonly (readonly string[])[];
}

/**
 * A table across the page in small type: too wide, it is printed in parts that each repeat
 * the first `stub` columns; too long, it goes on over the page with its header row again.
 * Figures are flush right; `totalLast` prints the last row in bold.
 */
export function drawTable(
	doc: Doc,
	table: PdfTable,
	options: { stub?: number; totalLast?: boolean } = {}
) {
	const { stub = 1, totalLast = false } = options;
	const font = (bold: boolean) => (bold ? 'Helvetica-Bold' : 'Helvetica');
	const text = (value: string | undefined) => printable(value ?? '');
	const width = (value: string, bold: boolean) =>
		doc.font(font(bold)).fontSize(TABLE_SIZE).widthOfString(value);
	const isBold = (r: number) => totalLast && r === table.rows.length - 1;
	const cells = [
		{ row: table.header, bold: true, header: true },
		...table.rows.map((row, r) => ({ row, bold: isBold(r), header: false }))
	];
	// Headings wrap rather than widen a column of figures: only the body asks for room.
	const needs = table.header.map((_, c) => {
		let min = 0;
		let natural = 0;
		for (const { row, bold, header } of cells) {
			const value = text(row[c]);
			if (!header)
				for (const line of value.split('\n')) natural = Math.max(natural, width(line, bold));
			// pdfkit fits each word with the space after it, and breaks one that will not fit.
			for (const word of value.split(/\s+/)) min = Math.max(min, width(`${word} `, bold));
		}
		return { min: min + CELL_PAD * 2 + 1, natural: Math.max(min, natural) + CELL_PAD * 2 + 1 };
	});
	const figure = table.header.map(
		(_, c) => c >= stub && table.rows.every((row) => FIGURE.test(row[c] ?? ''))
	);
	const groups = planColumns(needs, contentWidth(doc), stub);

	const heightOf = (row: readonly string[], group: ColumnGroup, bold: boolean) =>
		Math.max(
			...group.columns.map((c, i) =>
				doc
					.font(font(bold))
					.fontSize(TABLE_SIZE)
					.heightOfString(text(row[c]), { width: group.widths[i]! - CELL_PAD * 2 })
			)
		) +
		CELL_PAD * 2;
	const drawRow = (row: readonly string[], group: ColumnGroup, bold: boolean, header = false) => {
		const height = heightOf(row, group, bold);
		const top = doc.y;
		const full = group.widths.reduce((a, b) => a + b, 0);
		if (header) doc.rect(MARGIN, top, full, height).fill(HEADER_FILL);
		let x = MARGIN;
		group.columns.forEach((c, i) => {
			doc
				.font(font(bold))
				.fontSize(TABLE_SIZE)
				.fillColor(INK)
				.text(text(row[c]), x + CELL_PAD, top + CELL_PAD, {
					width: group.widths[i]! - CELL_PAD * 2,
					align: figure[c] ? 'right' : 'left'
				});
			x += group.widths[i]!;
		});
		doc
			.moveTo(MARGIN, top + height)
			.lineTo(MARGIN + full, top + height)
			.lineWidth(0.5)
			.strokeColor(LINE)
			.stroke();
		doc.x = MARGIN;
		doc.y = top + height;
	};
	const caption = (title: string) =>
		doc
			.font('Helvetica-Bold')
			.fontSize(10)
			.fillColor(INK)
			.text(printable(title), MARGIN, doc.y, { width: contentWidth(doc) })
			.moveDown(0.25);

	groups.forEach((group, g) => {
		const title = g === 0 ? table.title : `${table.title} (continued)`;
		const first = table.rows[0];
		keepTogether(
			doc,
			30 + heightOf(table.header, group, true) + (first ? heightOf(first, group, isBold(0)) : 0)
		);
		caption(title);
		drawRow(table.header, group, true, true);
		table.rows.forEach((row, r) => {
			if (doc.y + heightOf(row, group, isBold(r)) > bottomOf(doc)) {
				doc.addPage();
				caption(`${table.title} (continued)`);
				drawRow(table.header, group, true, true);
			}
			drawRow(row, group, isBold(r));
		});
		doc.moveDown(1);
	});
}

/** "Page 2 of 14" and what the document is, at the foot of every page. */
function footers(doc: Doc, what: string) {
	const { start, count } = doc.bufferedPageRange();
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
 * An A4 document titled `title`, drawn by `draw`, with numbered footers naming it; resolves
 * to the finished file.
 */
export function renderPdf(
	meta: { title: string; subject: string; generatedAt: Date },
	draw: (doc: Doc) => void
): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE / 2 },
		bufferPages: true,
		lang: 'en-GB',
		displayTitle: true,
		info: {
			Title: printable(meta.title),
			Author: 'Inclusio',
			Subject: printable(meta.subject),
			CreationDate: meta.generatedAt
		}
	});
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	draw(doc);
	footers(doc, meta.title);
	doc.end();
	return done;
}
