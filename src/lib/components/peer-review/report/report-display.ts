import { formatDate } from '../../../domain/dates';
import { ACTION_STATUS_LABELS, REVIEW_STAGE_LABELS } from '../../../domain/peer-review';
import {
	REPORT_TEXT_LABELS,
	type ActionInput,
	type ReviewMessage
} from '../../../schemas/review-report';
import { joinWords } from '../work/work-display';

/** What the report page says after a step, by the `?done=` code it redirects back with. */
export const REPORT_DONE_MESSAGES: Record<string, string> = {
	sent: 'The report has gone to the host for a factual accuracy check.',
	finalised: 'The report is finalised. It can no longer change.',
	shared: 'The area board can now read the final report.',
	unshared: 'The area board can no longer read the final report.'
};

/** What the action plan page says after a change. */
export const ACTIONS_DONE_MESSAGES: Record<string, string> = {
	added: 'Action added.',
	saved: 'Action saved.',
	removed: 'Action removed.',
	scheduled: 'Follow-up visit date saved.',
	recorded: 'Follow-up visit recorded.'
};

/** A refused step in words. */
export function reviewProblemText(problem: ReviewMessage): string | null {
	switch (problem.kind) {
		case 'stale':
			return 'Someone else has just changed this review. Check the latest version and try again.';
		case 'wrong-stage':
			return `Nothing was changed: the review is now at the stage “${REVIEW_STAGE_LABELS[problem.stage]}”, so this step no longer applies.`;
		case 'incomplete':
			return problem.missing.length
				? `Write the ${joinWords(problem.missing.map((m) => REPORT_TEXT_LABELS[m].toLowerCase()))} first.`
				: 'Write your comments first.';
		case 'not-checked':
			return 'The host has not checked the report as it stands now. Send it to them for a factual accuracy check; you can finalise once they have returned it.';
		case 'forbidden':
			return 'Your role in this review does not let you do this.';
		case 'follow-up':
			return problem.text;
		case 'conflict':
		case 'saved':
			return null;
	}
}

/** An action as words for the conflict table: criteria by code, status and date as read. */
export function describeAction(
	action: ActionInput,
	sections: { criteria: { id: string; code: string }[] }[]
): Record<keyof ActionInput, string> {
	const codes = new Map(sections.flatMap((s) => s.criteria).map((c) => [c.id, c.code]));
	return {
		action: action.action,
		criterionIds: action.criterionIds.map((id) => codes.get(id) ?? 'Unknown').join(', '),
		owner: action.owner,
		dueDate: action.dueDate ? formatDate(action.dueDate) : '',
		status: ACTION_STATUS_LABELS[action.status] ?? '',
		impact: action.impact
	};
}
