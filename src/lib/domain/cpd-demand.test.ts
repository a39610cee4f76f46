import { describe, expect, it } from 'vitest';
import type { PicturePopulation } from './board-picture';
import { criterionKey } from './cpd';
import {
	cpdDemandViews,
	type DemandCriterion,
	type DemandFramework,
	type DemandOffer,
	type DemandSetting,
	type DemandView
} from './cpd-demand';
import { demandTable } from './cpd-demand-tables';
import type { AreaKey } from './gaps';
import { disclosureText } from './suppression';

const F: DemandFramework = { id: 'f', name: 'Core Standards' };
const G: DemandFramework = { id: 'g', name: 'Early Years Guidance' };

const criterion = (
	framework: DemandFramework,
	code: string,
	offers: string[] = [],
	areas: AreaKey[] = ['semh']
): DemandCriterion => ({
	key: criterionKey(framework.id, code),
	framework,
	code,
	title: `Title of ${code}`,
	areas,
	offers
});

const offer = (id: string, active = true): DemandOffer => ({
	id,
	title: `Offer ${id}`,
	provider: 'LA',
	active
});

interface Facts {
	framework?: DemandFramework;
	named?: boolean;
	gaps?: string[];
	areas?: AreaKey[];
	plan?: [string, number][];
}

const setting = (id: string, facts: Facts): DemandSetting => ({
	id,
	sharedName: facts.named ? `Named ${id}` : null,
	evaluation: {
		frameworkId: (facts.framework ?? F).id,
		gaps: new Set((facts.gaps ?? []).map((c) => criterionKey((facts.framework ?? F).id, c))),
		areas: new Set(facts.areas ?? [])
	},
	plan: facts.plan ? new Map(facts.plan) : null
});

const tenantOf = (settings: DemandSetting[]): PicturePopulation => ({
	id: 'tenant',
	settingIds: new Set(settings.map((s) => s.id))
});

const shown = (view: DemandView, code: string) => view.gaps.find((g) => g.criterion.code === code);
const text = (view: DemandView, code: string) => {
	const row = shown(view, code);
	return row ? disclosureText(row.settings) : undefined;
};

describe('cpdDemandViews in one population', () => {
	// 14 settings against F: N1-N4 share their results, P1-P10 keep them private.
	const named = ['N1', 'N2', 'N3', 'N4'];
	const privates = Array.from({ length: 10 }, (_, i) => `P${i + 1}`);
	const gapsOf: Record<string, string[]> = {
		// Everyone: 14, nothing left over.
		all: [...named, ...privates],
		// Three: <5.
		small: ['N1', 'P1', 'P2'],
		// All but two named settings: 12, two short of 14.
		most: [...named.slice(2), ...privates],
		// The named four and two private: 6, but 2 of the private settings.
		twoPrivate: [...named, 'P1', 'P2'],
		// One named and eight private: 9, all but 2 of the private settings.
		eightPrivate: ['N1', ...privates.slice(0, 8)],
		// Two named, five private of ten: 7, with 7 left over.
		fine: ['N1', 'N2', ...privates.slice(0, 5)],
		// Nine private: all but one of them, and none named, so c could be 0.
		privateOnly: privates.slice(0, 9)
	};
	const areasOf = (id: string): AreaKey[] => [
		'semh',
		...(id === 'P1' ? (['cognition_learning'] as const) : []),
		...(id === 'P1' ? [] : (['sensory_physical'] as const)),
		...(named.includes(id) || ['P1', 'P2', 'P3', 'P4', 'P5'].includes(id)
			? (['whole_setting'] as const)
			: [])
	];
	const planOf = (id: string): [string, number][] | undefined => {
		const n = privates.indexOf(id) + 1;
		if (n < 1 || n > 7) return undefined;
		return [
			...(n <= 5 ? [['x', 2] as [string, number]] : []),
			...(n === 1 ? [['y', 3] as [string, number]] : []),
			['w', 1]
		];
	};
	const settings = [...named, ...privates].map((id) =>
		setting(id, {
			named: named.includes(id),
			gaps: Object.keys(gapsOf).filter((c) => gapsOf[c]!.includes(id)),
			areas: areasOf(id),
			plan: planOf(id)
		})
	);
	const view = cpdDemandViews({
		settings,
		frameworks: [F],
		criteria: [
			criterion(F, 'all', ['Offer for all']),
			...['small', 'most', 'twoPrivate', 'eightPrivate', 'fine', 'privateOnly', 'nobody'].map((c) =>
				criterion(F, c)
			)
		],
		offers: [offer('x'), offer('y'), offer('z'), offer('w', false), offer('v', false)],
		populations: [tenantOf(settings)]
	})('tenant')!;

	it('counts each gap, hiding 1-4 and what is 1-4 short of the whole or of the private part', () => {
		expect(view.signedOff).toEqual({ kind: 'value', value: 14 });
		expect(view.frameworks).toEqual([
			{ framework: F, settings: { kind: 'value', value: 14 }, counted: true }
		]);
		expect(text(view, 'all')).toBe('14');
		expect(text(view, 'small')).toBe('<5');
		expect(text(view, 'most')).toBe('c');
		expect(text(view, 'twoPrivate')).toBe('c');
		expect(text(view, 'eightPrivate')).toBe('c');
		expect(text(view, 'fine')).toBe('7');
		expect(text(view, 'privateOnly')).toBe('c');
		expect(shown(view, 'nobody')).toBeUndefined();
		expect(shown(view, 'fine')!.of).toEqual({ kind: 'value', value: 14 });
	});

	it('names only the settings that share their results', () => {
		expect(shown(view, 'fine')!.sharing).toEqual(['Named N1', 'Named N2']);
		expect(shown(view, 'eightPrivate')!.sharing).toEqual(['Named N1']);
		expect(JSON.stringify(view)).not.toMatch(/Named P|"P\d+"/);
	});

	it('orders gaps by what is shown: numbers, then c, then <5', () => {
		expect(view.gaps.map((g) => g.criterion.code)).toEqual([
			'all',
			'fine',
			'twoPrivate',
			'most',
			'eightPrivate',
			'privateOnly',
			'small'
		]);
	});

	it('lists common gaps that no active offer addresses, where what is shown says so', () => {
		// privateOnly is 9, but its c with no setting named could be 0, so it is left out.
		expect(view.unmet.map((g) => g.criterion.code)).toEqual([
			'fine',
			'twoPrivate',
			'most',
			'eightPrivate'
		]);
	});

	it('counts settings per area of need, 0 as 0', () => {
		expect(view.areasCounted).toBe(true);
		expect(Object.fromEntries(view.areas.map((a) => [a.key, disclosureText(a.settings)]))).toEqual({
			communication_interaction: '0',
			cognition_learning: '<5',
			semh: '14',
			sensory_physical: 'c',
			whole_setting: '9'
		});
	});

	it('counts the settings planning each offer and their places beside a count shown, withdrawn offers only if planned', () => {
		expect(disclosureText(view.plans)).toBe('7');
		expect(view.offersCounted).toBe(true);
		expect(
			view.offers.map((o) => [o.offer.id, disclosureText(o.settings), disclosureText(o.places)])
		).toEqual([
			['w', '7', '7'],
			['z', '0', '0'],
			// 5 of 7: 2 without it, so hidden; 10 places would say it is not 0.
			['x', 'c', 'c'],
			['y', '<5', 'c']
		]);
	});

	it('writes the tables as the page prints them', () => {
		const gaps = demandTable(view, 'gaps', '2031/32');
		expect(gaps.title).toBe('Most common gaps, 2031/32');
		expect(gaps.rows[1]).toEqual([
			'fine',
			'Title of fine',
			'Core Standards',
			'Social, emotional and mental health',
			'7',
			'14',
			'Named N1; Named N2',
			'None'
		]);
		expect(gaps.rows[0]![7]).toBe('Offer for all');
		const offers = demandTable(view, 'offers', '2031/32');
		expect(offers.title).toBe(
			'Catalogue offers in CPD plans, out of 7 settings with a plan, 2031/32'
		);
		expect(offers.rows[0]).toEqual(['Offer w', 'LA', 'Withdrawn', '7', '7']);
		expect(demandTable(view, 'unmet', '2031/32').header).not.toContain(
			'Catalogue offers addressing it'
		);
	});
});

describe('cpdDemandViews with few private settings', () => {
	// Against G: two named settings and four private ones; plans at four settings, one of them
	// with the withdrawn offer y.
	const settings = [
		setting('GN1', { framework: G, named: true, gaps: ['g1'] }),
		setting('GN2', { framework: G, named: true }),
		...[1, 2, 3, 4].map((i) =>
			setting(`GP${i}`, {
				framework: G,
				gaps: i <= 2 ? ['g1', 'g2'] : [],
				areas: ['semh'],
				plan: [['x', 1], ...(i === 1 ? [['y', 2] as [string, number]] : [])]
			})
		)
	];
	const view = cpdDemandViews({
		settings,
		frameworks: [G],
		criteria: [criterion(G, 'g1'), criterion(G, 'g2')],
		offers: [offer('x'), offer('y', false)],
		populations: [tenantOf(settings)]
	})('tenant')!;

	it('shows no counts, only the gaps of the settings named', () => {
		expect(view.frameworks[0]!.counted).toBe(false);
		expect(view.gaps.map((g) => [g.criterion.code, disclosureText(g.settings), g.sharing])).toEqual(
			[['g1', 'c', ['Named GN1']]]
		);
		expect(view.unmet).toEqual([]);
		expect(view.areasCounted).toBe(false);
		expect(view.areas.every((a) => disclosureText(a.settings) === 'c')).toBe(true);
		expect(disclosureText(view.plans)).toBe('<5');
		expect(view.offersCounted).toBe(false);
		// y is left out: nothing shown here says that a plan here includes it.
		expect(
			view.offers.map((o) => [o.offer.id, disclosureText(o.settings), disclosureText(o.places)])
		).toEqual([['x', 'c', 'c']]);
	});
});

describe('cpdDemandViews across populations', () => {
	// Board A and board B, ten private settings each; the gap is A's five and B's two.
	const settings = ['A', 'B'].flatMap((board) =>
		Array.from({ length: 10 }, (_, i) =>
			setting(`${board}${i}`, { gaps: i < (board === 'A' ? 5 : 2) ? ['c1'] : [] })
		)
	);
	const boards = ['A', 'B'].map((board) => ({
		id: `board:${board}`,
		settingIds: new Set(settings.filter((s) => s.id.startsWith(board)).map((s) => s.id))
	}));
	const read = cpdDemandViews({
		settings,
		frameworks: [F],
		criteria: [criterion(F, 'c1')],
		offers: [],
		populations: [tenantOf(settings), ...boards]
	});
	const count = (population: string) => text(read(population)!, 'c1');

	it('does not let the tenant less one board give away the other board’s small count', () => {
		// Alone, A's 5 and the tenant's 7 would both show; together they give B's 2.
		expect(count('board:B')).toBe('<5');
		expect(count('board:A')).toBe('c');
		expect(count('tenant')).toBe('7');
	});

	it('shows places only beside a count shown, and never a small group’s', () => {
		// Every setting has a plan; the offer is in A0-A4's (2 places each) and B0-B1's (3 each).
		const planners = settings.map((s) => ({
			...s,
			plan: new Map(
				Number(s.id.slice(1)) < (s.id.startsWith('A') ? 5 : 2)
					? [['x', s.id.startsWith('A') ? 2 : 3]]
					: []
			)
		}));
		const view = cpdDemandViews({
			settings: planners,
			frameworks: [F],
			criteria: [],
			offers: [offer('x')],
			populations: [tenantOf(settings), ...boards]
		});
		const places = (population: string) =>
			view(population)!.offers.map((o) => [disclosureText(o.settings), disclosureText(o.places)]);
		expect(places('tenant')).toEqual([['7', '16']]);
		expect(places('board:A')).toEqual([['c', 'c']]);
		expect(places('board:B')).toEqual([['<5', 'c']]);
	});

	it('lists a withdrawn offer only in the views whose count says a plan there includes it', () => {
		// The withdrawn offer y is in the plans of B0 and B1 alone; every setting has a plan.
		const planners = settings.map((s) => ({
			...s,
			plan: new Map(s.id === 'B0' || s.id === 'B1' ? [['y', 1]] : [])
		}));
		const view = cpdDemandViews({
			settings: planners,
			frameworks: [F],
			criteria: [],
			offers: [offer('y', false)],
			populations: [tenantOf(settings), ...boards]
		});
		const rows = (population: string) =>
			view(population)!.offers.map((o) => [o.offer.id, disclosureText(o.settings)]);
		expect(rows('tenant')).toEqual([['y', '<5']]);
		expect(rows('board:B')).toEqual([['y', '<5']]);
		// A row of 0 would tell board A that a setting outside its area planned y.
		expect(rows('board:A')).toEqual([]);
	});

	it('has no view for a population it was not given', () => {
		expect(read('board:C')).toBeNull();
	});
});
