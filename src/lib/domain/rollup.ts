import type { ScaleLevel } from './framework';

/** What the roll-up needs of one criterion and the setting's judgement on it. */
export interface RatedCriterion {
	code: string;
	statutory: boolean;
	rating: number | null;
	/** Whether an evidence narrative has been written. */
	hasNarrative: boolean;
	/** Whether anything at all has been recorded (rating, narrative, next steps, target). */
	touched: boolean;
}

export type SectionStatus = 'not_started' | 'in_progress' | 'complete';
export const SECTION_STATUS_LABELS: Record<SectionStatus, string> = {
	not_started: 'Not started',
	in_progress: 'In progress',
	complete: 'Complete'
};

export interface SectionSummary {
	/** The section's summary level, or null while nothing is rated. */
	level: number | null;
	rated: number;
	total: number;
	/** How many criteria sit at each level, lowest level first. */
	counts: number[];
	/** Statutory criteria rated at the lowest level, which hold the section there. */
	cappedBy: string[];
	/** Why the summary is what it is, in a sentence. */
	reason: string;
}

/** A criterion is done when it has a rating and the evidence narrative behind it. */
export const criterionComplete = (c: RatedCriterion) => c.rating !== null && c.hasNarrative;

/** Not started until something is recorded; complete when every criterion is. */
export function sectionStatus(criteria: readonly RatedCriterion[]): SectionStatus {
	if (criteria.length > 0 && criteria.every(criterionComplete)) return 'complete';
	return criteria.some((c) => c.touched) ? 'in_progress' : 'not_started';
}

const lowerMedian = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

const labelOf = (scale: readonly ScaleLevel[], value: number) =>
	scale.find((l) => l.value === value)?.label ?? String(value);

/**
 * A section's summary: the middle of its ratings (the lower one of an even count, so a
 * section never looks better than half its criteria), held at the lowest level when any
 * statutory criterion is rated there.
 */
export function summariseSection(
	criteria: readonly Pick<RatedCriterion, 'code' | 'statutory' | 'rating'>[],
	scale: readonly ScaleLevel[]
): SectionSummary {
	const ratings = criteria.map((c) => c.rating).filter((r): r is number => r !== null);
	const counts = scale.map((l) => ratings.filter((r) => r === l.value).length);
	const lowest = scale[0]?.value ?? 1;
	const base = { rated: ratings.length, total: criteria.length, counts };
	if (ratings.length === 0)
		return { ...base, level: null, cappedBy: [], reason: 'No criterion is rated yet.' };
	const cappedBy = criteria.filter((c) => c.statutory && c.rating === lowest).map((c) => c.code);
	const median = lowerMedian(ratings);
	const partly = ratings.length < criteria.length ? ` of the ${ratings.length} rated so far` : '';
	if (cappedBy.length > 0 && median > lowest) {
		const which = cappedBy.length === 1 ? 'criterion' : 'criteria';
		return {
			...base,
			level: lowest,
			cappedBy,
			reason: `Held at ${labelOf(scale, lowest)} because statutory ${which} ${cappedBy.join(', ')} ${cappedBy.length === 1 ? 'is' : 'are'} rated ${labelOf(scale, lowest)}; the ratings${partly} alone would give ${labelOf(scale, median)}.`
		};
	}
	return {
		...base,
		level: median,
		cappedBy,
		reason: `The middle rating${partly} is ${labelOf(scale, median)}.`
	};
}
