import { createHash } from 'node:crypto';

/**
 * Remembers the last few results of an expensive pure function (the suppression of every
 * board view takes seconds), keyed by a digest of its whole input, so a result is reused only
 * for exactly the same data and a change to any input computes afresh. Not per user: the
 * input carries the tenant's data, and the same input gives the same answer to anyone.
 */
export function memoiseByInput<I, O>(compute: (input: I) => O, size = 8): (input: I) => O {
	const results = new Map<string, O>();
	return (input) => {
		const key = createHash('sha256').update(JSON.stringify(input, withCollections)).digest('hex');
		const known = results.get(key);
		if (known !== undefined) {
			// Most recently used last, so the oldest is dropped first.
			results.delete(key);
			results.set(key, known);
			return known;
		}
		const result = compute(input);
		results.set(key, result);
		if (results.size > size) results.delete(results.keys().next().value!);
		return result;
	};
}

/** Maps and sets as arrays of their entries, which JSON.stringify would write as {}. */
function withCollections(_key: string, value: unknown): unknown {
	if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()];
	if (value instanceof Set) return [...(value as Set<unknown>).values()];
	return value;
}
