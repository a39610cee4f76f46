import type { EvaluationAction, SharingLevel } from '$lib/domain/evaluation';

/** One entry of a self-evaluation's sign-off trail, newest first as the service gives them. */
export interface TrailEvent {
	action: EvaluationAction;
	comment: string;
	actorName: string | null;
	at: Date;
}

export const evaluationHref = (id: string) => `/self-evaluation/${id}`;

/** What each entry in the trail says happened. */
export const EVENT_LABELS: Record<EvaluationAction, string> = {
	submitted: 'Submitted for sign-off',
	returned: 'Returned to the SENCO for changes',
	signed_off: 'Signed off',
	reopened: 'Reopened',
	sharing_changed: 'Changed what the area board sees'
};

/** What the comment of each kind of entry is, where it has one. */
export const EVENT_COMMENT_LABELS: Partial<Record<EvaluationAction, string>> = {
	returned: 'What needs to change',
	reopened: 'Reason',
	submitted: 'Comment',
	signed_off: 'Comment'
};

/** The notice the task list shows after each step (`?done=`). */
export const WORKFLOW_NOTICES: Record<string, string> = {
	started: 'Your self-evaluation has started. Work through the sections below in any order.',
	submitted:
		'Submitted for sign-off. Nobody can change it while it waits for the headteacher to sign it off or return it.',
	returned: 'Returned to the SENCO with your comments. It can be changed again.',
	'signed-off': 'Signed off. The self-evaluation is now locked.',
	reopened: 'Reopened. It can be changed again, and will need signing off again.',
	sharing: 'Saved what the area board sees.'
};

/** What an area board sees at each sharing level. */
export const SHARING_EXPLANATIONS: Record<SharingLevel, string> = {
	none: 'The board sees your setting only inside district and area totals, never by name.',
	summary:
		'The board sees your setting by name with the summary level of each section. Your ratings of single criteria, narratives and next steps stay within the setting.',
	full: 'The board sees your setting by name with the rating of every criterion, and the narratives and next steps behind them.'
};

/** The newest trail entry of one kind, if there is one. */
export const latestEvent = (events: readonly TrailEvent[], action: EvaluationAction) =>
	events.find((e) => e.action === action);

/** "3 criteria" / "1 criterion". */
export const criteriaCount = (n: number) => `${n} ${n === 1 ? 'criterion' : 'criteria'}`;

/** Why a self-evaluation shared for a peer review cannot be reopened. */
export const SHARED_FOR_REVIEW =
	'It was not reopened: this self-evaluation was shared for a peer review, and the review’s ratings, report and calibration rest on it as it was signed off. Record changes in the next cycle’s self-evaluation.';
