import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { describe, expect, it } from 'vitest';
import {
	budgetSchema,
	hoursInput,
	impactSchema,
	parseHours,
	planItemInput,
	planItemSchema
} from './cpd-plan';

const body = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return data;
};

const OFFER = '0f8e6a8e-3c1b-4c55-9d3f-6f1f6f3f2a10';
const item = {
	version: '0',
	choice: OFFER,
	otherOfferId: '',
	activity: '',
	attendees: 'Two teaching assistants and the SENCO',
	places: '2',
	plannedOn: '',
	cost: '',
	staffTime: '',
	status: 'planned'
};
const posted = (fields: Partial<typeof item>) =>
	superValidate(body({ ...item, ...fields }), zod4(planItemSchema));

describe('hours', () => {
	it('reads hours as whole minutes, from the digits', () => {
		expect(parseHours('3')).toBe(180);
		expect(parseHours(' 1.5 ')).toBe(90);
		expect(parseHours('0.25')).toBe(15);
		expect(parseHours('1.67')).toBe(100);
		expect(parseHours('0')).toBe(0);
		for (const bad of ['', '1.555', '-1', '1,5', '2 hours', '1:30'])
			expect(parseHours(bad)).toBeNull();
	});

	it('shows minutes as hours that read back to the same minutes', () => {
		expect(hoursInput(90)).toBe('1.5');
		expect(hoursInput(100)).toBe('1.67');
		expect(hoursInput(2400)).toBe('40');
		for (const minutes of [1, 7, 59, 61, 100, 1085])
			expect(parseHours(hoursInput(minutes))).toBe(minutes);
	});
});

describe('an activity of the plan', () => {
	it('takes an offer with its figures left blank, for the service to fill in', async () => {
		const form = await posted({ attendees: ' TAs\0 and the SENCO ', plannedOn: '15/01/2027' });
		expect(form.valid).toBe(true);
		expect(form.data).toMatchObject({ attendees: 'TAs and the SENCO', plannedOn: '2027-01-15' });
		expect(planItemInput(form.data)).toEqual({
			kind: 'offer',
			offerId: OFFER,
			attendees: 'TAs and the SENCO',
			places: 2,
			plannedOn: '2027-01-15',
			status: 'planned',
			costPence: null,
			minutesEach: null
		});
	});

	it('takes another offer from the list, one place when none is given', async () => {
		const form = await posted({
			choice: 'other',
			otherOfferId: OFFER,
			places: '',
			cost: '£1,200.5'
		});
		expect(form.valid).toBe(true);
		expect(planItemInput(form.data)).toMatchObject({
			kind: 'offer',
			offerId: OFFER,
			places: 1,
			costPence: 120_050
		});
	});

	it('needs an in-house activity described, with its cost and staff time', async () => {
		const form = await posted({ choice: 'in_house' });
		expect(form.valid).toBe(false);
		expect(form.errors).toEqual({
			activity: ['Describe the in-house activity, like “Staff meeting on visual timetables”'],
			cost: ['Enter what the in-house activity costs in pounds, or 0 if it costs nothing'],
			staffTime: ['Enter the staff time each person gives to the in-house activity, in hours']
		});
		const fine = await posted({
			choice: 'in_house',
			activity: 'Staff meeting',
			cost: '0',
			staffTime: '1.5'
		});
		expect(planItemInput(fine.data)).toEqual({
			kind: 'in_house',
			activity: 'Staff meeting',
			attendees: 'Two teaching assistants and the SENCO',
			places: 2,
			plannedOn: null,
			status: 'planned',
			costPence: 0,
			minutesEach: 90
		});
	});

	it('ties every problem to its field', async () => {
		const form = await posted({
			choice: 'other',
			attendees: ' ',
			places: '0',
			cost: '-5',
			staffTime: '3 hours',
			status: 'cancelled'
		});
		expect(form.errors).toEqual({
			otherOfferId: ['Choose an offer from the list'],
			attendees: ['Say who attends, like “Two teaching assistants and the SENCO”'],
			places: ['Places must be from 1 to 500'],
			cost: ['Enter the cost in pounds and pence, like 90 or 90.00, without any other words'],
			staffTime: ['Enter the staff time in hours, like 3 or 1.5, as a number without any words'],
			status: ['Choose where the activity stands']
		});
		expect((await posted({ choice: '' })).errors.choice).toEqual([
			'Choose an offer from the catalogue, or an in-house activity'
		]);
		expect((await posted({ cost: '1000000.01', staffTime: '2000.01' })).errors).toEqual({
			cost: ['The cost must be £1,000,000 or less'],
			staffTime: ['The staff time must be 2,000 hours or less']
		});
		expect((await posted({ plannedOn: '31/06/2027', places: '1.5' })).errors).toEqual({
			plannedOn: ['Enter the date as a real date, for example 15/01/2027'],
			places: ['Enter the number of places as a whole number, like 2']
		});
	});
});

describe('the budget and the impact', () => {
	it('takes a budget in pounds and hours, either left blank', async () => {
		const form = await superValidate(
			body({ version: '0', budget: '1,500', hours: '' }),
			zod4(budgetSchema)
		);
		expect(form.valid).toBe(true);
		const bad = await superValidate(
			body({ version: '0', budget: 'lots', hours: '1.234' }),
			zod4(budgetSchema)
		);
		expect(bad.errors).toEqual({
			budget: [
				'Enter the budget in pounds and pence, like 1500 or 1,500.00, without any other words'
			],
			hours: ['Enter the staff time in hours, like 60, as a number without any words']
		});
	});

	it('needs the impact written, without NUL characters', async () => {
		const form = await superValidate(
			body({ version: '2', impact: ' Calmer\0 starts\r\nto the day ' }),
			zod4(impactSchema)
		);
		expect(form.data.impact).toBe('Calmer starts\nto the day');
		const empty = await superValidate(body({ version: '2', impact: '  ' }), zod4(impactSchema));
		expect(empty.errors.impact).toEqual([
			'Describe the impact: what changed for staff and pupils, and how you know'
		]);
	});
});
