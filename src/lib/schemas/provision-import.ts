import { z } from 'zod';
import { IMPORT_KINDS, IMPORT_MAX_BYTES } from '../domain/provision-import';

/** Uploading a provision file of one kind. What is inside the file is checked by the service. */
export const provisionUploadSchema = z.object({
	kind: z.enum(IMPORT_KINDS, { error: 'Choose what the file holds' }),
	file: z.instanceof(File, { message: 'Select a CSV file' }).superRefine((file, ctx) => {
		if (!/\.csv$/i.test(file.name)) {
			ctx.addIssue({
				code: 'custom',
				message: 'The selected file must be a CSV file. Save the spreadsheet as "CSV UTF-8" first'
			});
		} else if (file.size > IMPORT_MAX_BYTES) {
			ctx.addIssue({ code: 'custom', message: 'The selected file must be smaller than 5 MB' });
		}
	})
});
export type ProvisionUploadForm = z.infer<typeof provisionUploadSchema>;

/**
 * Confirming an import: the fingerprint of the plan the user was shown, so that what is
 * written is exactly what they confirmed.
 */
export const provisionConfirmSchema = z.object({
	plan: z.string().regex(/^[0-9a-f]{64}$/)
});
