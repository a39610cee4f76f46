import { z } from 'zod';

/**
 * The head's choice of whether staff without a SEN role may read the provision records.
 * A string, not an enum: superforms fills a missing enum with its first value, so a form
 * posted with neither radio chosen would silently let staff in.
 */
export const staffAccessSchema = z.object({
	staffRead: z
		.string()
		.refine((v) => v === 'yes' || v === 'no', 'Choose whether staff can read the provision records')
});
export type StaffAccessForm = z.infer<typeof staffAccessSchema>;
