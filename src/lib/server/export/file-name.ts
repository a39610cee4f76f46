/** A name made of lower-case ASCII letters, digits and single hyphens: "2025/26" → "2025-26". */
const slug = (text: string) =>
	text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');

/**
 * The Content-Disposition of an evaluation export, "oakfield-primary-school-2025-26-
 * self-evaluation.pdf": only safe characters, so no header injection and no odd names on disk.
 */
export function exportDisposition(settingName: string, cycleName: string, extension: string) {
	const name = [slug(settingName), slug(cycleName), 'self-evaluation'].filter(Boolean).join('-');
	return `attachment; filename="${name}.${extension}"`;
}
