import { z } from 'zod';

/**
 * A choice of 'yes' or 'no' from two radios. A string, not an enum: superforms fills a
 * missing enum with its first value, so a form posted with neither radio chosen would
 * silently count as 'yes'.
 */
export const yesOrNo = (missing: string) =>
	z.string().refine((v) => v === 'yes' || v === 'no', missing);
