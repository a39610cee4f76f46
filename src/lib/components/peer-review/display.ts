import type { ReviewEvent, ReviewStage } from '../../domain/peer-review';

/** Where a review's pages live. */
export const reviewHref = (reviewId: string, page = '') =>
	`/peer-reviews/${reviewId}${page ? `/${page}` : ''}`;

/** The six stages as people know them, and which review stages belong to each. */
export const SIX_STAGES: { title: string; stages: readonly ReviewStage[] }[] = [
	{ title: 'Identification', stages: [] },
	{ title: 'Self-evaluation', stages: ['allocated'] },
	{ title: 'Preparation', stages: ['preparation'] },
	{ title: 'Visit', stages: ['visit'] },
	{ title: 'Report', stages: ['report', 'factual_check'] },
	{ title: 'Follow-up', stages: ['finalised'] }
];

/** Which of the six stages is under way (index), or 6 when the follow-up visit is recorded. */
export function currentSixStage(stage: ReviewStage, followUpDone: boolean): number {
	if (followUpDone) return SIX_STAGES.length;
	return SIX_STAGES.findIndex((s) => s.stages.includes(stage));
}

export const REVIEW_EVENT_LABELS: Record<ReviewEvent, string> = {
	shared: 'Self-evaluation shared with the reviewers',
	visit_started: 'Visit started',
	report_started: 'Moderation finished and report started',
	sent_for_check: 'Report sent to the host for a factual accuracy check',
	host_checked: 'Factual accuracy check returned to the lead',
	finalised: 'Review finalised',
	board_sharing_changed: 'Sharing with the area board changed',
	follow_up_recorded: 'Follow-up visit recorded'
};
