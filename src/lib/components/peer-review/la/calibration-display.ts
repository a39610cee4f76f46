import type { Comparison } from '$lib/domain/calibration';

/** One framework section's comparisons across a cycle, as the chart and its table show them. */
export type SectionCounts = Record<Comparison, number> & {
	key: string;
	frameworkName: string;
	code: string;
	title: string;
};
