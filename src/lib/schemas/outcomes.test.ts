import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { describe, expect, it } from 'vitest';
import { OUTCOME_FIGURE_SCHEMAS, outcomeEntrySchema } from './outcomes';

const body = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return data;
};

describe('entering a figure', () => {
	const posted = (fields: Record<string, string>) =>
		superValidate(body(fields), zod4(outcomeEntrySchema));

	it('takes a figure for the indicator’s unit, tidied', async () => {
		const form = await posted({
			indicator: 'ehcp_within_20_weeks',
			period: '2025/26',
			value: ' 51.6% ',
			source: '  SEN2\0 return '
		});
		expect(form.valid).toBe(true);
		expect(form.data).toEqual({
			indicator: 'ehcp_within_20_weeks',
			period: '2025/26',
			value: '51.6%',
			source: 'SEN2 return'
		});
	});

	it('ties every problem to its field, all at once', async () => {
		const form = await posted({ indicator: '', period: '2025', value: '', source: ' ' });
		expect(form.valid).toBe(false);
		expect(form.errors).toEqual({
			indicator: ['Choose an indicator from the list'],
			period: ['Choose a school year from the list'],
			value: ['Enter the figure'],
			source: ['Enter where the figure came from, like “LA parent survey, summer term”']
		});
	});

	it('reads the figure for the chosen indicator’s unit', async () => {
		const percentage = await posted({
			indicator: 'post16_engagement',
			period: '2025/26',
			value: '100.5',
			source: 'NCCIS'
		});
		expect(percentage.errors.value).toEqual(['Enter a percentage from 0 to 100']);
		const count = await posted({
			indicator: 'forum_participation',
			period: '2025/26',
			value: '100.5',
			source: 'Attendance lists'
		});
		expect(count.errors.value).toEqual(['Enter a whole number, like 120']);
	});
});

describe('changing a figure', () => {
	it('reads the figure for the unit of the schema it is given', async () => {
		const fields = { version: '3', value: '1,250', source: 'Attendance lists' };
		const asCount = await superValidate(body(fields), zod4(OUTCOME_FIGURE_SCHEMAS.count));
		expect(asCount.valid).toBe(true);
		expect(asCount.data).toEqual({ version: 3, value: '1,250', source: 'Attendance lists' });
		const asPercentage = await superValidate(body(fields), zod4(OUTCOME_FIGURE_SCHEMAS.percentage));
		expect(asPercentage.errors.value).toEqual([
			'Enter the percentage as a number, like 48 or 51.6'
		]);
	});
});
