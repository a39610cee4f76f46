import { formatDate, todayInEngland } from '../../../domain/dates';
import type { ScaleLevel } from '../../../domain/framework';
import { formatDateTime } from '../../../domain/format';
import { REVIEW_STAGE_LABELS, type ReviewStage } from '../../../domain/peer-review';
import type { WorkMessage } from '../../../schemas/review-work';

export { reviewHref } from '../display';

/** The breadcrumb trail of a review's page: the list of reviews, then the review. */
export function reviewCrumbs(review: { id: string; hostName: string }, role: string) {
	return [
		role === 'la'
			? { href: '/la/peer-reviews', label: 'Peer reviews' }
			: { href: '/peer-reviews', label: 'Peer reviews' },
		{ href: `/peer-reviews/${review.id}`, label: `Review of ${review.hostName}` }
	];
}

/** The `?done=` notices of the preparation page. */
export const PREPARATION_NOTICES: Record<string, string> = {
	shared:
		'Your self-evaluation and context are now shared with your reviewers, for this review only.',
	context: 'Your context is saved.',
	plan: 'The visit plan is saved.',
	'enquiry-added': 'Line of enquiry added.',
	'enquiry-removed': 'Line of enquiry removed.'
};

/** The `?done=` notices of the evidence log. */
export const VISIT_NOTICES: Record<string, string> = {
	'visit-started': 'The visit has started. Log evidence here as you go.',
	added: 'Evidence logged.',
	removed: 'Evidence removed.'
};

/** A level's label, "Level 5" for one the scale lacks, or "Not rated". */
export const levelText = (scale: readonly ScaleLevel[], value: number | null) =>
	value === null ? 'Not rated' : (scale.find((l) => l.value === value)?.label ?? `Level ${value}`);

/** A list in words: "A1", "A1 and A2", "A1, A2 and A3". */
export const joinWords = (words: readonly string[]) =>
	words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

/** A refused write, as the service returns it, that the page explains in words. */
export type WorkRefusal =
	| { reason: 'forbidden' }
	| { reason: 'stale' }
	| { reason: 'wrong-stage'; stage: ReviewStage }
	| { reason: 'no-evaluation' }
	| { reason: 'no-visit-date' }
	| { reason: 'not-allowed' }
	| { reason: 'incomplete'; missing: string[] };

/** What to tell the person whose write was refused. */
export function refusalMessage(refusal: WorkRefusal): WorkMessage {
	const refused = (text: string): WorkMessage => ({ kind: 'refused', text });
	switch (refusal.reason) {
		case 'forbidden':
			return refused('Your part in this review does not let you do this.');
		case 'stale':
			return {
				kind: 'stale',
				text: 'Someone else changed this review after you opened the page. Nothing was saved: check the latest version and try again.'
			};
		case 'wrong-stage':
			return refused(
				refusal.stage === 'finalised'
					? 'Nothing was changed: this review is finalised, so its work can no longer change.'
					: `Nothing was changed: the review is now at the stage “${REVIEW_STAGE_LABELS[refusal.stage]}”, where this cannot be done.`
			);
		case 'no-evaluation':
			return refused(
				'Nothing was shared: your self-evaluation for this cycle is not signed off yet.'
			);
		case 'no-visit-date':
			return refused('Plan the first day of the visit before you start it.');
		case 'not-allowed':
			return refused('You can only remove evidence you logged yourself.');
		case 'incomplete':
			return refused(
				refusal.missing.length
					? `Record an agreed rating for ${joinWords(refusal.missing)} first: every criterion a reviewer rated needs one.`
					: 'Record at least one agreed rating first.'
			);
	}
}

/** The notice for a level save refused because it changed since the form was read. */
export function levelConflict(
	saved: { label: string; rationale: string; savedAt: Date; savedByName: string | null } | null,
	whose: 'yours' | 'agreed'
): WorkMessage {
	const text =
		whose === 'yours'
			? 'You saved a rating of this criterion in another tab or window after this page was opened, so this one was not saved.'
			: 'An agreed rating of this criterion was saved after this page was opened, so this one was not saved.';
	if (!saved) return { kind: 'stale', text };
	return {
		kind: 'stale',
		text: `${text} Save again to put what you entered in its place.`,
		saved: [
			{ label: 'Level', value: saved.label },
			{ label: 'Rationale', value: saved.rationale },
			{
				label: 'Saved',
				value: `${formatDateTime(saved.savedAt)}${saved.savedByName ? ` by ${saved.savedByName}` : ''}`
			}
		]
	};
}

/** The quiet confirmation a level form shows once saved. */
export const levelSaved = (savedAt: Date): WorkMessage => ({
	kind: 'saved',
	text: `Saved ${formatDateTime(savedAt)}.`
});

/** The visit's days in words: "12 March 2027", or "12 March 2027 to 13 March 2027". */
export function visitDates(start: string | null, end: string | null): string {
	if (!start) return 'Not planned yet';
	return end && end !== start ? `${formatDate(start)} to ${formatDate(end)}` : formatDate(start);
}

/** The day a moment fell on in England, in words: "3 July 2026". */
export const dayOf = (moment: Date) => formatDate(todayInEngland(moment));

/** The host's context as it is saved: counts not given yet are null. */
export interface SavedContext {
	roll: number | null;
	senSupport: number | null;
	ehcp: number | null;
	priorities: string;
}

/** A count of pupils in words, or that it was not given. */
export const countText = (n: number | null) =>
	n === null ? 'Not given' : n.toLocaleString('en-GB');

/** The host's context as the stale notice lists it. */
export const savedContext = (c: SavedContext): WorkMessage['saved'] => [
	{ label: 'Pupils on roll', value: countText(c.roll) },
	{ label: 'Pupils receiving SEN support', value: countText(c.senSupport) },
	{ label: 'Pupils with an EHC plan', value: countText(c.ehcp) },
	{ label: 'Priorities', value: c.priorities }
];

/** The visit plan as the stale notice lists it. */
export const savedPlan = (p: {
	start: string | null;
	end: string | null;
	activities: string;
	people: string;
}): WorkMessage['saved'] => [
	{ label: 'Dates', value: visitDates(p.start, p.end) },
	{ label: 'Activities', value: p.activities },
	{ label: 'People to meet', value: p.people }
];

/** The messages superforms holds for a list field: its own, and any of its items'. */
export function listErrors(value: unknown): string[] | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const all = Object.values(value as Record<string, unknown>)
		.flat()
		.filter((v): v is string => typeof v === 'string');
	return all.length ? [...new Set(all)] : undefined;
}

/** The saved context as the form starts: a count not given yet is left blank. */
export const formContext = (c: SavedContext) => ({
	roll: c.roll ?? undefined,
	senSupport: c.senSupport ?? undefined,
	ehcp: c.ehcp ?? undefined,
	priorities: c.priorities
});

/** The notice for a context or plan save refused because the review changed meanwhile. */
export const staleWithSaved = (saved: WorkMessage['saved']): WorkMessage => ({
	kind: 'stale',
	text: 'Someone else changed this review after you opened the page, so your changes were not saved. They are still in the form: check them against what is saved now, then save again to put yours in its place.',
	saved
});
