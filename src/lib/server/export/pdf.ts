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
