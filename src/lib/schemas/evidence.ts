import { z } from 'zod';
import { EVIDENCE_MAX_BYTES, webAddress } from '../domain/evidence-types';
import { isRecordId } from '../domain/ids';

export const EVIDENCE_TITLE_MAX = 200;
const URL_MAX = 2000;

const tooLong = `The title must be ${EVIDENCE_TITLE_MAX} characters or fewer`;

/** Adding a link to a web page as evidence. */
export const evidenceLinkSchema = z.object({
	title: z.string().trim().min(1, 'Enter a title for the link').max(EVIDENCE_TITLE_MAX, tooLong),
	url: z
		.string()
		.trim()
		.min(1, 'Enter the web address of the page')
		.max(URL_MAX, `The web address must be ${URL_MAX} characters or fewer`)
		.refine(
			(v) => webAddress(v) !== null,
			'Enter a web address that starts with https:// or http://, like https://www.example.org/policy'
		)
});
export type EvidenceLinkInput = z.infer<typeof evidenceLinkSchema>;

/**
 * Uploading a file as evidence. Its title is optional (the file's name is used), and is
 * called fileTitle so that it and the link form's title have their own ids on one page.
 * What is inside the file is checked by the service.
 */
export const evidenceFileSchema = z.object({
	fileTitle: z.string().trim().max(EVIDENCE_TITLE_MAX, tooLong),
	file: z
		.instanceof(File, { message: 'Select a file' })
		.refine((file) => file.size <= EVIDENCE_MAX_BYTES, 'The selected file must be 10 MB or smaller')
});
export type EvidenceFileInput = z.infer<typeof evidenceFileSchema>;

/** Removing one piece of evidence. */
export const evidenceRemoveSchema = z.object({
	evidenceId: z.string().refine(isRecordId, 'Choose evidence from the list')
});
