import { z } from 'zod';
import { todayInEngland } from '../domain/dates';
import { isRecordId } from '../domain/ids';
import { pageParam } from '../domain/paging';
import { ACTION_STATUSES, type ReviewStage } from '../domain/peer-review';
import { yesOrNo } from './choice';
import { dateField } from './dates';

export const REPORT_TEXT_MAX = 8_000;
export const HOST_COMMENT_MAX = 4_000;
export const ACTION_TEXT_MAX = 1_000;
export const ACTION_OWNER_MAX = 200;
export const ACTION_IMPACT_MAX = 4_000;
export const FOLLOW_UP_NOTES_MAX = 4_000;
export const MAX_LINKED_CRITERIA = 100;

const count = (n: number) => n.toLocaleString('en-GB');

/** Browsers send a textarea's line breaks as CRLF; stored text uses LF so comparisons hold. */
const tidy = (v: string) => v.replace(/\r\n?/g, '\n').trim();
const text = (max: number, what: string) =>
	z
		.string()
		.overwrite(tidy)
		.max(max, `${what} must be ${count(max)} characters or fewer`);
const required = (max: number, what: string, missing: string) =>
	z
		.string()
		.overwrite(tidy)
		.min(1, missing)
		.max(max, `${what} must be ${count(max)} characters or fewer`);

/**
 * The version of the review the person saw. Every step and every save moves it on, so a form
 * read before someone else's change is refused instead of acting on what they no longer see.
 */
const stamp = z.number({ error: 'The form is out of date: reload the page' }).int().min(1);

/** The lead's draft of the report. Any part may be blank while it is being written. */
export const reportDraftSchema = z.object({
	version: stamp,
	reportContext: text(REPORT_TEXT_MAX, 'The context'),
	strengths: text(REPORT_TEXT_MAX, 'The strengths'),
	areasForDevelopment: text(REPORT_TEXT_MAX, 'The areas for development')
});
export type ReportDraftForm = z.infer<typeof reportDraftSchema>;
export type ReportText = Omit<ReportDraftForm, 'version'>;

export const REPORT_TEXT_LABELS: Record<keyof ReportText, string> = {
	reportContext: 'Context',
	strengths: 'Strengths',
	areasForDevelopment: 'Areas for development'
};

/** A step that needs nothing but the version seen: sending for the check, finalising. */
export const reviewStampSchema = z.object({ version: stamp });
export type ReviewStampForm = z.infer<typeof reviewStampSchema>;

/** The host's factual accuracy comments, returned to the lead. */
export const hostCheckSchema = z.object({
	version: stamp,
	comment: required(
		HOST_COMMENT_MAX,
		'Your comments',
		'Write your comments on the factual accuracy of the report'
	)
});
export type HostCheckForm = z.infer<typeof hostCheckSchema>;

/** The host's headteacher decides whether the area board may read the final report. */
export const boardSharingSchema = z.object({
	version: stamp,
	share: yesOrNo('Choose whether the area board may read the report')
});
export type BoardSharingForm = z.infer<typeof boardSharingSchema>;

/** One action of the host's plan. A new action carries version 0. */
export const actionSchema = z
	.object({
		version: z.number().int().min(0),
		action: required(ACTION_TEXT_MAX, 'The action', 'Describe the action'),
		criterionIds: z
			.array(z.string())
			.max(MAX_LINKED_CRITERIA, 'Link fewer criteria')
			.refine((ids) => ids.every(isRecordId), 'Choose criteria from the list'),
		owner: required(ACTION_OWNER_MAX, 'The owner', 'Enter who owns the action'),
		dueDate: dateField({
			required: 'Enter the date the action is due',
			format: 'Enter the due date as a real date, for example 31/07/2027',
			range: 'Enter a due date between the years 2000 and 2099'
		}),
		status: z.enum(ACTION_STATUSES, { error: 'Choose where the action stands' }),
		impact: text(ACTION_IMPACT_MAX, 'The evidence of impact')
	})
	.refine((a) => !(a.status === 'done' && a.impact === ''), {
		path: ['impact'],
		message: 'Describe the evidence of impact before marking the action done',
		// Said alongside any other problem with the form, not only once the rest is right.
		when: ({ issues }) => !issues.some((i) => i.path?.[0] === 'status' || i.path?.[0] === 'impact')
	});
export type ActionForm = z.infer<typeof actionSchema>;
export type ActionInput = Omit<ActionForm, 'version'>;

export const ACTION_FIELD_LABELS: Record<keyof ActionInput, string> = {
	action: 'Action',
	criterionIds: 'Linked criteria',
	owner: 'Owner',
	dueDate: 'Due date',
	status: 'Status',
	impact: 'Evidence of impact'
};

/** The host plans the follow-up visit. */
export const followUpScheduleSchema = z.object({
	version: stamp,
	followUpDate: dateField({
		required: 'Enter the date of the follow-up visit',
		format: 'Enter the date as a real date, for example 31/07/2027',
		range: 'Enter a date between the years 2000 and 2099'
	})
});
export type FollowUpScheduleForm = z.infer<typeof followUpScheduleSchema>;

/** The host records that the follow-up visit took place, and what came of it. */
export const followUpRecordSchema = z.object({
	version: stamp,
	doneOn: dateField({
		required: 'Enter the date the follow-up visit took place',
		format: 'Enter the date as a real date, for example 31/07/2027',
		range: 'Enter a date between the years 2000 and 2099'
	}).refine((v) => v <= todayInEngland(), 'The visit date must be today or in the past'),
	notes: text(FOLLOW_UP_NOTES_MAX, 'The notes')
});
export type FollowUpRecordForm = z.infer<typeof followUpRecordSchema>;

/** Why a step on a review was refused, for the page to explain. */
export type ReviewMessage =
	| { kind: 'stale' }
	| { kind: 'wrong-stage'; stage: ReviewStage }
	| { kind: 'incomplete'; missing: (keyof ReportText)[] }
	| { kind: 'not-checked' }
	| { kind: 'forbidden' }
	| { kind: 'follow-up'; text: string }
	| { kind: 'conflict'; current: ReportText }
	| { kind: 'saved'; at: string };

/** What a refused action save carries back: what is saved now. */
export interface ActionMessage {
	conflict?: ActionInput;
}

export const LA_ACTIONS_PAGE_SIZE = 25;

export interface LaActionsFilter {
	roundId: string;
	page: number;
}

/** The LA's overdue list filter from the query string; anything odd is ignored. */
export function laActionsFilter(params: URLSearchParams): LaActionsFilter {
	const round = params.get('round') ?? '';
	return { roundId: isRecordId(round) ? round : '', page: pageParam(params) };
}
