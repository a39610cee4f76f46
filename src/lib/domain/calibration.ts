/** How a setting's own rating of a criterion compares with the rating its peers agreed. */
export const COMPARISONS = ['higher', 'equal', 'lower'] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const COMPARISON_LABELS: Record<Comparison, string> = {
	higher: 'Rated itself higher than its peers',
	equal: 'Rated itself the same as its peers',
	lower: 'Rated itself lower than its peers'
};

export const compareRatings = (self: number, agreed: number): Comparison =>
	self > agreed ? 'higher' : self < agreed ? 'lower' : 'equal';

export interface CalibrationPair {
	groupKey: string;
	groupLabel: string;
	self: number | null;
	agreed: number | null;
}

export type CalibrationCounts = Record<Comparison, number> & { key: string; label: string };

/**
 * Counts, per group (a section, say), how often the self-rating was higher than, equal to
 * or lower than the agreed rating. Pairs missing either rating are left out; groups keep
 * the order in which they first appear.
 */
export function calibrationCounts(pairs: readonly CalibrationPair[]): CalibrationCounts[] {
	const groups = new Map<string, CalibrationCounts>();
	for (const pair of pairs) {
		if (pair.self === null || pair.agreed === null) continue;
		let group = groups.get(pair.groupKey);
		if (!group) {
			group = { key: pair.groupKey, label: pair.groupLabel, higher: 0, equal: 0, lower: 0 };
			groups.set(pair.groupKey, group);
		}
		group[compareRatings(pair.self, pair.agreed)] += 1;
	}
	return [...groups.values()];
}
