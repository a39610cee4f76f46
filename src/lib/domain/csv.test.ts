import { describe, expect, it } from 'vitest';
import { neutraliseCell, neutraliseRows } from './csv';

describe('neutraliseCell', () => {
	it.each(['=SUM(A1:A3)', '+44 1234', '-2+3', '@cmd', '\t=1+1', '\r=1+1'])(
		'prefixes %j with an apostrophe',
		(value) => {
			expect(neutraliseCell(value)).toBe(`'${value}`);
		}
	);

	it('leaves ordinary text alone, including formula characters further in', () => {
		expect(neutraliseCell('Established')).toBe('Established');
		expect(neutraliseCell('Ratio 1=2, a+b, a-b, me@example.org')).toBe(
			'Ratio 1=2, a+b, a-b, me@example.org'
		);
		expect(neutraliseCell(' =1+1')).toBe(' =1+1');
		expect(neutraliseCell('')).toBe('');
	});

	it('keeps numbers as numbers, negative ones too', () => {
		expect(neutraliseCell(3)).toBe(3);
		expect(neutraliseCell(-2)).toBe(-2);
		expect(neutraliseCell(0)).toBe(0);
		expect(neutraliseCell(Number.NaN)).toBe('');
	});

	it('writes booleans as yes/no and missing values as empty cells', () => {
		expect(neutraliseCell(true)).toBe('yes');
		expect(neutraliseCell(false)).toBe('no');
		expect(neutraliseCell(null)).toBe('');
		expect(neutraliseCell(undefined)).toBe('');
	});
});

describe('neutraliseRows', () => {
	it('neutralises every cell and leaves the input untouched', () => {
		const rows = [
			['MCS-1', '=HYPERLINK("http://x")', 2],
			['MCS-2', null, true]
		] as const;
		expect(neutraliseRows(rows)).toEqual([
			['MCS-1', `'=HYPERLINK("http://x")`, 2],
			['MCS-2', '', 'yes']
		]);
		expect(rows[0][1]).toBe('=HYPERLINK("http://x")');
	});
});
