import { z } from 'zod';
import { isRecordId } from '../domain/ids';
import { pageParam } from '../domain/paging';
import {
	AREAS_OF_NEED,
	MAX_GROUP_SIZE,
	MAX_HOURLY_COST_PENCE,
	MAX_MINUTES_PER_SESSION,
	MAX_SESSIONS_PER_WEEK,
	MAX_WEEKS,
	OUTCOMES,
	TIERS
} from '../domain/provision';
import { parsePounds } from '../domain/provision-cost';
import { parseTermKey } from '../domain/provision-terms';
import { dateField } from './dates';

export const INTERVENTION_NAME_MAX = 120;
export const STAFF_ROLE_MAX = 80;
export const MEASURE_MAX = 200;
export const RECORD_NOTES_MAX = 2_000;

const count = (n: number) => n.toLocaleString('en-GB');
/** Browsers send a textarea's line breaks as CRLF; stored text uses LF so comparisons hold. */
const tidy = (v: string) => v.replace(/\r\n?/g, '\n').trim();
const text = (max: number, what: string) =>
	z
		.string()
		.overwrite(tidy)
		.max(max, `${what} must be ${count(max)} characters or fewer`);

/** A choice from a fixed list, kept as text so that a select can start on "Choose…". */
const choice = (values: readonly string[], missing: string) =>
	z.string().refine((v) => values.includes(v), missing);

/** A whole number typed in a box, kept as text so that what was typed is shown back. */
const wholeNumber = (what: string, example: number, min: number, max: number) =>
	z
		.string()
		.trim()
		.min(1, { error: `Enter ${what.toLowerCase()}`, abort: true })
		.regex(/^\d{1,6}$/, {
			error: `Enter ${what.toLowerCase()} as a whole number, like ${example}`,
			abort: true
		})
		.refine((v) => Number(v) >= min && Number(v) <= max, `${what} must be from ${min} to ${max}`);

/**
 * An intervention of the setting's offer. Numbers stay text so that what was typed is
 * shown back; the cost per hour is typed in pounds (18.50, £18.50 or 1,000) and kept in
 * pence. A new intervention has version 0.
 */
export const interventionSchema = z.object({
	version: z.number().int().min(0),
	name: z
		.string()
		.trim()
		.min(1, 'Enter the name of the intervention')
		.max(INTERVENTION_NAME_MAX, `The name must be ${INTERVENTION_NAME_MAX} characters or fewer`),
	areaOfNeed: choice(AREAS_OF_NEED, 'Choose the broad area of need'),
	tier: choice(TIERS, 'Choose the tier'),
	groupSize: wholeNumber('The group size', 4, 1, MAX_GROUP_SIZE),
	sessionsPerWeek: wholeNumber('The sessions a week', 3, 1, MAX_SESSIONS_PER_WEEK),
	minutesPerSession: wholeNumber('The minutes a session', 30, 1, MAX_MINUTES_PER_SESSION),
	staffRole: text(STAFF_ROLE_MAX, 'The staff role'),
	hourlyCost: z
		.string()
		.trim()
		.min(1, { error: 'Enter the cost per hour in pounds, like 18.50', abort: true })
		.refine((v) => parsePounds(v) !== null, {
			error: 'Enter the cost per hour in pounds and pence, like 18.50, without any other words',
			abort: true
		})
		.refine(
			(v) => parsePounds(v)! <= MAX_HOURLY_COST_PENCE,
			`The cost per hour must be £${count(MAX_HOURLY_COST_PENCE / 100)} or less`
		),
	outcomeMeasure: text(MEASURE_MAX, 'The outcome measure')
});
export type InterventionForm = z.infer<typeof interventionSchema>;
export type InterventionInput = Omit<InterventionForm, 'version'>;

export const INTERVENTION_FIELD_LABELS: Record<keyof InterventionInput, string> = {
	name: 'Name',
	areaOfNeed: 'Area of need',
	tier: 'Tier',
	groupSize: 'Group size',
	sessionsPerWeek: 'Sessions a week',
	minutesPerSession: 'Minutes a session',
	staffRole: 'Staff role',
	hourlyCost: 'Cost per hour',
	outcomeMeasure: 'Outcome measure'
};

/** What a failed save of an intervention carries back besides field errors. */
export interface InterventionFormMessage {
	/** What is saved now, when someone else saved since the form was read. */
	conflict?: InterventionInput;
}

const dateMessages = (what: string) => ({
	format: `Enter the ${what} as a real date, for example 01/09/2026`,
	range: `Enter a ${what} between the years 2000 and 2099`
});

/** Whether none of the named fields has a problem yet, so a rule across them can be judged. */
const fine =
	(...fields: string[]) =>
	({ issues }: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
		!issues.some((i) => fields.includes(String(i.path?.[0])));

/**
 * A pupil's place on an intervention. The term, when chosen, has already set both dates
 * (see withTermDates); otherwise the start date is typed. An ongoing record has no end
 * date, and an outcome other than "too early to say" needs one. A new record has version 0.
 */
export const recordSchema = z
	.object({
		version: z.number().int().min(0),
		pupilId: z
			.string()
			.trim()
			.min(1, { error: 'Choose the pupil', abort: true })
			.refine(isRecordId, 'Choose a pupil from the list'),
		interventionId: z
			.string()
			.trim()
			.min(1, { error: 'Choose the intervention', abort: true })
			.refine(isRecordId, 'Choose an intervention from the list'),
		term: z
			.string()
			.trim()
			.refine((v) => v === '' || parseTermKey(v) !== null, 'Choose a term from the list'),
		startDate: dateField({
			required: 'Enter the start date, or choose a term',
			...dateMessages('start date')
		}),
		endDate: dateField(dateMessages('end date')),
		weeks: z
			.string()
			.trim()
			.regex(/^(\d{1,6})?$/, {
				error: 'Enter the weeks delivered as a whole number, like 10, or leave it blank',
				abort: true
			})
			.refine(
				(v) => v === '' || Number(v) <= MAX_WEEKS,
				`Weeks delivered must be from 0 to ${MAX_WEEKS}`
			),
		entryMeasure: text(MEASURE_MAX, 'The entry measure'),
		exitMeasure: text(MEASURE_MAX, 'The exit measure'),
		outcome: z
			.string()
			.refine(
				(v) => v === '' || (OUTCOMES as readonly string[]).includes(v),
				'Choose an outcome from the list'
			),
		notes: text(RECORD_NOTES_MAX, 'The notes')
	})
	.refine((r) => r.endDate === '' || r.endDate >= r.startDate, {
		path: ['endDate'],
		message: 'The end date must be the same as or after the start date',
		when: fine('startDate', 'endDate')
	})
	.refine((r) => r.endDate !== '' || r.outcome === '' || r.outcome === 'too_early', {
		path: ['endDate'],
		message:
			'Enter the end date: only provision that has ended can have its target met, partly met or not met. Choose “Too early to say” while it goes on',
		when: fine('endDate', 'outcome')
	});
export type RecordForm = z.infer<typeof recordSchema>;
/** What a record saves: the term has done its work by setting the dates. */
export type RecordInput = Omit<RecordForm, 'version' | 'term'>;

export const RECORD_FIELD_LABELS: Record<keyof RecordInput, string> = {
	pupilId: 'Pupil',
	interventionId: 'Intervention',
	startDate: 'Start date',
	endDate: 'End date',
	weeks: 'Weeks delivered',
	entryMeasure: 'Entry measure',
	exitMeasure: 'Exit measure',
	outcome: 'Outcome',
	notes: 'Notes'
};

/** What a failed save of a record carries back besides field errors. */
export interface RecordFormMessage {
	/** What is saved now, when someone else saved since the form was read. */
	conflict?: RecordInput;
}

/**
 * A record form as posted, with a chosen term turned into its dates: the term sets both,
 * over anything typed, and is then cleared so that the dates shown are what is saved. Done
 * on the server, so it works without JavaScript; a term that is not one is left for the
 * schema to refuse.
 */
export function withTermDates(data: FormData): FormData {
	const chosen = data.get('term');
	const term = typeof chosen === 'string' ? parseTermKey(chosen) : null;
	if (!term) return data;
	data.set('startDate', term.start);
	data.set('endDate', term.end);
	data.set('term', '');
	return data;
}

export const INTERVENTIONS_PAGE_SIZE = 25;
export const RECORDS_PAGE_SIZE = 25;

export interface InterventionFilter {
	/** Whether archived interventions are listed too, after the active ones. */
	archived: boolean;
	page: number;
}

/** The list of interventions' toggle and page from a query string. */
export const interventionFilter = (params: URLSearchParams): InterventionFilter => ({
	archived: params.get('archived') === 'yes',
	page: pageParam(params)
});

export const RECORD_STATUSES = ['current', 'ended'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = {
	current: 'Current or planned',
	ended: 'Ended'
};

export interface RecordFilter {
	interventionId: string;
	pupilId: string;
	status: RecordStatus | '';
	page: number;
}

/** The list of records' filters from a query string; anything unexpected is ignored. */
export function recordFilter(params: URLSearchParams): RecordFilter {
	const id = (name: string) => {
		const value = params.get(name) ?? '';
		return isRecordId(value) ? value : '';
	};
	const status = params.get('status') ?? '';
	return {
		interventionId: id('intervention'),
		pupilId: id('pupil'),
		status: (RECORD_STATUSES as readonly string[]).includes(status) ? (status as RecordStatus) : '',
		page: pageParam(params)
	};
}
