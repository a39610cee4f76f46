/** Where a setting's self-evaluation stands in its sign-off. */
export const EVALUATION_STATUSES = ['in_progress', 'submitted', 'returned', 'signed_off'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const EVALUATION_STATUS_LABELS: Record<EvaluationStatus, string> = {
	in_progress: 'In progress',
	submitted: 'Submitted for sign-off',
	returned: 'Returned for changes',
	signed_off: 'Signed off'
};

/** What the head lets the area board see of a self-evaluation. */
export const SHARING_LEVELS = ['none', 'summary', 'full'] as const;
export type SharingLevel = (typeof SHARING_LEVELS)[number];
export const SHARING_LABELS: Record<SharingLevel, string> = {
	none: 'Nothing',
	summary: 'The summary ratings',
	full: 'Everything: ratings, narratives and next steps'
};

/** The recorded acts in a self-evaluation's sign-off trail. */
export const EVALUATION_ACTIONS = [
	'submitted',
	'returned',
	'signed_off',
	'reopened',
	'sharing_changed'
] as const;
export type EvaluationAction = (typeof EVALUATION_ACTIONS)[number];

export const EVIDENCE_KINDS = ['link', 'file'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const CYCLE_STATUSES = ['open', 'closed'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];
