/**
 * Provision figures for the LA and area boards: sums of each setting's figures over groups
 * of settings, with small numbers suppressed. Pure: the service supplies the figures.
 *
 * Every view anyone can open (the LA's whole county, each board's scope, grouped by district,
 * area, community or setting type) is one set of cells in a single system, suppressed once.
 * So no number shown anywhere, put beside another number shown anywhere else (a total and
 * its parts, one grouping against another, a board's view against the LA's), lets a hidden
 * small number be worked out. Each setting's own figure is a hidden cell: never shown, and
 * protected in the same way.
 */

import {
	academicYear,
	academicYearOf,
	AREAS_OF_NEED,
	NEED_CODES,
	OUTCOMES,
	TIERS,
	type AcademicYear
} from './provision';
import { suppress, type Cell, type Disclosure, type Line } from './suppression';

export const GROUPINGS = ['district', 'area', 'community', 'setting_type'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const GROUPING_LABELS: Record<Grouping, string> = {
	district: 'District',
	area: 'Area',
	community: 'Community of schools',
	setting_type: 'Setting type'
};

const ANY = '*';
const AREA_KEYS = [...AREAS_OF_NEED, ANY] as const;
const TIER_KEYS = [...TIERS, ANY] as const;
export type AreaKey = (typeof AREA_KEYS)[number];
export type TierKey = (typeof TIER_KEYS)[number];
export const PROVISION_MEASURES = ['pupils', 'hours', 'cost'] as const;
export type ProvisionMeasure = (typeof PROVISION_MEASURES)[number];

/** The figures a view shows, one column each. */
export const registerColumn = (status: 'K' | 'E' | typeof ANY) => `register:${status}`;
export const needColumn = (code: string) => `need:${code}`;
export const provisionColumn = (measure: ProvisionMeasure, area: AreaKey, tier: TierKey) =>
	`provision:${measure}:${area}:${tier}`;
export const OUTCOME_TOTALS = ['completed', 'all'] as const;
export const outcomeColumn = (outcome: string) => `outcome:${outcome}`;

export const COLUMNS: readonly string[] = [
	...(['K', 'E', ANY] as const).map(registerColumn),
	...NEED_CODES.map(needColumn),
	...PROVISION_MEASURES.flatMap((m) =>
		AREA_KEYS.flatMap((a) => TIER_KEYS.map((t) => provisionColumn(m, a, t)))
	),
	...[...OUTCOMES, ...OUTCOME_TOTALS].map(outcomeColumn)
];

/** One setting, where it sits, and its own figures by column (missing = 0). */
export interface SettingFigures {
	id: string;
	districtId: string | null;
	areaId: string | null;
	communityId: string | null;
	settingType: string;
	roll: number | null;
	figures: ReadonlyMap<string, number>;
}

/** A set of settings someone may see: the whole tenant for the LA, a board's scope. */
export interface Population {
	id: string;
	settingIds: ReadonlySet<string>;
}

/** Ways a row can be labelled: a group's id (or null for settings outside any) by kind. */
export interface GroupNames {
	district: ReadonlyMap<string, string>;
	area: ReadonlyMap<string, string>;
	community: ReadonlyMap<string, string>;
	setting_type: ReadonlyMap<string, string>;
}

const NONE_LABEL: Record<Grouping, string> = {
	district: 'No district recorded',
	area: 'No area recorded',
	community: 'Not in a community',
	setting_type: 'Other'
};

const groupIdOf = (s: SettingFigures, grouping: Grouping) =>
	grouping === 'district'
		? s.districtId
		: grouping === 'area'
			? s.areaId
			: grouping === 'community'
				? s.communityId
				: s.settingType;

/** The equalities inside one unit (a setting or a group) that hold between its columns. */
function unitLines(cell: (column: string) => string): Line[] {
	const lines: Line[] = [
		{
			total: cell(registerColumn(ANY)),
			parts: [cell(registerColumn('K')), cell(registerColumn('E'))]
		},
		{ total: cell(registerColumn(ANY)), parts: NEED_CODES.map((c) => cell(needColumn(c))) },
		{
			total: cell(outcomeColumn('completed')),
			parts: ['met', 'partly_met', 'not_met'].map((o) => cell(outcomeColumn(o)))
		},
		{
			total: cell(outcomeColumn('all')),
			parts: [cell(outcomeColumn('completed')), cell(outcomeColumn('too_early'))]
		}
	];
	// Hours and cost add up across areas and tiers; pupils do not (one pupil can be on several).
	for (const m of ['hours', 'cost'] as const) {
		for (const a of AREA_KEYS) {
			lines.push({
				total: cell(provisionColumn(m, a, ANY)),
				parts: TIERS.map((t) => cell(provisionColumn(m, a, t)))
			});
		}
		for (const t of TIER_KEYS) {
			lines.push({
				total: cell(provisionColumn(m, ANY, t)),
				parts: AREAS_OF_NEED.map((a) => cell(provisionColumn(m, a, t)))
			});
		}
	}
	return lines;
}

/** Whether a column's cell is small enough to hide, given the unit's pupil counts. */
function sensitivity(column: string, value: number, valueOf: (column: string) => number) {
	const [kind, measure, area, tier] = column.split(':');
	if (kind !== 'provision' || measure === 'pupils') return undefined;
	// Hours or cost of fewer than five pupils describe those pupils.
	const pupils = valueOf(provisionColumn('pupils', area as AreaKey, tier as TierKey));
	return value !== 0 && pupils >= 1 && pupils <= 4;
}

/** One row of a view: a group, its settings' combined roll, and each column's disclosure. */
export interface AggregateRow {
	label: string;
	settings: number;
	/** The settings' combined roll, or null when any of them has no roll recorded. */
	roll: number | null;
	cells: Record<string, Disclosure>;
}

export interface AggregateView {
	rows: AggregateRow[];
	total: AggregateRow;
}

/**
 * Builds every view of every population at once, suppresses them together, and returns
 * a reader of one view: a population grouped one way.
 */
export function provisionAggregates(
	settings: readonly SettingFigures[],
	populations: readonly Population[],
	names: GroupNames
): (populationId: string, grouping: Grouping) => AggregateView | null {
	const cells: Cell[] = [];
	const lines: Line[] = [];
	const valueOf = (s: SettingFigures, column: string) => s.figures.get(column) ?? 0;

	// Hidden cells: each setting's own figures.
	for (const s of settings) {
		const id = (column: string) => `s:${s.id}|${column}`;
		for (const column of COLUMNS) {
			const value = valueOf(s, column);
			const sensitive = sensitivity(column, value, (c) => valueOf(s, c));
			cells.push({
				id: id(column),
				value,
				shown: false,
				...(sensitive === undefined ? {} : { sensitive })
			});
		}
		lines.push(...unitLines(id));
	}

	// Shown cells: every group any view has, once each however many views share it.
	const byId = new Map(settings.map((s) => [s.id, s]));
	const groups = new Map<string, SettingFigures[]>();
	const viewGroups = new Map<string, { label: string; key: string }[]>();
	const totals = new Map<string, string>();
	const addGroup = (members: SettingFigures[]) => {
		const key = `g:${members
			.map((s) => s.id)
			.sort()
			.join(',')}`;
		if (groups.has(key)) return key;
		groups.set(key, members);
		const id = (column: string) => `${key}|${column}`;
		for (const column of COLUMNS) {
			const value = members.reduce((sum, s) => sum + valueOf(s, column), 0);
			const sensitive = sensitivity(column, value, (c) =>
				members.reduce((sum, s) => sum + valueOf(s, c), 0)
			);
			cells.push({
				id: id(column),
				value,
				shown: true,
				...(sensitive === undefined ? {} : { sensitive })
			});
			lines.push({ total: id(column), parts: members.map((s) => `s:${s.id}|${column}`) });
		}
		lines.push(...unitLines(id));
		return key;
	};

	for (const population of populations) {
		const members = [...population.settingIds].flatMap((id) => byId.get(id) ?? []);
		totals.set(population.id, addGroup(members));
		for (const grouping of GROUPINGS) {
			const split = new Map<string | null, SettingFigures[]>();
			for (const s of members) {
				const g = groupIdOf(s, grouping);
				split.set(g, [...(split.get(g) ?? []), s]);
			}
			const labelOf = (g: string | null) =>
				g === null ? NONE_LABEL[grouping] : (names[grouping].get(g) ?? NONE_LABEL[grouping]);
			const rows = [...split.entries()]
				.map(([g, group]) => ({ label: labelOf(g), key: addGroup(group), none: g === null }))
				.sort((a, b) => Number(a.none) - Number(b.none) || a.label.localeCompare(b.label));
			viewGroups.set(`${population.id}/${grouping}`, rows);
		}
	}

	const shown = suppress(cells, lines);
	const rowOf = (label: string, key: string): AggregateRow => {
		const members = groups.get(key)!;
		return {
			label,
			settings: members.length,
			roll: members.some((s) => s.roll === null)
				? null
				: members.reduce((sum, s) => sum + (s.roll ?? 0), 0),
			cells: Object.fromEntries(COLUMNS.map((c) => [c, shown.get(`${key}|${c}`)!]))
		};
	};
	return (populationId, grouping) => {
		const rows = viewGroups.get(`${populationId}/${grouping}`);
		const total = totals.get(populationId);
		if (!rows || total === undefined) return null;
		return { rows: rows.map((r) => rowOf(r.label, r.key)), total: rowOf('All settings', total) };
	};
}

/** The school years a view offers: this one and the two before it, newest first. */
export function offeredYears(today: string): AcademicYear[] {
	const current = Number(academicYearOf(today).start.slice(0, 4));
	return [0, 1, 2].map((back) => academicYear(current - back));
}

/** The grouping and school year asked for in a view's query string, or the defaults. */
export function viewChoices(params: URLSearchParams, today: string) {
	const by = params.get('by') ?? '';
	const grouping: Grouping = (GROUPINGS as readonly string[]).includes(by)
		? (by as Grouping)
		: 'district';
	const years = offeredYears(today);
	const year = years.find((y) => y.label === params.get('year')) ?? years[0]!;
	return { grouping, year, years: years.map((y) => y.label) };
}
