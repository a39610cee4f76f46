import { describe, expect, it } from 'vitest';
import {
	QUESTION_MAX,
	answerSchema,
	boardActionSchema,
	noteSchema,
	questionSchema,
	scrutinyQuery
} from './board-scrutiny';

const ID = '0b8f3c2e-4a1d-4c6b-9f7e-2d3c4b5a6f70';
const placed = { version: 0, cycleId: ID, districtId: '' };
const messages = (result: {
	success: boolean;
	error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));

describe('the note form', () => {
	it('keeps a note with its line breaks as LF, and refuses a blank one', () => {
		expect(noteSchema.parse({ ...placed, body: '  One\r\nTwo  ' }).body).toBe('One\nTwo');
		// The database cannot store a NUL character: it is dropped rather than failing the save.
		expect(noteSchema.parse({ ...placed, body: 'One\0Two' }).body).toBe('OneTwo');
		expect(messages(noteSchema.safeParse({ ...placed, body: ' \r\n ' }))).toEqual({
			body: 'Write the note'
		});
	});

	it('refuses a cycle or district that is not an id', () => {
		expect(
			messages(noteSchema.safeParse({ ...placed, cycleId: 'x', districtId: 'y', body: 'A note' }))
		).toEqual({
			cycleId: 'Choose a cycle from the list',
			districtId: 'Choose a district from the list'
		});
	});
});

describe('the question form', () => {
	it('needs to know who the question is for, and a setting when it is for a setting', () => {
		expect(
			messages(
				questionSchema.safeParse({ ...placed, addressedTo: '', settingId: '', question: 'Q' })
			)
		).toEqual({ addressedTo: 'Choose who the question is for' });
		expect(
			messages(
				questionSchema.safeParse({ ...placed, addressedTo: 'setting', settingId: '', question: '' })
			)
		).toEqual({
			settingId: 'Choose the setting the question is for',
			question: 'Write the question'
		});
		expect(
			questionSchema.safeParse({ ...placed, addressedTo: 'la', settingId: '', question: 'Q' })
				.success
		).toBe(true);
	});

	it('limits the length of a question', () => {
		const long = 'x'.repeat(QUESTION_MAX + 1);
		expect(
			messages(
				questionSchema.safeParse({ ...placed, addressedTo: 'la', settingId: '', question: long })
			)
		).toEqual({ question: 'The question must be 2,000 characters or fewer' });
	});
});

describe('the action form', () => {
	it('reads a British date and needs an owner', () => {
		const action = {
			...placed,
			what: 'Do it',
			owner: 'Chair',
			dueDate: '31/07/2027',
			status: 'done'
		};
		expect(boardActionSchema.parse(action).dueDate).toBe('2027-07-31');
		expect(
			messages(boardActionSchema.safeParse({ ...action, owner: ' ', dueDate: '31/06/2027' }))
		).toEqual({
			owner: 'Enter who owns the action: a name or a role',
			dueDate: 'Enter the due date as a real date, for example 31/07/2027'
		});
	});
});

describe('the answer form', () => {
	it('needs an answer and the version of the question that was read', () => {
		expect(messages(answerSchema.safeParse({ version: 0, answer: '' }))).toMatchObject({
			answer: 'Write the answer'
		});
		expect(answerSchema.safeParse({ version: 0, answer: 'Yes' }).success).toBe(false);
	});
});

describe('scrutinyQuery', () => {
	it('reads the cycle, place, list and page, ignoring anything odd', () => {
		const read = (q: string) => scrutinyQuery(new URLSearchParams(q));
		expect(read(`cycle=${ID}&district=whole&show=actions&page=2`)).toEqual({
			cycleId: ID,
			district: null,
			show: 'actions',
			page: 2
		});
		expect(read(`district=${ID}`)).toMatchObject({ district: ID, show: 'notes', page: 1 });
		expect(read('cycle=1%3Bdrop&district=Ashford&show=secrets&page=-1')).toEqual({
			cycleId: '',
			district: undefined,
			show: 'notes',
			page: 1
		});
	});
});
