/** The largest file a setting may add as evidence. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** One piece of evidence as lists show it; never the file's bytes. */
export interface EvidenceSummary {
	id: string;
	kind: 'link' | 'file';
	title: string;
	url: string | null;
	fileName: string | null;
	/** "PDF", "Word document" ...; null for a link. */
	typeLabel: string | null;
	byteSize: number | null;
	addedByName: string | null;
	addedAt: Date;
}

/** A file's type as read from its first bytes (file-type's answer). */
export interface DetectedType {
	mime: string;
	ext: string;
}

interface EvidenceFileType {
	/** What the bytes say, as file-type reports it. */
	detected: string;
	/** What we store and send back when the file is downloaded. */
	mediaType: string;
	label: string;
	/** The extensions a name may end in, the usual one first. */
	extensions: readonly string[];
}

/**
 * Pre-2007 Word and Excel files share one container format (Compound File Binary), so
 * the bytes alone cannot tell them apart: for those the name's extension decides.
 */
const CFB = 'application/x-cfb';

/** The only kinds of file accepted as evidence. Nothing here can run script in a browser. */
export const EVIDENCE_FILE_TYPES: readonly EvidenceFileType[] = [
	{ detected: 'application/pdf', mediaType: 'application/pdf', label: 'PDF', extensions: ['pdf'] },
	{
		detected: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		label: 'Word document',
		extensions: ['docx']
	},
	{ detected: CFB, mediaType: 'application/msword', label: 'Word document', extensions: ['doc'] },
	{
		detected: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		label: 'Excel spreadsheet',
		extensions: ['xlsx']
	},
	{
		detected: CFB,
		mediaType: 'application/vnd.ms-excel',
		label: 'Excel spreadsheet',
		extensions: ['xls']
	},
	{ detected: 'image/png', mediaType: 'image/png', label: 'PNG image', extensions: ['png'] },
	{
		detected: 'image/jpeg',
		mediaType: 'image/jpeg',
		label: 'JPEG image',
		extensions: ['jpg', 'jpeg']
	},
	{ detected: 'image/gif', mediaType: 'image/gif', label: 'GIF image', extensions: ['gif'] },
	{ detected: 'image/webp', mediaType: 'image/webp', label: 'WebP image', extensions: ['webp'] }
];

/** The file input's `accept` list: a hint for the browser's picker, never a check. */
export const EVIDENCE_ACCEPT = EVIDENCE_FILE_TYPES.flatMap((t) =>
	t.extensions.map((e) => `.${e}`)
).join(',');

const ALLOWED = 'a PDF, a Word document, an Excel spreadsheet, or a PNG, JPEG, GIF or WebP image';

/** What the file field's hint and refusals say is allowed. */
export const EVIDENCE_ALLOWED_TEXT = `The file must be ${ALLOWED}, 10 MB or smaller.`;

const MAX_NAME_LENGTH = 200;

/** The extension of a name, lower case; a dot then digits only ("v1.2025") is not one. */
export function extensionOf(name: string): string | null {
	const match = /\.([a-z0-9]{1,5})$/i.exec(name);
	return match?.[1] && /[a-z]/i.test(match[1]) ? match[1].toLowerCase() : null;
}

/**
 * A file name safe to keep and show: the last path part only, without control or
 * invisible formatting characters (a right-to-left override can disguise "gpj.exe"),
 * spaces tidied, and at most 200 characters with its extension kept.
 */
export function cleanFileName(name: string): string {
	const base = name.split(/[/\\]/).pop() ?? '';
	const clean = base
		.replace(/[\p{Cc}\p{Cf}]/gu, '')
		.replace(/\s+/g, ' ')
		.trim();
	if (clean.length <= MAX_NAME_LENGTH) return clean;
	const ext = extensionOf(clean);
	const tail = ext ? `.${ext}` : '';
	return clean.slice(0, MAX_NAME_LENGTH - tail.length).trimEnd() + tail;
}

export type EvidenceFileDecision =
	{ ok: true; mediaType: string; label: string; fileName: string } | { ok: false; message: string };

/**
 * Whether a file may be added as evidence, from the type its bytes show and its name.
 * A name whose extension says another type is refused, so that what people see in the
 * list is what opens on their computer; a name without one is given the usual one.
 */
export function decideEvidenceFile(
	detected: DetectedType | undefined,
	fileName: string
): EvidenceFileDecision {
	const name = cleanFileName(fileName) || 'evidence';
	const ext = extensionOf(name);
	const candidates = detected
		? EVIDENCE_FILE_TYPES.filter((t) => t.detected === detected.mime)
		: [];
	if (!candidates.length) return { ok: false, message: `The selected file must be ${ALLOWED}` };
	const byName = candidates.find((t) => ext !== null && t.extensions.includes(ext));
	if (byName) return { ok: true, mediaType: byName.mediaType, label: byName.label, fileName: name };
	const [only] = candidates;
	if (candidates.length > 1 || !only) {
		return {
			ok: false,
			message: `The selected file is an older Office file. Only Word (.doc) and Excel (.xls) files of that kind can be added: check that its name ends in .doc or .xls`
		};
	}
	const usual = only.extensions[0] ?? '';
	if (ext !== null) {
		return {
			ok: false,
			message: `The selected file’s name ends in .${ext} but the file is a ${only.label}. Rename it to end in .${usual}, or choose the right file`
		};
	}
	return { ok: true, mediaType: only.mediaType, label: only.label, fileName: `${name}.${usual}` };
}

/** What to call a stored file's type in lists. */
export const evidenceTypeLabel = (mediaType: string | null) =>
	EVIDENCE_FILE_TYPES.find((t) => t.mediaType === mediaType)?.label ?? 'File';

/** A size as people read it: "820 bytes", "45 KB", "3.2 MB". */
export function formatFileSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	const mb = bytes / (1024 * 1024);
	return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/**
 * The address of a link given as evidence, tidied, if it is a web page (http or https,
 * with a host and no user name or password in it); null otherwise. Other schemes, such as
 * `javascript:` and `data:`, could run script from the evidence list.
 */
export function webAddress(value: string): string | null {
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return null;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
	if (!url.hostname || url.username || url.password) return null;
	return url.href;
}

const percent = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * A Content-Disposition value that makes browsers save the file under its name: a plain
 * ASCII `filename` for old clients and the exact name as RFC 8187 `filename*`.
 */
export function attachmentDisposition(fileName: string): string {
	const name = cleanFileName(fileName) || 'evidence';
	const ascii = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
	const encoded = encodeURIComponent(name).replace(/['()*]/g, percent);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
