import { describe, expect, it } from 'vitest';
import { pupilFilter, pupilSchema, reviewSchema } from './provision-pupils';

const pupil = {
	reference: 'P-0123',
	yearGroup: 'R',
	senStatus: 'K',
	primaryNeed: 'SLCN',
	secondaryNeed: '',
	addedOn: '01/09/2026',
	version: 0,
	effectiveOn: ''
};
const fieldsWithErrors = (result: { error?: { issues: { path: PropertyKey[] }[] } }) =>
	result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('the pupil form', () => {
	it('takes a pseudonymous reference, a choice from each list and a British date', () => {
		const result = pupilSchema.safeParse({ ...pupil, reference: '  P-0123 ' });
		expect(result.data).toMatchObject({ reference: 'P-0123', addedOn: '2026-09-01' });
	});

	it('asks for every choice, and refuses values from outside the lists', () => {
		const result = pupilSchema.safeParse({
			...pupil,
			reference: '',
			yearGroup: 'Year 3',
			senStatus: 'N',
			primaryNeed: '',
			secondaryNeed: 'DYS',
			addedOn: '31/06/2026'
		});
		expect(fieldsWithErrors(result)).toEqual([
			'reference',
			'yearGroup',
			'senStatus',
			'primaryNeed',
			'secondaryNeed',
			'addedOn'
		]);
	});

	it('refuses a secondary need the same as the primary', () => {
		const result = pupilSchema.safeParse({ ...pupil, secondaryNeed: 'SLCN' });
		expect(fieldsWithErrors(result)).toEqual(['secondaryNeed']);
	});
});

describe('the review form', () => {
	const review = { version: 0, dueOn: '2026-10-14', heldOn: '', outcome: '' };

	it('needs only a due date until the review is held', () => {
		expect(reviewSchema.safeParse(review).success).toBe(true);
		expect(fieldsWithErrors(reviewSchema.safeParse({ ...review, dueOn: '' }))).toEqual(['dueOn']);
	});

	it('needs an outcome once held, and a date held for an outcome', () => {
		expect(fieldsWithErrors(reviewSchema.safeParse({ ...review, heldOn: '2026-10-15' }))).toEqual([
			'outcome'
		]);
		expect(fieldsWithErrors(reviewSchema.safeParse({ ...review, outcome: 'Went well' }))).toEqual([
			'heldOn'
		]);
		const held = reviewSchema.safeParse({
			...review,
			heldOn: '15/10/2026',
			outcome: 'Went well\r\nNext: phonics'
		});
		expect(held.data).toMatchObject({ heldOn: '2026-10-15', outcome: 'Went well\nNext: phonics' });
	});

	it('keeps the outcome to 1,000 characters', () => {
		const long = { ...review, heldOn: '2026-10-15' };
		expect(reviewSchema.safeParse({ ...long, outcome: 'x'.repeat(1000) }).success).toBe(true);
		expect(
			fieldsWithErrors(reviewSchema.safeParse({ ...long, outcome: 'x'.repeat(1001) }))
		).toEqual(['outcome']);
	});
});

describe('the register’s filters', () => {
	const filter = (query: string) => pupilFilter(new URLSearchParams(query));

	it('reads the search, filters and page from the query string', () => {
		expect(filter('q=+P-01+&status=E&need=ASD&year=R&removed=yes&page=2')).toEqual({
			q: 'P-01',
			senStatus: 'E',
			need: 'ASD',
			yearGroup: 'R',
			removed: true,
			page: 2
		});
	});

	it('ignores anything unexpected', () => {
		expect(filter('status=N&need=asd&year=Year+3&removed=1&page=-1')).toEqual({
			q: '',
			senStatus: '',
			need: '',
			yearGroup: '',
			removed: false,
			page: 1
		});
	});
});
