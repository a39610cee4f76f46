/**
 * CPD demand as text tables: one set of cells for the page and the CSV downloads, so a
 * download can never show a figure the page withholds. Pure.
 */

import { COMMISSION_AT, type DemandView, type GapDemand } from './cpd-demand';
import { AREA_LABELS, type AreaKey } from './gaps';
import { disclosureText } from './suppression';
import type { TextTable } from './text-table';

/** The tables of a view, each downloadable, in page order. */
export const DEMAND_TABLES = ['gaps', 'areas', 'offers', 'unmet'] as const;
export type DemandTableName = (typeof DEMAND_TABLES)[number];

export const isDemandTable = (name: string): name is DemandTableName =>
	(DEMAND_TABLES as readonly string[]).includes(name);

/** A table with which of its columns hold counts, which the page right-aligns and reads out. */
export interface DemandTable extends TextTable {
	numeric: number[];
}

const areaWords = (areas: readonly AreaKey[]) => areas.map((a) => AREA_LABELS[a]).join('; ');

function gapTable(title: string, rows: readonly GapDemand[], withOffers: boolean): DemandTable {
	return {
		title,
		header: [
			'Criterion',
			'Title',
			'Framework',
			'Areas of need',
			'Settings with this gap',
			'Settings that signed off against the framework',
			'Settings named (those sharing everything with the board)',
			...(withOffers ? ['Catalogue offers addressing it'] : [])
		],
		rows: rows.map((r) => [
			r.criterion.code,
			r.criterion.title,
			r.criterion.framework.name,
			areaWords(r.criterion.areas),
			disclosureText(r.settings),
			disclosureText(r.of),
			r.sharing.join('; '),
			...(withOffers ? [r.criterion.offers.join('; ') || 'None'] : [])
		]),
		numeric: [4, 5]
	};
}

/** One table of a view as text, titled with the cycle. */
export function demandTable(
	view: DemandView,
	name: DemandTableName,
	cycleName: string
): DemandTable {
	switch (name) {
		case 'gaps':
			return gapTable(`Most common gaps, ${cycleName}`, view.gaps, true);
		case 'unmet':
			return gapTable(
				`Common gaps with no catalogue offer (a gap for ${COMMISSION_AT} settings or more), ${cycleName}`,
				view.unmet,
				false
			);
		case 'areas':
			return {
				title: `Areas of need: settings with at least one gap in each, out of ${disclosureText(view.signedOff)} that signed off, ${cycleName}`,
				header: ['Area of need', 'Settings with a gap in it'],
				rows: view.areas.map((a) => [a.label, disclosureText(a.settings)]),
				numeric: [1]
			};
		case 'offers':
			return {
				title: `Catalogue offers in CPD plans, out of ${disclosureText(view.plans)} settings with a plan, ${cycleName}`,
				header: ['Offer', 'Provider', 'In the catalogue', 'Settings planning it', 'Places planned'],
				rows: view.offers.map((o) => [
					o.offer.title,
					o.offer.provider,
					o.offer.active ? 'Yes' : 'Withdrawn',
					disclosureText(o.settings),
					disclosureText(o.places)
				]),
				numeric: [3, 4]
			};
	}
}

/** One table of a view as a CSV download: the lines saying what it is, the table, its name. */
export function demandExport(
	view: DemandView,
	name: DemandTableName,
	about: { whose: string; cycleName: string; today: string }
) {
	return {
		about: [
			`${about.whose}: CPD demand across settings, ${about.cycleName}`,
			`Downloaded from Inclusio on ${about.today}`
		],
		table: demandTable(view, name, about.cycleName),
		fileName: [about.whose, about.cycleName, 'cpd demand', name]
	};
}
