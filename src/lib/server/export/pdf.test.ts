import { describe, expect, it } from 'vitest';
import { planColumns } from './pdf';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('planColumns', () => {
	it('gives every column its natural width when they fit, sharing what is left evenly', () => {
		const [group, ...more] = planColumns(
			[
				{ min: 40, natural: 100 },
				{ min: 20, natural: 30 }
			],
			200
		);
		expect(more).toEqual([]);
		expect(group!.columns).toEqual([0, 1]);
		expect(group!.widths).toEqual([135, 65]);
	});

	it('shares the room above the longest words evenly, none past its longest line', () => {
		const [group] = planColumns(
			[
				{ min: 50, natural: 250 },
				{ min: 30, natural: 50 },
				{ min: 30, natural: 80 }
			],
			210
		);
		// 100 points to share: 20 fill the second column, then the other two share 80.
		expect(group!.widths).toEqual([90, 50, 70]);
	});

	it('splits a wide table into parts that each repeat the first column', () => {
		const needs = Array.from({ length: 7 }, (_, i) => ({ min: i === 0 ? 60 : 50, natural: 70 }));
		const groups = planColumns(needs, 260);
		expect(groups.map((g) => g.columns)).toEqual([
			[0, 1, 2, 3, 4],
			[0, 5, 6]
		]);
		for (const g of groups) {
			expect(sum(g.widths)).toBeCloseTo(260);
			g.columns.forEach((c, i) => expect(g.widths[i]).toBeGreaterThanOrEqual(needs[c]!.min));
		}
	});

	it('puts a column wider than the page on its own, shrunk to fit', () => {
		const groups = planColumns(
			[
				{ min: 40, natural: 40 },
				{ min: 300, natural: 400 },
				{ min: 20, natural: 20 }
			],
			200
		);
		expect(groups.map((g) => g.columns)).toEqual([
			[0, 1],
			[0, 2]
		]);
		expect(sum(groups[0]!.widths)).toBeCloseTo(200);
	});

	it('prints a table with no columns beyond its first', () => {
		expect(planColumns([{ min: 10, natural: 20 }], 100)).toEqual([{ columns: [0], widths: [100] }]);
	});
});
