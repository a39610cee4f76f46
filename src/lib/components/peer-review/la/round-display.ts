import { PHASE_GROUP_LABELS, type PhaseGroup } from '$lib/domain/allocation';
import { GROUP_SHAPE_LABELS, type GroupShape, type ReviewStage } from '$lib/domain/peer-review';
import type { RoundInput } from '$lib/schemas/review-rounds';

/** A setting's phase group, with its own phase where that says more: "Primary: Infant". */
export function phaseText(s: { phaseGroup: PhaseGroup; phase: string }): string {
	const group = PHASE_GROUP_LABELS[s.phaseGroup];
	return s.phase && s.phase.toLowerCase() !== group.toLowerCase() ? `${group}: ${s.phase}` : group;
}

/** How a round forms its groups, in a few words: "Clusters of 5". */
export function groupingInWords(round: { groupShape: GroupShape; clusterSize: number }): string {
	return round.groupShape === 'clusters'
		? `Clusters of ${round.clusterSize}`
		: GROUP_SHAPE_LABELS[round.groupShape];
}

/** Where a round's pages live. */
export const roundHref = (id: string) => `/la/peer-reviews/${id}`;

/** The round form's fields, for the notice shown when someone else saved first. */
export const ROUND_FIELD_LABELS: Record<keyof RoundInput, string> = {
	name: 'Name',
	cycleId: 'Cycle',
	groupShape: 'Groups',
	clusterSize: 'Cluster size',
	reviewersPerReview: 'Reviewers per review',
	noReciprocal: 'No two settings review each other'
};

/** A round's set-up as display text per field, for comparing two versions of it. */
export function displayRound(
	round: RoundInput,
	cycles: { value: string; label: string }[]
): Record<string, string> {
	return {
		name: round.name,
		cycleId: cycles.find((c) => c.value === round.cycleId)?.label ?? '',
		groupShape: GROUP_SHAPE_LABELS[round.groupShape] ?? '',
		clusterSize: round.groupShape === 'clusters' ? String(round.clusterSize) : '',
		reviewersPerReview: String(round.reviewersPerReview),
		noReciprocal: round.noReciprocal ? 'Yes' : 'No'
	};
}

/** A setting taking part in a round, as the round's page shows it. */
export interface HostView {
	id: string;
	name: string;
	phase: string;
	phaseGroup: PhaseGroup;
	districtName: string | null;
	groupNumber: number | null;
	review: {
		id: string;
		stage: ReviewStage;
		reviewers: {
			userId: string;
			name: string;
			settingName: string;
			isLead: boolean;
			/** They declared a conflict of interest with the host after being allocated. */
			conflicted: boolean;
		}[];
	} | null;
	covered: boolean;
	/** Why it has no reviewer, once an allocation has been proposed. */
	reason: string | null;
}

/** Settings as select choices under their district's name, in the order given. */
export function settingGroups(
	settings: { id: string; name: string; districtName: string | null }[]
): { label: string; options: { value: string; label: string }[] }[] {
	const groups: { label: string; options: { value: string; label: string }[] }[] = [];
	for (const s of settings) {
		const label = s.districtName ?? 'No district';
		let group = groups.find((g) => g.label === label);
		if (!group) groups.push((group = { label, options: [] }));
		group.options.push({ value: s.id, label: s.name });
	}
	return groups;
}
