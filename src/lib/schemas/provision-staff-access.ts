import { z } from 'zod';
import { yesOrNo } from './choice';

/** The head's choice of whether staff without a SEN role may read the provision records. */
export const staffAccessSchema = z.object({
	staffRead: yesOrNo('Choose whether staff can read the provision records')
});
export type StaffAccessForm = z.infer<typeof staffAccessSchema>;
