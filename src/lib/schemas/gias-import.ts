import { z } from 'zod';
import { GIAS_MAX_BYTES } from '../domain/gias';

/** Uploading a GIAS establishment CSV. What is inside the file is checked by the service. */
export const giasUploadSchema = z.object({
	file: z.instanceof(File, { message: 'Select a CSV file' }).superRefine((file, ctx) => {
		if (!/\.csv$/i.test(file.name)) {
			ctx.addIssue({ code: 'custom', message: 'The selected file must be a CSV file' });
		} else if (file.size > GIAS_MAX_BYTES) {
			ctx.addIssue({ code: 'custom', message: 'The selected file must be smaller than 10 MB' });
		}
	})
});

/**
 * Confirming an import: the fingerprint of the plan the user was shown, so that what is
 * written is exactly what they confirmed.
 */
export const giasConfirmSchema = z.object({
	plan: z.string().regex(/^[0-9a-f]{64}$/)
});
