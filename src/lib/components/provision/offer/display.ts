import { formatDate } from '$lib/domain/dates';
import {
	AREA_OF_NEED_LABELS,
	AREAS_OF_NEED,
	OUTCOME_LABELS,
	OUTCOMES,
	TIER_LABELS,
	TIERS,
	type AreaOfNeed,
	type Outcome,
	type Tier
} from '$lib/domain/provision';
import { parsePounds } from '$lib/domain/provision-cost';
import type { InterventionInput, RecordInput } from '$lib/schemas/provision-offer';
import type { Option } from '$lib/components/ui/options';

export const AREA_OPTIONS: Option[] = AREAS_OF_NEED.map((a) => ({
	value: a,
	label: AREA_OF_NEED_LABELS[a]
}));
export const TIER_OPTIONS: Option[] = TIERS.map((t) => ({ value: t, label: TIER_LABELS[t] }));
export const OUTCOME_OPTIONS: Option[] = OUTCOMES.map((o) => ({
	value: o,
	label: OUTCOME_LABELS[o]
}));

/** Effectiveness in words: "67% (2 of 3 completed met the target)", or why there is none. */
export function effectivenessText(figures: {
	effectiveness: number | null;
	met: number;
	completed: number;
}) {
	if (figures.effectiveness === null) return 'No completed provision yet';
	return `${Math.round(figures.effectiveness * 100)}% (${figures.met} of ${figures.completed} completed met the target)`;
}

/** An outcome in words, or what its absence means. */
export const outcomeText = (outcome: Outcome | '' | null) =>
	outcome ? OUTCOME_LABELS[outcome] : 'Not recorded yet';

const labelOf = (options: readonly Option[], value: string) =>
	options.find((o) => o.value === value)?.label ?? value;

/** An intervention's form values in words, field by field, for the conflict notice. */
export const displayIntervention = (
	values: InterventionInput
): Record<keyof InterventionInput, string> => {
	const pence = parsePounds(values.hourlyCost);
	return {
		name: values.name,
		areaOfNeed: AREA_OF_NEED_LABELS[values.areaOfNeed as AreaOfNeed] ?? values.areaOfNeed,
		tier: TIER_LABELS[values.tier as Tier] ?? values.tier,
		groupSize: values.groupSize,
		sessionsPerWeek: values.sessionsPerWeek,
		minutesPerSession: values.minutesPerSession,
		staffRole: values.staffRole,
		// Compared as amounts, so that 18.5 and 18.50 do not show as a difference.
		hourlyCost: pence === null ? values.hourlyCost : `£${(pence / 100).toFixed(2)}`,
		outcomeMeasure: values.outcomeMeasure
	};
};

/** A record's form values in words, for the conflict notice. */
export const displayRecord = (
	values: RecordInput,
	choices: { pupils: readonly Option[]; interventions: readonly Option[] }
): Record<keyof RecordInput, string> => ({
	pupilId: labelOf(choices.pupils, values.pupilId),
	interventionId: labelOf(choices.interventions, values.interventionId),
	startDate: formatDate(values.startDate),
	endDate: values.endDate ? formatDate(values.endDate) : 'Ongoing',
	weeks: values.weeks || 'Counted from the dates',
	entryMeasure: values.entryMeasure,
	exitMeasure: values.exitMeasure,
	outcome: outcomeText(values.outcome as Outcome | ''),
	notes: values.notes
});

export const interventionHref = (id: string) => `/provision/interventions/${id}`;
export const recordHref = (id: string) => `/provision/records/${id}`;
