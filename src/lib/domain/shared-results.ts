import { SHARING_LABELS, type SharingLevel } from './evaluation';
import type { ScaleLevel } from './framework';
import type { SettingType } from './organisation';

/**
 * The named results of settings that chose to share their self-evaluation with the area
 * board, one framework at a time, and the table both the heatmap's table alternative and
 * the CSV export print them as. Pure.
 */

/** What a setting may have chosen to share; 'none' never reaches a board. */
export type SharedLevel = Exclude<SharingLevel, 'none'>;

/** A section as the board sees it across framework versions. */
export interface SharedSection {
	/** `${framework.key}:${section.code}`. */
	key: string;
	code: string;
	title: string;
}

/** One setting that shares, with its summary level per section key. */
export interface SharedSettingRow {
	id: string;
	name: string;
	districtName: string | null;
	sharing: SharedLevel;
	/** Null where nothing in the section is rated; a key is missing when its version lacks it. */
	levels: Record<string, number | null>;
}

/** The settings sharing results against one framework in one cycle. */
export interface SharedFramework {
	id: string;
	key: string;
	name: string;
	/** The scale of the newest version any of these settings used. */
	scale: ScaleLevel[];
	sections: SharedSection[];
	settings: SharedSettingRow[];
}

/** One criterion as a setting sharing everything shows it: never evidence or targets. */
export interface SharedCriterion {
	code: string;
	title: string;
	statutory: boolean;
	rating: number | null;
	narrative: string;
	nextSteps: string;
}

/** A section of what one setting shared; criteria only when it shared everything. */
export interface SharedSectionDetail extends SharedSection {
	level: number | null;
	reason: string;
	criteria: SharedCriterion[] | null;
}

/** What one setting shared of one cycle's self-evaluation. */
export interface SharedSettingView {
	setting: {
		id: string;
		name: string;
		districtName: string | null;
		settingType: SettingType;
		phase: string;
	};
	cycle: { id: string; name: string };
	/** Every cycle in which it shared, newest first. */
	cycles: { id: string; name: string }[];
	sharing: SharedLevel;
	signedOffAt: Date | null;
	framework: { name: string; versionLabel: string };
	scale: ScaleLevel[];
	sections: SharedSectionDetail[];
	/**
	 * The setting's newest finalised peer review in the cycle; a board member only hears of
	 * one the setting shared with the board.
	 */
	peerReview: { id: string; sharedWithBoard: boolean } | null;
}

const NOT_RATED = 'Not rated';
const NOT_IN_VERSION = 'Not in its version';

/** "3 Established", "Level 5" for a level the scale lacks, or "Not rated". */
export function sharedLevelText(scale: readonly ScaleLevel[], level: number | null): string {
	if (level === null) return NOT_RATED;
	const found = scale.find((l) => l.value === level);
	return found ? `${level} ${found.label}` : `Level ${level}`;
}

/** A setting's cell for one section, as text. */
export const sharedCellText = (
	framework: Pick<SharedFramework, 'scale'>,
	row: SharedSettingRow,
	sectionKey: string
) =>
	sectionKey in row.levels
		? sharedLevelText(framework.scale, row.levels[sectionKey] ?? null)
		: NOT_IN_VERSION;

/** The named results as a table: a row per setting, a column per section. */
export function sharedResultsTable(framework: SharedFramework): {
	header: string[];
	rows: string[][];
} {
	return {
		header: [
			'Setting',
			'District',
			'Shared',
			...framework.sections.map((s) => `${s.code} ${s.title}`)
		],
		rows: framework.settings.map((row) => [
			row.name,
			row.districtName ?? 'No district',
			SHARING_LABELS[row.sharing],
			...framework.sections.map((s) => sharedCellText(framework, row, s.key))
		])
	};
}
