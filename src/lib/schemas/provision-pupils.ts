import { z } from 'zod';
import { pageParam } from '../domain/paging';
import {
	NEED_CODES,
	SEN_STATUSES,
	YEAR_GROUPS,
	type NeedCode,
	type SenStatus
} from '../domain/provision';
import { isPupilReference, PUPIL_REFERENCE_MAX } from '../domain/sen-register';
import { dateField } from './dates';

/** A choice from a fixed list, kept as text so that a select can start on "Choose…". */
const choice = (values: readonly string[], message: string) =>
	z.string().refine((v) => values.includes(v), message);

const needError = 'Choose a need from the list';

const pupilFields = {
	reference: z
		.string()
		.trim()
		.min(1, { error: 'Enter the pupil’s reference', abort: true })
		.max(PUPIL_REFERENCE_MAX, {
			error: `The reference must be ${PUPIL_REFERENCE_MAX} characters or fewer`,
			abort: true
		})
		.refine(
			isPupilReference,
			'The reference can only have letters, numbers, spaces, hyphens, dots and slashes'
		),
	yearGroup: choice(YEAR_GROUPS, 'Choose a year group or age band'),
	senStatus: choice(SEN_STATUSES, 'Choose the SEN status'),
	primaryNeed: z
		.string()
		.min(1, { error: 'Choose the primary need', abort: true })
		.refine((v) => (NEED_CODES as readonly string[]).includes(v), needError),
	secondaryNeed: z
		.string()
		.refine((v) => v === '' || (NEED_CODES as readonly string[]).includes(v), needError),
	addedOn: dateField({
		required: 'Enter the date the pupil was added to the register',
		format: 'Enter the date added as a real date, for example 01/09/2026',
		range: 'Enter a date added between the years 2000 and 2099'
	})
};

export const SAME_NEEDS_MESSAGE =
	'The secondary need must be different from the primary need, or choose none';

type PupilFields = { primaryNeed: string; secondaryNeed: string };
const differentNeeds = (pupil: PupilFields, ctx: z.RefinementCtx) => {
	if (pupil.secondaryNeed !== '' && pupil.secondaryNeed === pupil.primaryNeed)
		ctx.addIssue({
			code: 'custom',
			path: ['secondaryNeed'],
			message: SAME_NEEDS_MESSAGE
		});
};

/**
 * Adding a pupil to the register (version 0), or changing their entry: a change carries the
 * version it was read at, so it cannot overwrite someone else's save, and the date a change
 * of status, need or year group takes effect (which the service asks for only then).
 */
export const pupilSchema = z
	.object({
		...pupilFields,
		version: z.number().int().min(0),
		effectiveOn: dateField({
			format: 'Enter the date the change takes effect as a real date, for example 03/03/2026',
			range: 'Enter a date between the years 2000 and 2099'
		})
	})
	.superRefine(differentNeeds);
export type PupilForm = z.infer<typeof pupilSchema>;
/** The entry's own fields, as the form holds them. */
export type PupilValues = Omit<PupilForm, 'version' | 'effectiveOn'>;

/** A register entry as the services take it, its choices checked by the forms' schemas. */
export interface PupilInput {
	reference: string;
	yearGroup: string;
	senStatus: SenStatus;
	primaryNeed: NeedCode;
	/** None is '' (as the form sends it) or null. */
	secondaryNeed: NeedCode | '' | null;
	addedOn: string;
}

/** The checked form as the services take it. */
export const pupilInputOf = (form: PupilValues): PupilInput => ({
	reference: form.reference,
	yearGroup: form.yearGroup,
	senStatus: form.senStatus as SenStatus,
	primaryNeed: form.primaryNeed as NeedCode,
	secondaryNeed: form.secondaryNeed as NeedCode | '',
	addedOn: form.addedOn
});

export const PUPIL_FIELD_LABELS: Record<keyof PupilValues, string> = {
	reference: 'Reference',
	yearGroup: 'Year group or age band',
	senStatus: 'SEN status',
	primaryNeed: 'Primary need',
	secondaryNeed: 'Secondary need',
	addedOn: 'Date added to the register'
};

/** What a failed save of a pupil carries back besides field errors. */
export interface PupilFormMessage {
	/** What is saved now, when someone else saved since the form was read. */
	conflict?: PupilValues;
}

/** Taking a pupil off the register, or putting them back, from a date. */
export const registerDateSchema = z.object({
	date: dateField({
		required: 'Enter the date',
		format: 'Enter the date as a real date, for example 20/07/2026',
		range: 'Enter a date between the years 2000 and 2099'
	})
});
export type RegisterDateForm = z.infer<typeof registerDateSchema>;

export const REVIEW_OUTCOME_MAX = 1000;

/** Browsers send a textarea's line breaks as CRLF; stored text uses LF. */
const tidyText = (v: string) => v.replace(/\r\n?/g, '\n').trim();

/**
 * An assess-plan-do-review cycle: when it is due and, once held, the date and how it went.
 * A new review has version 0.
 */
export const reviewSchema = z
	.object({
		version: z.number().int().min(0),
		dueOn: dateField({
			required: 'Enter the date the review is due',
			format: 'Enter the due date as a real date, for example 14/10/2026',
			range: 'Enter a due date between the years 2000 and 2099'
		}),
		heldOn: dateField({
			format: 'Enter the date held as a real date, for example 14/10/2026',
			range: 'Enter a date held between the years 2000 and 2099'
		}),
		outcome: z
			.string()
			.overwrite(tidyText)
			.max(
				REVIEW_OUTCOME_MAX,
				`The outcome must be ${REVIEW_OUTCOME_MAX.toLocaleString('en-GB')} characters or fewer`
			)
	})
	.superRefine((review, ctx) => {
		if (review.heldOn !== '' && review.outcome === '')
			ctx.addIssue({
				code: 'custom',
				path: ['outcome'],
				message: 'Enter the outcome of the review'
			});
		if (review.heldOn === '' && review.outcome !== '')
			ctx.addIssue({
				code: 'custom',
				path: ['heldOn'],
				message: 'Enter the date the review was held, to record its outcome'
			});
	});
export type ReviewForm = z.infer<typeof reviewSchema>;
export type ReviewInput = Omit<ReviewForm, 'version'>;

export const REVIEW_FIELD_LABELS: Record<keyof ReviewInput, string> = {
	dueOn: 'Due',
	heldOn: 'Held on',
	outcome: 'Outcome'
};

/** What a failed save of a review carries back besides field errors. */
export interface ReviewFormMessage {
	conflict?: ReviewInput;
}

export const PUPILS_PAGE_SIZE = 25;
export const REVIEWS_PAGE_SIZE = 25;

export interface PupilFilter {
	q: string;
	senStatus: SenStatus | '';
	need: NeedCode | '';
	yearGroup: string;
	/** Whether pupils taken off the register are listed too. */
	removed: boolean;
	page: number;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | '' =>
	(values as readonly string[]).includes(value ?? '') ? (value as T) : '';

/** The register's search and filters from a query string; anything unexpected is ignored. */
export function pupilFilter(params: URLSearchParams): PupilFilter {
	return {
		q: (params.get('q') ?? '').trim().slice(0, PUPIL_REFERENCE_MAX),
		senStatus: oneOf(SEN_STATUSES, params.get('status')),
		need: oneOf(NEED_CODES, params.get('need')),
		yearGroup: oneOf(YEAR_GROUPS, params.get('year')),
		removed: params.get('removed') === 'yes',
		page: pageParam(params)
	};
}

/** Whether any search or filter narrows the register. */
export const isFiltered = (f: PupilFilter) =>
	!!(f.q || f.senStatus || f.need || f.yearGroup || f.removed);
