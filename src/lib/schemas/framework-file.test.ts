import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE } from '../domain/framework';
import { frameworkFileSchema } from './framework-file';

const criterion = (code: string, extra: Record<string, unknown> = {}) => ({
	code,
	title: `Criterion ${code}`,
	descriptors: ['one', 'two', 'three', 'four'],
	settingTypes: ['mainstream'],
	...extra
});

const file = (sections: unknown[], scale: unknown[] = DEFAULT_SCALE) => ({
	format: 'inclusio-framework',
	formatVersion: 1,
	framework: { key: 'test', name: 'Test' },
	version: { label: '1' },
	scale,
	sections
});

const problems = (input: unknown) => {
	const result = frameworkFileSchema.safeParse(input);
	return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('frameworkFileSchema', () => {
	it('accepts a well-formed file', () => {
		expect(problems(file([{ code: 'T-1', title: 'One', criteria: [criterion('T-1.1')] }]))).toEqual(
			[]
		);
	});

	it('reports field problems and rules across fields in one pass', () => {
		const found = problems(
			file([
				{
					code: 'T-1',
					title: '',
					criteria: [criterion('T-1.1'), criterion('T-1.1', { descriptors: ['only one'] })]
				},
				{
					code: 't-1',
					title: 'Again',
					criteria: [criterion('T-2.1', { settingTypes: ['school'] })]
				}
			])
		);
		expect(found).toEqual(
			expect.arrayContaining([
				'sections.0.title',
				'sections.1.criteria.0.settingTypes.0',
				'sections.0.criteria.1.code',
				'sections.0.criteria.1.descriptors',
				'sections.1.code'
			])
		);
	});

	it('numbers scale levels from 1 in order', () => {
		const scale = [
			{ value: 1, label: 'No', colour: '#000000' },
			{ value: 3, label: 'Yes', colour: '#ffffff' }
		];
		const sections = [
			{ code: 'T-1', title: 'One', criteria: [criterion('T-1.1', { descriptors: ['a', 'b'] })] }
		];
		expect(problems(file(sections, scale))).toEqual(['scale.1.value']);
	});

	it('copes with a file of the wrong shape without failing', () => {
		expect(problems({ sections: 'none', scale: 4 }).length).toBeGreaterThan(0);
		expect(problems(null)).toEqual(['']);
	});
});
