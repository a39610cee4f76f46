import { z } from 'zod';
import {
	ADDRESSEES,
	SCRUTINY_LISTS,
	type Addressee,
	type ScrutinyList
} from '../domain/board-scrutiny';
import { isRecordId } from '../domain/ids';
import { pageParam } from '../domain/paging';
import { ACTION_STATUSES } from '../domain/peer-review';
import { dateField } from './dates';
import { text } from './fields';

export const NOTE_MAX = 4_000;
export const QUESTION_MAX = 2_000;
export const ANSWER_MAX = 4_000;
export const ACTION_WHAT_MAX = 1_000;
export const ACTION_OWNER_MAX = 200;
export const SCRUTINY_PAGE_SIZE = 25;

/** Text that must be given, tidied and of at most `max` characters. */
const required = (max: number, what: string, missing: string) => text(max, what).min(1, missing);

/** The version of the record the person saw; a new record carries 0. */
const version = z.number().int().min(0);

/**
 * Where a record goes: the cycle and district the page showed ('' for the board's whole
 * scope). Hidden fields, read only when a record is added (a record stays where it was put);
 * the service checks both are the board's.
 */
const placement = {
	cycleId: z.string().refine(isRecordId, 'Choose a cycle from the list'),
	districtId: z.string().refine((v) => v === '' || isRecordId(v), 'Choose a district from the list')
};

export interface Placement {
	cycleId: string;
	districtId: string;
}

export const noteSchema = z.object({
	version,
	...placement,
	body: required(NOTE_MAX, 'The note', 'Write the note')
});
export type NoteForm = z.infer<typeof noteSchema>;
export type NoteInput = Pick<NoteForm, 'body'>;
export const NOTE_FIELD_LABELS: Record<keyof NoteInput, string> = { body: 'Note' };

export const questionSchema = z
	.object({
		version,
		...placement,
		// A string, not an enum: superforms would fill a missing enum with its first value and
		// put a question nobody addressed to the LA.
		addressedTo: z
			.string()
			.refine(
				(v) => (ADDRESSEES as readonly string[]).includes(v),
				'Choose who the question is for'
			),
		settingId: z.string(),
		question: required(QUESTION_MAX, 'The question', 'Write the question')
	})
	.refine((q) => q.addressedTo !== 'setting' || isRecordId(q.settingId), {
		path: ['settingId'],
		message: 'Choose the setting the question is for',
		// Said alongside any other problem with the form, not only once the rest is right.
		when: ({ issues }) =>
			!issues.some((i) => i.path?.[0] === 'addressedTo' || i.path?.[0] === 'settingId')
	});
export type QuestionForm = z.infer<typeof questionSchema>;
export type QuestionInput = Pick<QuestionForm, 'settingId' | 'question'> & {
	addressedTo: Addressee;
};
/** The form's fields as the service takes them; the schema has checked who it is for. */
export const questionInput = (form: QuestionForm): QuestionInput => ({
	addressedTo: form.addressedTo as Addressee,
	settingId: form.settingId,
	question: form.question
});
export const QUESTION_FIELD_LABELS: Record<keyof QuestionInput, string> = {
	addressedTo: 'For',
	settingId: 'Setting',
	question: 'Question'
};

export const boardActionSchema = z.object({
	version,
	...placement,
	what: required(ACTION_WHAT_MAX, 'The action', 'Describe the action'),
	owner: required(ACTION_OWNER_MAX, 'The owner', 'Enter who owns the action: a name or a role'),
	dueDate: dateField({
		required: 'Enter the date the action is due',
		format: 'Enter the due date as a real date, for example 31/07/2027',
		range: 'Enter a due date between the years 2000 and 2099'
	}),
	status: z.enum(ACTION_STATUSES, { error: 'Choose where the action stands' })
});
export type BoardActionForm = z.infer<typeof boardActionSchema>;
export type BoardActionInput = Pick<BoardActionForm, 'what' | 'owner' | 'dueDate' | 'status'>;
export const BOARD_ACTION_FIELD_LABELS: Record<keyof BoardActionInput, string> = {
	what: 'Action',
	owner: 'Owner',
	dueDate: 'Due date',
	status: 'Status'
};

/** The LA's or a setting's answer to a question, given or changed. */
export const answerSchema = z.object({
	version: version.min(1),
	answer: required(ANSWER_MAX, 'The answer', 'Write the answer')
});
export type AnswerForm = z.infer<typeof answerSchema>;
/** A question and its answer as saved, shown beside a refused answer. */
export type AnswerValues = {
	question: string;
	answer: string;
};
export const ANSWER_FIELD_LABELS: Record<keyof AnswerValues, string> = {
	question: 'Question',
	answer: 'Answer'
};

/** Deleting a record as it was when the person confirmed. */
export const removalSchema = z.object({
	version: z.number({ error: 'The page is out of date: reload it' }).int().min(1)
});

/** What a save refused as stale carries back: the record as it is saved now. */
export interface ConflictMessage<T> {
	conflict?: T;
}

/** A place filter: a district, null for the board's whole scope, or undefined for anywhere. */
export type DistrictChoice = string | null | undefined;

/** The query-string value naming the whole scope rather than one district. */
export const WHOLE_SCOPE = 'whole';

export interface ScrutinyQuery {
	/** The chosen cycle, or '' for the page's default. */
	cycleId: string;
	district: DistrictChoice;
	show: ScrutinyList;
	page: number;
}

/** The scrutiny pages' choices from the query string; anything odd is ignored. */
export function scrutinyQuery(params: URLSearchParams): ScrutinyQuery {
	const cycle = params.get('cycle') ?? '';
	const district = params.get('district') ?? '';
	const show = params.get('show') ?? '';
	return {
		cycleId: isRecordId(cycle) ? cycle : '',
		district: district === WHOLE_SCOPE ? null : isRecordId(district) ? district : undefined,
		show: (SCRUTINY_LISTS as readonly string[]).includes(show) ? (show as ScrutinyList) : 'notes',
		page: pageParam(params)
	};
}

/** The LA's board filter from the query string: a board id, or '' for every board. */
export function boardParam(params: URLSearchParams): string {
	const board = params.get('board') ?? '';
	return isRecordId(board) ? board : '';
}
