import { describe, expect, it } from 'vitest';
import { parseTermKey, schoolTerm, termsToOffer } from './provision-terms';

describe('schoolTerm', () => {
	it('uses the setting’s standard term dates', () => {
		expect(schoolTerm(2025, 'autumn')).toEqual({
			key: '2025-autumn',
			term: 'autumn',
			year: '2025/26',
			start: '2025-09-01',
			end: '2025-12-31',
			label: 'Autumn 2025/26 (1 September to 31 December 2025)'
		});
		expect(schoolTerm(2025, 'spring')).toMatchObject({
			start: '2026-01-01',
			end: '2026-03-31',
			label: 'Spring 2025/26 (1 January to 31 March 2026)'
		});
		expect(schoolTerm(2025, 'summer')).toMatchObject({
			start: '2026-04-01',
			end: '2026-07-31',
			label: 'Summer 2025/26 (1 April to 31 July 2026)'
		});
	});

	it('leaves no day of the school year outside a term but August', () => {
		const [autumn, spring, summer] = (['autumn', 'spring', 'summer'] as const).map((t) =>
			schoolTerm(2030, t)
		);
		expect(autumn!.start).toBe('2030-09-01');
		expect(spring!.start).toBe('2031-01-01');
		expect(summer!.start).toBe('2031-04-01');
		expect(summer!.end).toBe('2031-07-31');
	});
});

describe('parseTermKey', () => {
	it('reads a key back to its term', () => {
		expect(parseTermKey('2024-spring')).toEqual(schoolTerm(2024, 'spring'));
		expect(parseTermKey(' 2024-summer ')?.end).toBe('2025-07-31');
	});

	it('refuses anything that is not a term', () => {
		for (const key of [
			'',
			'2024',
			'2024-winter',
			'24-autumn',
			'2024-Autumn',
			'1999-autumn',
			'2099-autumn'
		])
			expect(parseTermKey(key), key).toBeNull();
	});
});

describe('termsToOffer', () => {
	it('offers this school year’s terms and last year’s, newest first', () => {
		expect(termsToOffer('2025-10-12').map((t) => t.key)).toEqual([
			'2025-summer',
			'2025-spring',
			'2025-autumn',
			'2024-summer',
			'2024-spring',
			'2024-autumn'
		]);
	});

	it('moves on to a new school year on 1 September', () => {
		expect(termsToOffer('2026-08-31')[0]?.key).toBe('2025-summer');
		expect(termsToOffer('2026-09-01')[0]?.key).toBe('2026-summer');
	});
});
