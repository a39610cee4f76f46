/**
 * Only the fields that differ, before and after, as the audit log records a change; null
 * when nothing differs. Values compare as JSON, so lists compare item by item.
 */
export function changes<T extends Record<string, unknown>>(before: T, after: T) {
	const keys = (Object.keys(after) as (keyof T)[]).filter(
		(k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])
	);
	const pick = (v: T) => Object.fromEntries(keys.map((k) => [k, v[k]])) as Partial<T>;
	return keys.length ? { before: pick(before), after: pick(after) } : null;
}
