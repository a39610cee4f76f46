import type { ChartData, ChartOptions } from 'chart.js';
import { formatPounds, TIER_LABELS, TIERS, type Tier } from '$lib/domain/provision';

// The setting's provision map and the LA's and boards' views draw the cost of provision
// alike: a bar for each area of need, lying across the page, stacked by tier.

// Each at least 3:1 against white, and told apart by the legend, tooltips and the table.
const TIER_COLOURS: Record<Tier, string> = {
	universal: '#4f8f99',
	targeted: '#063a44',
	specialist: '#b54708'
};

/** The bars: `pounds` gives a tier's cost in an area (by its index), null where hidden. */
export const tierCostData = (
	areas: string[],
	pounds: (tier: Tier, area: number) => number | null
): ChartData<'bar'> => ({
	labels: areas,
	datasets: TIERS.map((tier) => ({
		label: TIER_LABELS[tier],
		data: areas.map((_, i) => pounds(tier, i)),
		backgroundColor: TIER_COLOURS[tier],
		borderColor: '#ffffff',
		borderWidth: 1
	}))
});

const pounds = (value: unknown) => formatPounds(Number(value) * 100);

export const TIER_COST_OPTIONS: ChartOptions<'bar'> = {
	indexAxis: 'y',
	responsive: true,
	maintainAspectRatio: false,
	scales: {
		x: { stacked: true, beginAtZero: true, ticks: { callback: pounds } },
		y: { stacked: true, grid: { display: false } }
	},
	plugins: {
		tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${pounds(item.raw)}` } }
	}
};
