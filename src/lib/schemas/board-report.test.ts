import { describe, expect, it } from 'vitest';
import { REPORT_PARTS, reportOptions } from './board-report';

const params = (q: [string, string][]) => new URLSearchParams(q);

describe('reportOptions', () => {
	it('includes every part on a first visit, with no meeting', () => {
		expect(reportOptions(params([['cycle', 'x']]))).toEqual({
			options: { parts: [...REPORT_PARTS], meeting: null },
			errors: {},
			meetingText: ''
		});
	});

	it('keeps the parts ticked, in report order, and reads a British date', () => {
		const { options, errors } = reportOptions(
			params([
				['parts', 'chosen'],
				['part', 'actions'],
				['part', 'coverage'],
				['meeting', ' 4/3/2027 ']
			])
		);
		expect(errors).toEqual({});
		expect(options).toEqual({ parts: ['coverage', 'actions'], meeting: '2027-03-04' });
	});

	it('asks for a part when every box was unticked', () => {
		const { options, errors } = reportOptions(params([['parts', 'chosen']]));
		expect(errors).toEqual({ part: ['Choose at least one part of the report to include'] });
		expect(options.parts).toEqual([]);
	});

	it('refuses a part it does not know, keeping the known ones ticked', () => {
		const { options, errors } = reportOptions(
			params([
				['part', 'pupils'],
				['part', 'names'],
				['part', 'shared']
			])
		);
		expect(errors).toEqual({ part: ['Choose the parts of the report from the list'] });
		expect(options.parts).toEqual(['shared']);
	});

	it('refuses a date that does not exist or is out of range, keeping what was typed', () => {
		expect(reportOptions(params([['meeting', '2027-02-29']]))).toMatchObject({
			errors: {
				meeting: ['Enter the date of the meeting as a real date, for example 14/10/2026']
			},
			meetingText: '2027-02-29'
		});
		expect(reportOptions(params([['meeting', 'next Tuesday']])).errors.meeting).toHaveLength(1);
		expect(reportOptions(params([['meeting', '1999-12-31']])).errors).toEqual({
			meeting: ['Enter a meeting date between the years 2000 and 2099']
		});
	});
});
