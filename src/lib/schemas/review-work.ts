import { z } from 'zod';
import { MAX_SCALE_LEVELS } from '../domain/framework';
import { isRecordId } from '../domain/ids';
import { VISIT_ACTIVITIES } from '../domain/peer-review';
import { dateField } from './dates';

export const PRIORITIES_MAX = 2000;
export const VISIT_TEXT_MAX = 2000;
export const QUESTION_MAX = 1000;
export const NOTES_MAX = 4000;
export const RATIONALE_MAX = 2000;
/** A visit lasts one, two or three days. */
export const VISIT_DAYS_MAX = 3;

/** Browsers send a textarea's line breaks as CRLF; stored text uses LF. */
const tidyText = (v: string) => v.replace(/\r\n?/g, '\n').trim();
const text = (max: number, tooLong: string) => z.string().overwrite(tidyText).max(max, tooLong);
const requiredText = (max: number, missing: string, tooLong: string) =>
	z.string().overwrite(tidyText).min(1, missing).max(max, tooLong);

/**
 * The review's version as the page was read. Every change to the review moves it on, so a
 * form read before someone else's change is refused instead of undoing it.
 */
const stamp = z.number({ error: 'The form is out of date: reload the page' }).int().min(1);

/**
 * A count of pupils: left blank it is missing. Typed as a plain number (not an integer) so
 * that "3.5" reaches the check below and is refused, instead of being cut to 3 on the way in.
 */
const pupils = (missing: string) =>
	z
		.number({ error: 'Enter a number, like 24' })
		.nullable()
		.refine((v) => v !== null, missing)
		.refine((v) => v === null || Number.isInteger(v), 'Enter a whole number, like 24')
		.refine((v) => v === null || v >= 0, 'Enter 0 or more')
		.refine((v) => v === null || v <= 100_000, 'Enter a number of 100,000 or fewer');

const contextFields = {
	roll: pupils('Enter the number of pupils on roll'),
	senSupport: pupils('Enter the number of pupils receiving SEN support'),
	ehcp: pupils('Enter the number of pupils with an EHC plan'),
	priorities: text(
		PRIORITIES_MAX,
		`The priorities must be ${PRIORITIES_MAX.toLocaleString('en-GB')} characters or fewer`
	)
};

/**
 * The host's context for its reviewers: numbers on roll, receiving SEN support and with an
 * EHC plan (neither more than the roll), and the priorities it wants them to know about.
 */
export const reviewContextSchema = z
	.object({ version: stamp, ...contextFields })
	.superRefine((value, ctx) => {
		if (value.roll === null) return;
		for (const [field, what] of [
			['senSupport', 'SEN support'],
			['ehcp', 'EHC plans']
		] as const) {
			const n = value[field];
			if (n !== null && n > value.roll)
				ctx.addIssue({
					code: 'custom',
					path: [field],
					message: `The number with ${what} cannot be more than the number on roll (${value.roll})`
				});
		}
	});
export type ReviewContextForm = z.infer<typeof reviewContextSchema>;

/** Days from one YYYY-MM-DD to another, counting both ends: the same day is one day. */
export function visitDays(start: string, end: string): number {
	const day = 24 * 60 * 60 * 1000;
	return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / day) + 1;
}

/** The visit plan the lead agrees with the host: one to three days, what happens, whom to meet. */
export const visitPlanSchema = z
	.object({
		version: stamp,
		visitStart: dateField({
			required: 'Enter the first day of the visit',
			format: 'Enter the first day as a date, like 12/03/2027',
			range: 'Enter a first day between the years 2000 and 2099'
		}),
		visitEnd: dateField({
			format: 'Enter the last day as a date, like 13/03/2027',
			range: 'Enter a last day between the years 2000 and 2099'
		}),
		activities: text(
			VISIT_TEXT_MAX,
			`The activities must be ${VISIT_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`
		),
		people: text(
			VISIT_TEXT_MAX,
			`The people to meet must be ${VISIT_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`
		)
	})
	.superRefine((value, ctx) => {
		if (!value.visitStart || !value.visitEnd) return;
		const days = visitDays(value.visitStart, value.visitEnd);
		if (days < 1)
			ctx.addIssue({
				code: 'custom',
				path: ['visitEnd'],
				message: 'The last day must be the same as or after the first day'
			});
		else if (days > VISIT_DAYS_MAX)
			ctx.addIssue({
				code: 'custom',
				path: ['visitEnd'],
				message: `A visit lasts at most ${VISIT_DAYS_MAX} days`
			});
	});
export type VisitPlanForm = z.infer<typeof visitPlanSchema>;

const criteriaChoice = z
	.array(z.string().refine(isRecordId, 'Choose criteria from the list'))
	.min(1, 'Choose at least one criterion');

/** A line of enquiry: a question for the visit and the criteria it bears on. */
export const enquirySchema = z.object({
	question: requiredText(
		QUESTION_MAX,
		'Enter the question',
		`The question must be ${QUESTION_MAX.toLocaleString('en-GB')} characters or fewer`
	),
	criterionIds: criteriaChoice
});
export type EnquiryForm = z.infer<typeof enquirySchema>;

/** An entry of the visit's evidence log. */
export const visitEvidenceSchema = z.object({
	activity: z.enum(VISIT_ACTIVITIES, { error: 'Choose the activity' }),
	happenedOn: dateField({
		required: 'Enter the date',
		format: 'Enter the date, like 12/03/2027',
		range: 'Enter a date between the years 2000 and 2099'
	}),
	notes: requiredText(
		NOTES_MAX,
		'Enter your notes',
		`The notes must be ${NOTES_MAX.toLocaleString('en-GB')} characters or fewer`
	),
	criterionIds: criteriaChoice
});
export type VisitEvidenceForm = z.infer<typeof visitEvidenceSchema>;

const CHOOSE_LEVEL = 'Choose a level';

/**
 * A level and the rationale for it, on one criterion: a reviewer's rating, or the rating
 * the lead records as agreed. `version` is that rating's version as read, 0 before the first.
 */
export const levelRationaleSchema = z.object({
	criterionId: z.string().refine(isRecordId, 'Choose a criterion from the list'),
	version: z.number().int().min(0),
	rating: z
		.number({ error: CHOOSE_LEVEL })
		.int(CHOOSE_LEVEL)
		.min(1, CHOOSE_LEVEL)
		.max(MAX_SCALE_LEVELS, CHOOSE_LEVEL)
		.nullable()
		.refine((v) => v !== null, CHOOSE_LEVEL),
	rationale: requiredText(
		RATIONALE_MAX,
		'Enter the rationale for this level',
		`The rationale must be ${RATIONALE_MAX.toLocaleString('en-GB')} characters or fewer`
	)
});
export type LevelRationaleForm = z.infer<typeof levelRationaleSchema>;

/** A stage step that needs nothing but the review's version: starting the visit, the report. */
export const reviewStepSchema = z.object({ version: stamp });

/** Removing an entry (a line of enquiry, an evidence log entry) by its id. */
export const removeEntrySchema = z.object({
	entryId: z.string().refine(isRecordId, 'Choose an entry from the list')
});

/** Why a form was refused, for the page to say: a sentence, and what is saved now if relevant. */
export interface WorkMessage {
	kind: 'refused' | 'stale' | 'saved';
	text: string;
	/** What is saved now, when a save was refused because it had changed meanwhile. */
	saved?: { label: string; value: string }[];
}
