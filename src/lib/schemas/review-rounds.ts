import { z } from 'zod';
import { GROUP_SHAPES } from '../domain/peer-review';
import { isRecordId } from '../domain/ids';
import { PHASE_GROUPS, type PhaseGroup } from '../domain/allocation';

/** A record chosen from a list: blank or anything that is not an id gets `message`. */
const chosenId = (message: string) =>
	z.string({ error: message }).trim().refine(isRecordId, message);

const version = z.number().int().min(0);

/** How many settings a cluster has, and how many people review each host. */
export const CLUSTER_SIZES = [3, 4, 5, 6, 7] as const;
export const REVIEWERS_PER_REVIEW = [1, 2, 3] as const;

/** A review round as the LA sets it up: what it is called, its cycle and its allocation rules. */
const roundSchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Enter a name for the round, like Spring 2026 primary reviews')
		.max(120, 'Name must be 120 characters or fewer'),
	cycleId: chosenId('Select the cycle the round belongs to'),
	groupShape: z.enum(GROUP_SHAPES, { error: 'Select how settings are grouped' }),
	clusterSize: z
		.number({ error: 'Select a cluster size from 3 to 7' })
		.int('Select a cluster size from 3 to 7')
		.min(3, 'Select a cluster size from 3 to 7')
		.max(7, 'Select a cluster size from 3 to 7'),
	reviewersPerReview: z
		.number({ error: 'Select 1, 2 or 3 reviewers for each review' })
		.int('Select 1, 2 or 3 reviewers for each review')
		.min(1, 'Select 1, 2 or 3 reviewers for each review')
		.max(3, 'Select 1, 2 or 3 reviewers for each review'),
	noReciprocal: z.boolean()
});
export type RoundInput = z.infer<typeof roundSchema>;

/** The round form: a change carries the version it was read at (a new round has version 0). */
export const roundFormSchema = roundSchema.safeExtend({ version });
export type RoundForm = z.infer<typeof roundFormSchema>;

/** What a failed save of the round form carries back besides field errors. */
export interface RoundFormMessage {
	/** What is saved now, when someone else saved since the form was read. */
	conflict?: RoundInput;
	/** A problem with the round as a whole (it was confirmed meanwhile, say). */
	problem?: string;
}

const idList = (message: string) =>
	z
		.array(z.string())
		.max(5000, 'Choose fewer settings')
		.refine((ids) => ids.every(isRecordId), message);

/**
 * The settings taking part. `shown` lists the settings the (possibly filtered) page showed:
 * only they change, so a filter never drops a setting chosen earlier out of view.
 */
export const participantsSchema = z.object({
	version,
	shown: idList('Choose settings from the list'),
	settingIds: idList('Choose settings from the list')
});

/** Stepping a round on (proposing, confirming) with the version the page was read at. */
export const roundStepSchema = z.object({ version });

/** Adding someone on the register to a host's review. */
export const addReviewerSchema = z.object({
	version,
	hostId: chosenId('Choose the setting being reviewed'),
	peerReviewerId: chosenId('Choose a peer reviewer to add')
});

/** Taking a reviewer off a review, or making them its lead; the host says where to go back to. */
export const reviewerStepSchema = z.object({
	version,
	hostId: chosenId('Choose the setting being reviewed'),
	reviewId: chosenId('Choose a review'),
	userId: chosenId('Choose a reviewer')
});

/** Putting a person on the register: one of their roles names the setting they review from. */
export const addPeerReviewerSchema = z.object({
	membershipId: chosenId('Choose a person and the setting they review from')
});

const reason = z
	.string()
	.trim()
	.min(1, 'Enter the reason for the conflict of interest')
	.max(500, 'Reason must be 500 characters or fewer');

/** The LA records a conflict of interest between a registered reviewer and a setting. */
export const conflictSchema = z.object({
	userId: chosenId('Choose a peer reviewer from the list'),
	settingId: chosenId('Choose a setting from the list'),
	reason
});
export type ConflictInput = z.infer<typeof conflictSchema>;

/** A peer reviewer declares their own conflict of interest with a setting. */
export const ownConflictSchema = z.object({
	settingId: chosenId('Choose a setting from the list'),
	reason
});

/** What was typed in a search box, from the query string. */
const searchTerm = (params: URLSearchParams) => (params.get('q') ?? '').trim().slice(0, 100);

/** The search for people to put on the register, from the query string. */
export const candidateQuery = searchTerm;

/** What the participants page's list is narrowed to. */
export interface ParticipantFilter {
	q: string;
	/** A district id, 'none' for settings without one, or '' for all. */
	district: string;
	/** A phase group (see phaseGroup), or '' for all. */
	phase: PhaseGroup | '';
	/** Only the settings taking part. */
	taking: boolean;
}

/** The participants page's filter, from the query string. */
export function participantFilter(params: URLSearchParams): ParticipantFilter {
	const district = params.get('district') ?? '';
	const phase = params.get('phase') ?? '';
	return {
		q: searchTerm(params),
		district: isRecordId(district) || district === 'none' ? district : '',
		phase: (PHASE_GROUPS as readonly string[]).includes(phase) ? (phase as PhaseGroup) : '',
		taking: params.get('taking') === 'yes'
	};
}

/** Whether the filter narrows the list at all. */
export const isFiltered = (filter: ParticipantFilter) =>
	!!(filter.q || filter.district || filter.phase || filter.taking);

/** The filter as a query string again, without what filters nothing. */
export function participantQuery(filter: ParticipantFilter): string {
	const query = new URLSearchParams();
	if (filter.q) query.set('q', filter.q);
	if (filter.district) query.set('district', filter.district);
	if (filter.phase) query.set('phase', filter.phase);
	if (filter.taking) query.set('taking', 'yes');
	return query.toString();
}
