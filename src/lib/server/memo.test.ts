import { describe, expect, it } from 'vitest';
import { memoiseByInput } from './memo';

describe('memoiseByInput', () => {
	it('computes once per distinct input, maps and sets included, and forgets the oldest', () => {
		let calls = 0;
		const double = memoiseByInput((input: { values: Map<string, number> }) => {
			calls += 1;
			return [...input.values.values()].map((v) => v * 2);
		}, 2);
		const a = { values: new Map([['x', 1]]) };
		expect(double(a)).toEqual([2]);
		expect(double({ values: new Map([['x', 1]]) })).toEqual([2]);
		expect(calls).toBe(1);
		expect(double({ values: new Map([['x', 2]]) })).toEqual([4]);
		expect(calls).toBe(2);
		double({ values: new Map([['y', 3]]) });
		// Three distinct inputs with room for two: the first is computed again.
		double(a);
		expect(calls).toBe(4);
	});
});
