import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE } from '$lib/domain/framework';
import { gridMove, inkOn, sharedSectionAnchor } from './shared-display';

/** WCAG contrast of two #rrggbb colours, worked out here apart from the code under test. */
function contrast(a: string, b: string) {
	const lum = (hex: string) => {
		const [r, g, bl] = [1, 3, 5].map((i) => {
			const c = parseInt(hex.slice(i, i + 2), 16) / 255;
			return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
	};
	const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
	return (hi! + 0.05) / (lo! + 0.05);
}

describe('inkOn', () => {
	it('puts white on the default scale’s dark colours and black on light ones', () => {
		expect(DEFAULT_SCALE.map((l) => inkOn(l.colour))).toEqual(['light', 'light', 'light', 'light']);
		expect(inkOn('#ffeb3b')).toBe('dark');
		expect(inkOn('#FFFFFF')).toBe('dark');
		expect(inkOn('not a colour')).toBe('dark');
	});

	it('always gives text at least 4.5:1 against the cell', () => {
		for (let v = 0; v <= 255; v += 5) {
			for (const colour of [
				`#${v.toString(16).padStart(2, '0').repeat(3)}`,
				`#ff${v.toString(16).padStart(2, '0')}00`,
				`#00${v.toString(16).padStart(2, '0')}ff`
			]) {
				const ink = inkOn(colour) === 'dark' ? '#000000' : '#ffffff';
				expect(contrast(colour, ink), colour).toBeGreaterThanOrEqual(4.5);
			}
		}
	});
});

describe('gridMove', () => {
	const size = { rows: 3, cols: 4 };
	const at = { row: 1, col: 2 };

	it('moves a cell at a time and stops at the edges', () => {
		expect(gridMove('ArrowRight', false, at, size)).toEqual({ row: 1, col: 3 });
		expect(gridMove('ArrowRight', false, { row: 1, col: 3 }, size)).toEqual({ row: 1, col: 3 });
		expect(gridMove('ArrowLeft', false, { row: 1, col: 0 }, size)).toEqual({ row: 1, col: 0 });
		expect(gridMove('ArrowDown', false, at, size)).toEqual({ row: 2, col: 2 });
		expect(gridMove('ArrowDown', false, { row: 2, col: 2 }, size)).toEqual({ row: 2, col: 2 });
		expect(gridMove('ArrowUp', false, { row: 0, col: 1 }, size)).toEqual({ row: 0, col: 1 });
	});

	it('goes to the ends of the row, or of the grid with Ctrl', () => {
		expect(gridMove('Home', false, at, size)).toEqual({ row: 1, col: 0 });
		expect(gridMove('End', false, at, size)).toEqual({ row: 1, col: 3 });
		expect(gridMove('Home', true, at, size)).toEqual({ row: 0, col: 0 });
		expect(gridMove('End', true, at, size)).toEqual({ row: 2, col: 3 });
	});

	it('leaves other keys to the browser', () => {
		expect(gridMove('Enter', false, at, size)).toBeNull();
		expect(gridMove('Tab', false, at, size)).toBeNull();
	});
});

describe('sharedSectionAnchor', () => {
	it('makes a section code safe for an id', () => {
		expect(sharedSectionAnchor('MCS-1')).toBe('section-mcs-1');
		expect(sharedSectionAnchor(' EY 2.1 ')).toBe('section-ey-2-1');
	});
});
