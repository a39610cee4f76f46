import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { describe, expect, it } from 'vitest';
import { judgementData, judgementSchema } from './judgement';

const posted = (fields: Record<string, string>) => {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	return superValidate(body, zod4(judgementSchema));
};

describe('judgement form', () => {
	it('accepts a blank judgement as work in progress', async () => {
		const form = await posted({
			rating: '',
			narrative: '',
			nextSteps: '',
			targetRating: '',
			targetDate: '',
			version: '0'
		});
		expect(form.valid).toBe(true);
		expect(judgementData(form.data)).toEqual({
			rating: null,
			narrative: '',
			nextSteps: '',
			targetRating: null,
			targetDate: null
		});
	});

	it('reads levels as numbers, British dates as ISO, and CRLF text as LF', async () => {
		const form = await posted({
			rating: '3',
			narrative: '  Staff use visual timetables.\r\nPupils say so. ',
			nextSteps: 'Train new staff',
			targetRating: '4',
			targetDate: '31/03/2027',
			version: '2'
		});
		expect(form.valid).toBe(true);
		expect(form.data).toMatchObject({
			rating: 3,
			narrative: 'Staff use visual timetables.\nPupils say so.',
			targetRating: 4,
			targetDate: '2027-03-31',
			version: 2
		});
	});

	it('a radio left unchosen is no rating', async () => {
		const form = await posted({ narrative: 'x', version: '1' });
		expect(form.valid).toBe(true);
		expect(form.data.rating).toBeNull();
	});

	it('explains each kind of bad value', async () => {
		const form = await posted({
			rating: 'lots',
			narrative: 'x'.repeat(10_001),
			nextSteps: 'y'.repeat(4_001),
			targetRating: '0',
			targetDate: '30/02/2027',
			version: '1'
		});
		expect(form.valid).toBe(false);
		expect(form.errors).toEqual({
			rating: ['Choose a level from the scale'],
			narrative: ['The evidence must be 10,000 characters or fewer'],
			nextSteps: ['The next steps must be 4,000 characters or fewer'],
			targetRating: ['Choose a level from the scale'],
			targetDate: ['Enter the target date as a date, like 31/03/2027']
		});
	});
});
