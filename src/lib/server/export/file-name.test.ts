import { describe, expect, it } from 'vitest';
import { exportDisposition } from './file-name';

describe('exportDisposition', () => {
	it('names the file after the setting and cycle', () => {
		expect(exportDisposition('Oakfield Primary School', '2025/26', 'pdf')).toBe(
			'attachment; filename="oakfield-primary-school-2025-26-self-evaluation.pdf"'
		);
	});

	it('drops accents, quotes and anything that could break the header', () => {
		expect(exportDisposition('Saint Chloë\'s "C of E"\r\nX-Evil: 1', '  ', 'csv')).toBe(
			'attachment; filename="saint-chloe-s-c-of-e-x-evil-1-self-evaluation.csv"'
		);
		expect(exportDisposition('学校', '2026', 'csv')).toBe(
			'attachment; filename="2026-self-evaluation.csv"'
		);
	});
});
