import { error } from '@sveltejs/kit';
import type { ReviewMessage } from '$lib/schemas/review-report';
import type { FollowUpResult } from '$lib/server/services/review-actions';
import type { ReportStepResult } from '$lib/server/services/review-report';

type Refused = Exclude<ReportStepResult | FollowUpResult, { ok: true }>;

const FOLLOW_UP: Record<'already-recorded' | 'not-scheduled' | 'in-future', string> = {
	'already-recorded': 'The follow-up visit is already recorded.',
	'not-scheduled': 'Plan the date of the follow-up visit before recording it.',
	'in-future': 'The visit date must be today or in the past.'
};

/**
 * What a page says about a refused step on a review. A review that is not the caller's is
 * not found; a step that is not theirs to take is forbidden.
 */
export function refusal(result: Refused): ReviewMessage {
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'forbidden')
		error(403, 'Your role in this review does not let you do this.');
	switch (result.reason) {
		case 'stale':
			return { kind: 'stale' };
		case 'wrong-stage':
			return { kind: 'wrong-stage', stage: result.stage };
		case 'incomplete':
			return { kind: 'incomplete', missing: result.missing };
		case 'no-comment':
			return { kind: 'incomplete', missing: [] };
		case 'not-checked':
			return { kind: 'not-checked' };
		default:
			return { kind: 'follow-up', text: FOLLOW_UP[result.reason] };
	}
}
