import { describe, expect, it } from 'vitest';
import {
	attachmentDisposition,
	cleanFileName,
	decideEvidenceFile,
	EVIDENCE_ACCEPT,
	evidenceTypeLabel,
	extensionOf,
	formatFileSize,
	webAddress
} from './evidence-types';

const pdf = { mime: 'application/pdf', ext: 'pdf' };
const png = { mime: 'image/png', ext: 'png' };
const jpeg = { mime: 'image/jpeg', ext: 'jpg' };
const cfb = { mime: 'application/x-cfb', ext: 'cfb' };
const docx = {
	mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	ext: 'docx'
};
const xlsx = {
	mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	ext: 'xlsx'
};

describe('decideEvidenceFile', () => {
	it('accepts each allowed type under a matching name, keeping the type the bytes show', () => {
		expect(decideEvidenceFile(pdf, 'Policy.PDF')).toEqual({
			ok: true,
			mediaType: 'application/pdf',
			label: 'PDF',
			fileName: 'Policy.PDF'
		});
		expect(decideEvidenceFile(docx, 'plan.docx')).toMatchObject({ ok: true, mediaType: docx.mime });
		expect(decideEvidenceFile(xlsx, 'map.xlsx')).toMatchObject({ ok: true, mediaType: xlsx.mime });
		expect(decideEvidenceFile(jpeg, 'walk.jpeg')).toMatchObject({ ok: true, label: 'JPEG image' });
		expect(decideEvidenceFile(jpeg, 'walk.jpg')).toMatchObject({
			ok: true,
			mediaType: 'image/jpeg'
		});
		for (const [mime, ext] of [
			['image/gif', 'gif'],
			['image/webp', 'webp']
		] as const) {
			expect(decideEvidenceFile({ mime, ext }, `photo.${ext}`)).toMatchObject({
				ok: true,
				mediaType: mime
			});
		}
	});

	it('tells older Word and Excel files apart by their extension', () => {
		expect(decideEvidenceFile(cfb, 'minutes.doc')).toMatchObject({
			ok: true,
			mediaType: 'application/msword',
			label: 'Word document'
		});
		expect(decideEvidenceFile(cfb, 'budget.XLS')).toMatchObject({
			ok: true,
			mediaType: 'application/vnd.ms-excel',
			label: 'Excel spreadsheet'
		});
		for (const name of ['slides.ppt', 'setup.msi', 'no-extension']) {
			const decision = decideEvidenceFile(cfb, name);
			expect(decision.ok).toBe(false);
			if (!decision.ok) expect(decision.message).toMatch(/\.doc or \.xls/);
		}
	});

	it('refuses anything the bytes do not show as an allowed type, naming what is allowed', () => {
		for (const detected of [
			undefined,
			{ mime: 'application/zip', ext: 'zip' },
			{ mime: 'application/xml', ext: 'xml' },
			{ mime: 'application/x-msdownload', ext: 'exe' }
		]) {
			const decision = decideEvidenceFile(detected, 'report.pdf');
			expect(decision).toEqual({
				ok: false,
				message:
					'The selected file must be a PDF, a Word document, an Excel spreadsheet, or a PNG, JPEG, GIF or WebP image'
			});
		}
	});

	it('refuses a name whose extension says another type', () => {
		expect(decideEvidenceFile(pdf, 'photo.png')).toEqual({
			ok: false,
			message:
				'The selected file’s name ends in .png but the file is a PDF. Rename it to end in .pdf, or choose the right file'
		});
		expect(decideEvidenceFile(png, 'scan.pdf').ok).toBe(false);
		expect(decideEvidenceFile(png, 'page.html').ok).toBe(false);
		expect(decideEvidenceFile(docx, 'old.doc').ok).toBe(false);
	});

	it('gives a name without an extension the usual one', () => {
		expect(decideEvidenceFile(pdf, 'Minutes 12.03.2025')).toMatchObject({
			ok: true,
			fileName: 'Minutes 12.03.2025.pdf'
		});
		expect(decideEvidenceFile(jpeg, '')).toMatchObject({ ok: true, fileName: 'evidence.jpg' });
	});
});

describe('file names', () => {
	it('finds extensions, but not a trailing number', () => {
		expect(extensionOf('a.PDF')).toBe('pdf');
		expect(extensionOf('a.tar.gz')).toBe('gz');
		expect(extensionOf('v1.2025')).toBeNull();
		expect(extensionOf('README')).toBeNull();
		expect(extensionOf('a.toolongext')).toBeNull();
	});

	it('keeps only the last path part, without hidden characters, and shortens long names', () => {
		expect(cleanFileName('C:\\fakepath\\plan.pdf')).toBe('plan.pdf');
		expect(cleanFileName('../../etc/passwd')).toBe('passwd');
		expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
		expect(cleanFileName('  two\tspaces\n.pdf ')).toBe('twospaces.pdf');
		const long = cleanFileName(`${'x'.repeat(300)}.docx`);
		expect(long).toHaveLength(200);
		expect(long.endsWith('.docx')).toBe(true);
	});
});

describe('attachmentDisposition', () => {
	it('sends a plain name and the exact name, never breaking out of the header', () => {
		expect(attachmentDisposition('SEN policy.pdf')).toBe(
			`attachment; filename="SEN policy.pdf"; filename*=UTF-8''SEN%20policy.pdf`
		);
		expect(attachmentDisposition('Café "final"; v2.pdf')).toBe(
			`attachment; filename="Cafe _final__ v2.pdf"; filename*=UTF-8''Caf%C3%A9%20%22final%22%3B%20v2.pdf`
		);
		expect(attachmentDisposition("it's (100%).pdf")).toBe(
			`attachment; filename="it's (100_).pdf"; filename*=UTF-8''it%27s%20%28100%25%29.pdf`
		);
		expect(attachmentDisposition('bad\r\nSet-Cookie: x.pdf')).not.toMatch(/[\r\n]/);
	});
});

describe('webAddress', () => {
	it('accepts web pages only', () => {
		expect(webAddress(' https://www.kelsi.org.uk/send ')).toBe('https://www.kelsi.org.uk/send');
		expect(webAddress('http://example.org')).toBe('http://example.org/');
		for (const bad of [
			'javascript:alert(1)',
			'data:text/html,<b>x</b>',
			'ftp://example.org/file',
			'file:///etc/passwd',
			'https://user:secret@example.org/',
			'www.example.org',
			''
		]) {
			expect(webAddress(bad)).toBeNull();
		}
	});
});

describe('labels and sizes', () => {
	it('labels stored types and formats sizes', () => {
		expect(evidenceTypeLabel('application/msword')).toBe('Word document');
		expect(evidenceTypeLabel(null)).toBe('File');
		expect(formatFileSize(1)).toBe('1 byte');
		expect(formatFileSize(820)).toBe('820 bytes');
		expect(formatFileSize(45 * 1024)).toBe('45 KB');
		expect(formatFileSize(3.25 * 1024 * 1024)).toBe('3.3 MB');
		expect(formatFileSize(10 * 1024 * 1024)).toBe('10 MB');
	});

	it('lists every allowed extension for the file picker', () => {
		expect(EVIDENCE_ACCEPT).toBe('.pdf,.docx,.doc,.xlsx,.xls,.png,.jpg,.jpeg,.gif,.webp');
	});
});
