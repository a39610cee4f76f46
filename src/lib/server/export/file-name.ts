/** A name made of lower-case ASCII letters, digits and single hyphens: "2025/26" → "2025-26". */
const slug = (text: string) =>
	text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');

/**
 * The Content-Disposition of a download named from its parts, "oakfield-primary-school-2025-26-
 * self-evaluation.pdf": only safe characters, so no header injection and no odd names on disk.
 */
export function attachmentDisposition(parts: readonly string[], extension: string) {
	const name = parts.map(slug).filter(Boolean).join('-');
	return `attachment; filename="${name}.${extension}"`;
}

/** The Content-Disposition of a self-evaluation export. */
export const exportDisposition = (settingName: string, cycleName: string, extension: string) =>
	attachmentDisposition([settingName, cycleName, 'self-evaluation'], extension);

/** A file download: never cached, never sniffed, saved under `disposition`'s name. */
export const downloadResponse = (body: Uint8Array, contentType: string, disposition: string) =>
	new Response(new Uint8Array(body), {
		headers: {
			'Content-Type': contentType,
			'Content-Length': String(body.byteLength),
			'Content-Disposition': disposition,
			'Cache-Control': 'private, no-store',
			'X-Content-Type-Options': 'nosniff'
		}
	});
