/**
 * What area boards and the LA see of a cycle: coverage, the standards picture (ratings per
 * section, statutory gaps, change since the previous cycle) and calibration, summed over groups
 * of settings with small numbers suppressed. Pure: the service supplies each setting's facts.
 *
 * As with provision (provision-aggregates.ts), every view anyone can open is one system of
 * cells suppressed once: the LA's whole tenant and each board's scope, each under every filter
 * (board-filters.ts), with their rows. Each setting's own figures are hidden cells, protected
 * like any count of 1-4 (apart from whether it took part: see PARTICIPATION), except what the
 * onlooker already knows, which is fixed:
 * - the figures a setting shares with the board by name (see `published`);
 * - how many settings a group has (public record, printed beside every row).
 * A group in which fewer than five settings keep their results private shows nothing but its
 * size (its named settings are on screen anyway), and a framework's ratings show only where at
 * least five of the settings that signed off against it keep theirs private: with fewer, a
 * count of settings at a level would say too much about each of them, whatever else is
 * withheld. The figures a view leads
 * with (coverage, how many settings rated a section) are withheld only when no detail will do.
 */

import { filteredPopulationId, filteredPopulations, type BoardFilter } from './board-filters';
import { COMPARISONS, type Comparison } from './calibration';
import type { ScaleLevel } from './framework';
import type { SettingType } from './organisation';
import { SMALL_COUNT_LIMIT, suppress, type Cell, type Disclosure, type Line } from './suppression';

/** Where a setting's self-evaluation stands in the cycle; returned ones count as in progress. */
export const COVERAGE_STATUSES = ['not_started', 'in_progress', 'submitted', 'signed_off'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];
export const COVERAGE_LABELS: Record<CoverageStatus, string> = {
	not_started: 'Not started',
	in_progress: 'In progress',
	submitted: 'Waiting for sign-off',
	signed_off: 'Signed off'
};

/** How a section's level moved since the setting's previous signed-off self-evaluation. */
export const MOVES = ['up', 'same', 'down'] as const;
export type Move = (typeof MOVES)[number];
export const MOVE_LABELS: Record<Move, string> = {
	up: 'Moved up',
	same: 'Stayed the same',
	down: 'Moved down'
};

/** Groups with fewer settings than this keeping their results private show only their size. */
export const MIN_PRIVATE_SETTINGS = SMALL_COUNT_LIMIT;

export interface PictureSection {
	/** `${framework key}:${section code}`: the same section across framework versions. */
	key: string;
	code: string;
	title: string;
}

export interface PictureFramework {
	key: string;
	name: string;
	scale: readonly ScaleLevel[];
	sections: readonly PictureSection[];
}

/** One section of a signed-off self-evaluation. */
export interface SectionFacts {
	level: number;
	/** A statutory criterion of the section is rated at the lowest level. */
	statutoryGap: boolean;
	/** The section's level in the setting's self-evaluation of the previous cycle, if signed off. */
	previous: number | null;
	/** Criteria rated higher, the same or lower by the setting than its peers agreed. */
	calibration: Readonly<Record<Comparison, number>> | null;
}

export interface PictureSetting {
	id: string;
	districtId: string | null;
	communityId: string | null;
	settingType: SettingType;
	phase: string;
	/** The framework the setting evaluates against in the cycle, if the cycle sets one. */
	frameworkKey: string | null;
	status: CoverageStatus;
	/** Signed off and shared with the board: its coverage and section levels are printed by name. */
	named: boolean;
	/** Its previous signed-off self-evaluation was shared too, so how each level moved is known. */
	namedBefore: boolean;
	/** Its peer review of the cycle is finalised. */
	peerReviewed: boolean;
	/** That review's report is shared with the board: its actions and agreed ratings are known. */
	reviewShared: boolean;
	/** The actions of that review's plan: how many, and how many are done. */
	actions: { done: number; all: number };
	/** By section key, for a signed-off self-evaluation only. */
	sections: ReadonlyMap<string, SectionFacts>;
}

/** A set of settings someone may see: the whole tenant for the LA, a board's scope. */
export interface PicturePopulation {
	id: string;
	settingIds: ReadonlySet<string>;
}

export interface PictureNames {
	district: ReadonlyMap<string, string>;
	community: ReadonlyMap<string, string>;
}

export const COVERAGE_COLUMNS = [
	'settings',
	...COVERAGE_STATUSES.map((s) => `status:${s}`),
	'reviewed',
	'actions:done',
	'actions:all',
	'gap:any',
	...COMPARISONS.map((c) => `cal:${c}`)
] as const;

export const statusColumn = (status: CoverageStatus) => `status:${status}`;
export const calibrationColumn = (comparison: Comparison) => `cal:${comparison}`;
const frameworkCalibrationColumn = (framework: string, comparison: Comparison) =>
	`fw:${framework}:cal:${comparison}`;

/** What a section's cells count. */
export type SectionMeasure = `level:${number}` | 'rated' | 'gap' | 'compared' | Move | Comparison;
export const sectionColumn = (section: string, measure: SectionMeasure) =>
	`sec:${section}:${measure}`;

const levelMeasure = (value: number): SectionMeasure => `level:${value}`;

/** The columns of a framework's sections, and their calibration totals. */
function frameworkColumns(framework: PictureFramework): string[] {
	const measures: SectionMeasure[] = [
		...framework.scale.map((l) => levelMeasure(l.value)),
		'rated',
		'gap',
		'compared',
		...MOVES,
		...COMPARISONS
	];
	return [
		...COMPARISONS.map((c) => frameworkCalibrationColumn(framework.key, c)),
		...framework.sections.flatMap((s) => measures.map((m) => sectionColumn(s.key, m)))
	];
}

/** The equalities between one unit's columns (a setting or a group). */
function unitLines(cell: (column: string) => string, frameworks: readonly PictureFramework[]) {
	const lines: Line[] = [
		{ total: cell('settings'), parts: COVERAGE_STATUSES.map((s) => cell(statusColumn(s))) }
	];
	for (const c of COMPARISONS) {
		if (frameworks.length > 0)
			lines.push({
				total: cell(calibrationColumn(c)),
				parts: frameworks.map((f) => cell(frameworkCalibrationColumn(f.key, c)))
			});
		for (const f of frameworks)
			lines.push({
				total: cell(frameworkCalibrationColumn(f.key, c)),
				parts: f.sections.map((s) => cell(sectionColumn(s.key, c)))
			});
	}
	for (const f of frameworks) {
		for (const s of f.sections) {
			lines.push(
				{
					total: cell(sectionColumn(s.key, 'rated')),
					parts: f.scale.map((l) => cell(sectionColumn(s.key, levelMeasure(l.value))))
				},
				{
					total: cell(sectionColumn(s.key, 'compared')),
					parts: MOVES.map((m) => cell(sectionColumn(s.key, m)))
				}
			);
		}
	}
	return lines;
}

/** One setting's own value of every column its framework gives it. */
function settingValues(s: PictureSetting, framework: PictureFramework | undefined) {
	const values = new Map<string, number>([
		['settings', 1],
		[statusColumn(s.status), 1],
		['reviewed', s.peerReviewed ? 1 : 0],
		['actions:done', s.actions.done],
		['actions:all', s.actions.all],
		['gap:any', [...s.sections.values()].some((f) => f.statutoryGap) ? 1 : 0]
	]);
	const add = (column: string, value: number) =>
		values.set(column, (values.get(column) ?? 0) + value);
	if (!framework) return values;
	for (const section of framework.sections) {
		const facts = s.sections.get(section.key);
		if (!facts) continue;
		add(sectionColumn(section.key, levelMeasure(facts.level)), 1);
		add(sectionColumn(section.key, 'rated'), 1);
		if (facts.statutoryGap) add(sectionColumn(section.key, 'gap'), 1);
		if (facts.previous !== null) {
			const move: Move =
				facts.level > facts.previous ? 'up' : facts.level < facts.previous ? 'down' : 'same';
			add(sectionColumn(section.key, move), 1);
			add(sectionColumn(section.key, 'compared'), 1);
		}
		for (const c of COMPARISONS) {
			const n = facts.calibration?.[c] ?? 0;
			add(sectionColumn(section.key, c), n);
			add(frameworkCalibrationColumn(framework.key, c), n);
			add(calibrationColumn(c), n);
		}
	}
	return values;
}

/** One row of a view: a group of settings and each column's disclosure. */
export interface PictureRow {
	label: string;
	settings: number;
	/** How many of them share their results by name. */
	named: number;
	/** Fewer than MIN_PRIVATE_SETTINGS of its settings are not named: only its size shows. */
	tooFew: boolean;
	/**
	 * Frameworks whose ratings the group does not show: fewer than MIN_PRIVATE_SETTINGS of the
	 * settings that signed off against it keep their results private.
	 */
	fewRated: string[];
	cells: Record<string, Disclosure>;
}

export interface BoardPicture {
	/** The frameworks the population's settings evaluate against, in name order. */
	frameworks: PictureFramework[];
	/** Districts, or the communities of the district filtered to; none for one community. */
	rows: PictureRow[];
	/** What the rows group by. */
	rowsBy: 'district' | 'community' | null;
	total: PictureRow;
}

const TOO_FEW: Disclosure = { kind: 'suppressed', reason: 'sensitive' };

const privateCount = (members: readonly PictureSetting[]) => members.filter((s) => !s.named).length;

/** Settings that signed off against the framework and keep their results private. */
const privateRated = (members: readonly PictureSetting[], framework: PictureFramework) =>
	members.filter((s) => !s.named && s.status === 'signed_off' && s.frameworkKey === framework.key)
		.length;

/**
 * A setting's own figures that say whether it took part (and so whether it rated each section,
 * and had a previous self-evaluation to compare with), not how it rated itself: protected
 * in the groups that count them (a district's 1-4 is still `<5`), not one by one, so a
 * district where every setting has signed off can say so.
 */
const PARTICIPATION = /^(status:|reviewed$|actions:)|:(rated|compared)$/;

/**
 * Whether the board already knows a setting's own figure from what it shares by name: its
 * coverage and section levels (with the reasons, so its statutory gaps) when its
 * self-evaluation is shared; how the levels moved when the previous one was shared too; its
 * review, actions and calibration when its peer review report is shared. Anything else stays
 * protected, named or not.
 */
function published(s: PictureSetting, column: string) {
	if (/^(reviewed$|actions:|cal:|fw:)|:(higher|equal|lower)$/.test(column)) return s.reviewShared;
	if (/:(up|same|down|compared)$/.test(column)) return s.named && s.namedBefore;
	return s.named;
}

/** The columns a view leads with: coverage, and the totals of each section and framework. */
const LEADING = /^(status:|reviewed$|actions:|gap:any$|cal:|fw:)|:(rated|compared)$/;

/**
 * Builds every view of every population under every filter, suppresses them together, and
 * returns a reader of one view.
 */
export function boardPicture(
	settings: readonly PictureSetting[],
	frameworks: readonly PictureFramework[],
	populations: readonly PicturePopulation[],
	names: PictureNames
): (populationId: string, filter: BoardFilter) => BoardPicture | null {
	const frameworkByKey = new Map(frameworks.map((f) => [f.key, f]));
	const frameworkOf = (s: PictureSetting) =>
		s.frameworkKey === null ? undefined : frameworkByKey.get(s.frameworkKey);
	const cells: Cell[] = [];
	const lines: Line[] = [];

	// Hidden cells, fixed for a setting printed by name: each setting's own figures.
	const own = new Map<string, Map<string, number>>();
	// Each setting's cell ids by column, made once: the suppression looks every mention up.
	const cellIds = new Map<string, Map<string, string>>();
	for (const s of settings) {
		const framework = frameworkOf(s);
		const values = settingValues(s, framework);
		const columns = [...COVERAGE_COLUMNS, ...(framework ? frameworkColumns(framework) : [])];
		own.set(s.id, values);
		const ids = new Map(columns.map((column) => [column, `s:${s.id}|${column}`]));
		cellIds.set(s.id, ids);
		const id = (column: string) => ids.get(column)!;
		for (const column of columns) {
			cells.push({
				id: id(column),
				value: values.get(column) ?? 0,
				shown: false,
				...(column === 'settings' || published(s, column)
					? { fixed: true }
					: PARTICIPATION.test(column)
						? { sensitive: false }
						: {})
			});
		}
		lines.push(...unitLines(id, framework ? [framework] : []));
		// A signed-off self-evaluation has every section rated, and no other has any.
		const signedOff = id(statusColumn('signed_off'));
		for (const section of framework?.sections ?? []) {
			const rated = values.get(sectionColumn(section.key, 'rated')) ?? 0;
			if (rated === (s.status === 'signed_off' ? 1 : 0))
				lines.push({ total: signedOff, parts: [id(sectionColumn(section.key, 'rated'))] });
		}
	}

	// Shown cells: every group any view has, once each however many views share it.
	interface Group {
		id: string;
		members: PictureSetting[];
		frameworks: PictureFramework[];
	}
	const groups = new Map<string, Group>();
	const addGroup = (members: PictureSetting[]) => {
		const memberKey = members
			.map((s) => s.id)
			.sort()
			.join(',');
		const existing = groups.get(memberKey);
		if (existing) return existing;
		const group: Group = {
			id: `g${groups.size}`,
			members,
			frameworks: frameworks.filter((f) => members.some((s) => s.frameworkKey === f.key))
		};
		groups.set(memberKey, group);
		const hidden = withheldColumns(group);
		const columns = [...COVERAGE_COLUMNS, ...group.frameworks.flatMap(frameworkColumns)];
		const ids = new Map(columns.map((column) => [column, `${group.id}|${column}`]));
		const id = (column: string) => ids.get(column)!;
		for (const column of columns) {
			const parts = members.flatMap((s) => cellIds.get(s.id)!.get(column) ?? []);
			const value = members.reduce((sum, s) => sum + (own.get(s.id)!.get(column) ?? 0), 0);
			cells.push({
				id: id(column),
				value,
				shown: !hidden.has(column),
				...(column === 'settings' ? { fixed: true } : LEADING.test(column) ? { keep: true } : {})
			});
			lines.push({ total: id(column), parts });
		}
		lines.push(...unitLines(id, group.frameworks));
		return group;
	};
	/**
	 * What a group never shows: everything but its size when fewer than five of its settings
	 * keep their results private; a framework's ratings when fewer than five of those that
	 * signed off against it do.
	 */
	function withheldColumns(group: Group): Set<string> {
		if (privateCount(group.members) < MIN_PRIVATE_SETTINGS)
			return new Set([
				...COVERAGE_COLUMNS.filter((c) => c !== 'settings'),
				...group.frameworks.flatMap(frameworkColumns)
			]);
		return new Set(
			group.frameworks
				.filter((f) => privateRated(group.members, f) < MIN_PRIVATE_SETTINGS)
				.flatMap(frameworkColumns)
		);
	}
	const views = new Map<
		string,
		{ total: Group; rows: { label: string; group: Group }[]; rowsBy: BoardPicture['rowsBy'] }
	>();
	for (const { id, filter, members } of filteredPopulations(populations, settings)) {
		const rowsBy = filter.communityId ? null : filter.districtId ? 'community' : 'district';
		const split = new Map<string | null, PictureSetting[]>();
		if (rowsBy)
			for (const s of members) {
				const key = rowsBy === 'district' ? s.districtId : s.communityId;
				split.set(key, [...(split.get(key) ?? []), s]);
			}
		const labelOf = (key: string | null) =>
			rowsBy === 'district'
				? (names.district.get(key ?? '') ?? 'No district recorded')
				: (names.community.get(key ?? '') ?? 'Not in a community');
		const rows = [...split.entries()]
			.map(([key, group]) => ({ label: labelOf(key), group: addGroup(group), none: key === null }))
			.sort((a, b) => Number(a.none) - Number(b.none) || a.label.localeCompare(b.label))
			.map(({ label, group }) => ({ label, group }));
		views.set(id, { total: addGroup(members), rows, rowsBy });
	}

	const shown = suppress(cells, lines);
	// Built on first reading and kept: the reader serves many requests.
	const built = new Map<string, PictureRow>();
	const rowOf = (label: string, group: Group): PictureRow => {
		const key = `${group.id}|${label}`;
		const row = built.get(key) ?? buildRow(label, group);
		built.set(key, row);
		return row;
	};
	const buildRow = (label: string, group: Group): PictureRow => {
		const hidden = withheldColumns(group);
		const columns = [...COVERAGE_COLUMNS, ...group.frameworks.flatMap(frameworkColumns)];
		return {
			label,
			settings: group.members.length,
			named: group.members.filter((s) => s.named).length,
			tooFew: privateCount(group.members) < MIN_PRIVATE_SETTINGS,
			fewRated: group.frameworks
				.filter((f) => privateRated(group.members, f) < MIN_PRIVATE_SETTINGS)
				.map((f) => f.key),
			cells: Object.fromEntries(
				columns.map((c) => [
					c,
					c === 'settings'
						? { kind: 'value', value: group.members.length }
						: hidden.has(c)
							? TOO_FEW
							: shown.get(`${group.id}|${c}`)!
				])
			)
		};
	};
	return (populationId, filter) => {
		const view = views.get(filteredPopulationId(populationId, filter));
		if (!view) return null;
		return {
			frameworks: view.total.frameworks,
			rows: view.rows.map((r) => rowOf(r.label, r.group)),
			rowsBy: view.rowsBy,
			total: rowOf('All settings', view.total)
		};
	};
}
