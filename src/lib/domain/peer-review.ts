/**
 * The six-stage peer review. A review moves through these stages in order, one step at a
 * time; stage 1 (identification) is the LA's round, stage 6 (follow-up) happens after
 * finalising.
 */
export const REVIEW_STAGES = [
	'allocated',
	'preparation',
	'visit',
	'report',
	'factual_check',
	'finalised'
] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];
export const REVIEW_STAGE_LABELS: Record<ReviewStage, string> = {
	allocated: 'Waiting for the host to share its self-evaluation',
	preparation: 'Preparation',
	visit: 'Visit',
	report: 'Report being drafted',
	factual_check: 'With the host for a factual accuracy check',
	finalised: 'Finalised'
};

/** A round is planned (allocation editable, invisible to settings) and then confirmed. */
export const ROUND_STATUSES = ['planning', 'confirmed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];
export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = {
	planning: 'Planning',
	confirmed: 'Confirmed'
};

/** What reviewers record in the visit's evidence log. */
export const VISIT_ACTIVITIES = [
	'learning_walk',
	'pupil_voice',
	'parent_carer_meeting',
	'staff_meeting',
	'document_review',
	'other'
] as const;
export type VisitActivity = (typeof VISIT_ACTIVITIES)[number];
export const VISIT_ACTIVITY_LABELS: Record<VisitActivity, string> = {
	learning_walk: 'Learning walk',
	pupil_voice: 'Pupil voice',
	parent_carer_meeting: 'Parent/carer meeting',
	staff_meeting: 'Staff meeting',
	document_review: 'Document review',
	other: 'Other'
};

/** Where an action of the host's follow-up plan stands. */
export const ACTION_STATUSES = ['not_started', 'in_progress', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
	not_started: 'Not started',
	in_progress: 'In progress',
	done: 'Done'
};

/** The recorded acts in a review's trail. */
export const REVIEW_EVENTS = [
	'shared',
	'visit_started',
	'report_started',
	'sent_for_check',
	'host_checked',
	'finalised',
	'board_sharing_changed',
	'follow_up_recorded'
] as const;
export type ReviewEvent = (typeof REVIEW_EVENTS)[number];

/** How the LA forms groups: pairs, triads, or clusters of a chosen size (3-7). */
export const GROUP_SHAPES = ['pairs', 'triads', 'clusters'] as const;
export type GroupShape = (typeof GROUP_SHAPES)[number];
export const GROUP_SHAPE_LABELS: Record<GroupShape, string> = {
	pairs: 'Pairs',
	triads: 'Triads',
	clusters: 'Clusters'
};

/** Whether a review has reached a stage (stages only move forward, bar the factual check). */
export const stageReached = (stage: ReviewStage, min: ReviewStage) =>
	REVIEW_STAGES.indexOf(stage) >= REVIEW_STAGES.indexOf(min);

/** The pages of a review, in the order its navigation lists them. */
export const REVIEW_PAGES = [
	'overview',
	'self-evaluation',
	'preparation',
	'visit',
	'ratings',
	'moderation',
	'report',
	'calibration',
	'actions'
] as const;
export type ReviewPage = (typeof REVIEW_PAGES)[number];
export const REVIEW_PAGE_LABELS: Record<ReviewPage, string> = {
	overview: 'Overview',
	'self-evaluation': 'Self-evaluation',
	preparation: 'Preparation',
	visit: 'Evidence log',
	ratings: 'Ratings',
	moderation: 'Moderation',
	report: 'Report',
	calibration: 'Calibration',
	actions: 'Action plan'
};

type Standing = 'lead' | 'reviewer' | 'host' | 'la';

/**
 * Who may open which page of a review, and from which stage. Reviewers work from
 * preparation on; the host sees its own self-evaluation and the visit plan, then the report
 * once it comes for a factual check; the LA sees the report and the action plan of a
 * finalised review. Anything else is not there for that person (404).
 */
export function reviewPageOpen(page: ReviewPage, role: Standing, stage: ReviewStage): boolean {
	const reviewer = role === 'lead' || role === 'reviewer';
	switch (page) {
		case 'overview':
			return true;
		case 'self-evaluation':
		case 'preparation':
			return (reviewer || role === 'host') && stageReached(stage, 'preparation');
		case 'visit':
		case 'ratings':
		case 'moderation':
			return reviewer && stageReached(stage, 'visit');
		case 'report':
		case 'calibration':
			if (reviewer) return stageReached(stage, 'report');
			if (role === 'host') return stageReached(stage, 'factual_check');
			return stage === 'finalised';
		case 'actions':
			return stage === 'finalised';
	}
}
