import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE } from '$lib/domain/framework';
import { rankGaps, type GapCriterion } from '$lib/domain/gaps';
import GapGroups from './GapGroups.svelte';
import GapTable from './GapTable.svelte';
import type { GapReportBody } from './display';

const criterion = (
	code: string,
	rating: number,
	target: number | null,
	more: Partial<GapCriterion> = {}
): GapCriterion => ({
	id: `id-${code}`,
	code,
	title: `Title of ${code}`,
	sectionCode: code.split('.')[0]!,
	sectionTitle: 'Pastoral',
	statutory: false,
	areasOfNeed: [],
	rating,
	target,
	peer: null,
	previous: null,
	...more
});

// 1.1 and 1.2 tie on 2 levels; 1.3 is 1 level and in two areas of need.
const analysis = rankGaps(
	[
		criterion('MCS-1.1', 2, 4),
		criterion('MCS-1.2', 1, 3),
		criterion('MCS-1.3', 2, 3, { areasOfNeed: ['semh', 'communication_interaction'] })
	],
	DEFAULT_SCALE
);
const report: GapReportBody = {
	evaluationId: 'ev',
	status: 'in_progress',
	framework: { id: 'f', key: 'mcs', name: 'SEN Mainstream Core Standards' },
	scale: DEFAULT_SCALE,
	peerSource: null,
	hasPrevious: false,
	analysis,
	suggestions: {
		'id-MCS-1.1': [
			{
				id: 'offer-1',
				title: 'Family voice',
				provider: 'Kent Inclusion Team',
				costPence: 4550,
				criterion: true,
				areas: []
			}
		],
		'id-MCS-1.2': [],
		'id-MCS-1.3': [
			{
				id: 'offer-2',
				title: 'Zones of regulation',
				provider: 'Kent Inclusion Team',
				costPence: 0,
				criterion: false,
				areas: ['semh']
			},
			{
				id: 'offer-3',
				title: 'The graduated approach',
				provider: 'Kent Inclusion Team',
				costPence: 0,
				criterion: false,
				areas: []
			}
		]
	},
	planItems: { 'id-MCS-1.1': 2, 'id-MCS-1.2': 0, 'id-MCS-1.3': 1 }
};
const table = (canPlan: boolean) =>
	render(GapTable, {
		props: { caption: '3 gaps', gaps: analysis.gaps, report, cycleId: 'cy', canPlan, detail: true }
	}).body;

describe('the ranked list of gaps', () => {
	it('shows shared ranks as "1=", each rating by its scale label, and the reasons', () => {
		const body = table(true);
		expect(body).toContain('<caption>3 gaps</caption>');
		const ranks = [...body.matchAll(/<span aria-hidden="true">(.*?)<\/span>/g)].map((m) => m[1]);
		expect(ranks).toEqual(['1=', '1=', '3']);
		expect(body).toContain('<span class="visually-hidden">Joint 1</span>');
		expect(body).toMatch(
			/<dt[^>]*>Yours<\/dt> <dd[^>]*>Emerging \(2\)<\/dd> <dt[^>]*>Target<\/dt> <dd[^>]*>Embedded \(4\)<\/dd> <dt[^>]*>Peer-agreed<\/dt> <dd[^>]*>None<\/dd>/
		);
		expect(body).toContain('Target Embedded (4), standing at Emerging (2): 2 levels');
	});

	it('suggests offers with their cost and fit, and links to the plan for those who plan', () => {
		const body = table(true);
		expect(body).toContain('£45.50 a place');
		expect(body).toContain('Addresses this criterion');
		expect(body).toContain('Shares an area of need: Social, emotional and mental health');
		// An offer naming no area of need is about SEND in general.
		expect(body).toMatch(
			/The graduated approach<\/strong>, Kent Inclusion Team:\s*free\s*<span class="fit[^"]*">About SEND in general, for all areas of need<\/span>/
		);
		expect(body).toContain('No catalogue offer matches this criterion or its areas of need.');
		expect(body).toContain(
			'href="/cpd/plan/items/new?cycle=cy&amp;criterion=id-MCS-1.1&amp;offer=offer-1"'
		);
		expect(body).toContain('href="/cpd/plan/items/new?cycle=cy&amp;criterion=id-MCS-1.2"');
		expect(body).toMatch(/href="\/cpd\/plan\?cycle=cy">In plan: 2 activities<\/a>/);
		expect(body).toContain(
			'Plan an in-house activity<span class="visually-hidden"> for MCS-1.2</span>'
		);
		expect(body).toContain('In plan: 1 activity');
	});

	it('leaves out the planning links for staff who can only read', () => {
		const body = table(false);
		expect(body).not.toContain('/cpd/plan/items/new');
		expect(body).toContain('Family voice');
		expect(body).toContain('In plan: 2 activities');
	});
});

describe('gaps by area of need', () => {
	it('lists a criterion under each of its areas, naming the others', () => {
		const body = render(GapGroups, {
			props: { groups: analysis.byArea, by: 'area', report, cycleId: 'cy', canPlan: true }
		}).body;
		const headings = [...body.matchAll(/<h3 id="group-[^"]+"[^>]*>(.*?)<\/h3>/g)].map((m) => m[1]);
		// Whole setting has two gaps scoring 4, ahead of the two areas with 1 each.
		expect(headings).toEqual([
			'Whole setting (no single area of need)',
			'Communication and interaction',
			'Social, emotional and mental health'
		]);
		expect(body).toContain('Also under Social, emotional and mental health');
		expect(body).toContain('Also under Communication and interaction');
		expect(body).not.toContain('Suggested CPD');
	});
});
