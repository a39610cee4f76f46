import { z } from 'zod';
import { dateField } from './dates';

/** The parts of a board report drawn from the district view, in the order it prints them. */
export const TABLE_PARTS = ['coverage', 'districts', 'standards', 'calibration', 'shared'] as const;
export type TablePart = (typeof TABLE_PARTS)[number];
/** The parts drawn from the board's scrutiny, printed after the tables. */
export const SCRUTINY_PARTS = ['notes', 'questions', 'actions'] as const;
export type ScrutinyPart = (typeof SCRUTINY_PARTS)[number];

export const REPORT_PARTS = [...TABLE_PARTS, ...SCRUTINY_PARTS] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

export const isTablePart = (part: ReportPart): part is TablePart =>
	(TABLE_PARTS as readonly string[]).includes(part);
export const isScrutinyPart = (part: ReportPart): part is ScrutinyPart =>
	(SCRUTINY_PARTS as readonly string[]).includes(part);

export const REPORT_PART_LABELS: Record<ReportPart, string> = {
	coverage: 'Coverage: self-evaluations, peer reviews and action plans',
	districts: 'Side by side: the districts or communities compared',
	standards: 'Standards picture: ratings by section, statutory gaps and change',
	calibration: 'Calibration: self-ratings against the ratings peers agreed',
	shared: 'Named results of the settings that share them',
	notes: 'The board’s notes',
	questions: 'Questions, with their answers',
	actions: 'Actions, with owners, due dates and where they stand'
};

/**
 * The query-string field a submitted choice of parts carries: unticked boxes send nothing, so
 * without it "no part ticked" would read as a first visit, which includes every part.
 */
export const PARTS_FIELD = 'parts';
export const PARTS_CHOSEN = 'chosen';

export const boardReportSchema = z.object({
	part: z
		.array(z.enum(REPORT_PARTS, { error: 'Choose the parts of the report from the list' }))
		.min(1, 'Choose at least one part of the report to include'),
	meeting: dateField({
		format: 'Enter the date of the meeting as a real date, for example 14/10/2026',
		range: 'Enter a meeting date between the years 2000 and 2099'
	})
});

export type ReportErrors = Partial<Record<'part' | 'meeting', string[]>>;

/** What to print, as asked for: the parts in report order and the meeting date (YYYY-MM-DD). */
export interface ReportOptions {
	parts: ReportPart[];
	meeting: string | null;
}

/**
 * The report's options from a query string, with a message for each field at fault: every
 * part unless a choice was submitted. With errors, `options` holds what can be kept (the
 * known parts ticked) and `meetingText` what was typed, to show the form again.
 */
export function reportOptions(params: URLSearchParams): {
	options: ReportOptions;
	errors: ReportErrors;
	meetingText: string;
} {
	const chosen = params.get(PARTS_FIELD) === PARTS_CHOSEN || params.has('part');
	const input = {
		part: chosen ? params.getAll('part') : [...REPORT_PARTS],
		meeting: params.get('meeting') ?? ''
	};
	const inOrder = (parts: readonly string[]) => REPORT_PARTS.filter((p) => parts.includes(p));
	const result = boardReportSchema.safeParse(input);
	if (result.success)
		return {
			options: { parts: inOrder(result.data.part), meeting: result.data.meeting || null },
			errors: {},
			meetingText: result.data.meeting
		};
	const errors: ReportErrors = {};
	for (const issue of result.error.issues) {
		const field = issue.path[0] === 'meeting' ? 'meeting' : 'part';
		const list = (errors[field] ??= []);
		if (!list.includes(issue.message)) list.push(issue.message);
	}
	return {
		options: { parts: inOrder(input.part), meeting: null },
		errors,
		meetingText: input.meeting
	};
}
