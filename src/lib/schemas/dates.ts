import { z } from 'zod';
import { isRealDate, normaliseDate } from '../domain/dates';

/**
 * A date field, sent as YYYY-MM-DD or typed the British way (31/07/2027), checked to be a real
 * day this century. Left blank it is refused with `required` when that is given, else allowed.
 */
export function dateField(messages: { required?: string; format: string; range: string }) {
	const trimmed = z.string().trim();
	const present = messages.required
		? trimmed.min(1, { error: messages.required, abort: true })
		: trimmed;
	return present
		.overwrite(normaliseDate)
		.refine((v) => v === '' || isRealDate(v), { error: messages.format, abort: true })
		.refine((v) => v === '' || (v >= '2000-01-01' && v <= '2099-12-31'), messages.range);
}
