/**
 * The tables of the board and LA views, as text: the page prints them and the CSV export
 * writes them, so a download is suppressed exactly as the screen is. Pure.
 */

import {
	calibrationColumn,
	COVERAGE_LABELS,
	COVERAGE_STATUSES,
	MOVE_LABELS,
	MOVES,
	sectionColumn,
	statusColumn,
	type BoardPicture,
	type PictureFramework,
	type PictureRow
} from './board-picture';
import { COMPARISONS, type Comparison } from './calibration';
import { disclosureText, type Disclosure } from './suppression';
import type { TextTable } from './text-table';

/** The views a board or the LA can open and download, in page order. */
export const BOARD_TABLE_VIEWS = ['coverage', 'standards', 'calibration', 'districts'] as const;
export type BoardTableView = (typeof BOARD_TABLE_VIEWS)[number];

export const CALIBRATION_WORDS: Record<Comparison, string> = {
	higher: 'Rated higher by the setting',
	equal: 'Rated the same',
	lower: 'Rated lower by the setting'
};

const WITHHELD: Disclosure = { kind: 'suppressed', reason: 'secondary' };
const cellText = (row: PictureRow, column: string) => disclosureText(row.cells[column] ?? WITHHELD);

/** Rows then the total, each labelled. */
const allRows = (picture: BoardPicture) =>
	picture.rows.length > 0 ? [...picture.rows, picture.total] : [picture.total];

const groupHeading = (picture: BoardPicture) =>
	picture.rowsBy === 'community'
		? 'Community of schools'
		: picture.rowsBy === 'district'
			? 'District'
			: 'Settings';

/** Settings by group: where their self-evaluations stand, peer reviews and action plans. */
export function coverageTable(picture: BoardPicture): TextTable {
	return {
		title: 'Coverage: self-evaluations, peer reviews and action plans',
		header: [
			groupHeading(picture),
			'Settings',
			'Sharing results by name',
			...COVERAGE_STATUSES.map((s) => COVERAGE_LABELS[s]),
			'Peer reviewed',
			'Review actions done',
			'Review actions in all'
		],
		rows: allRows(picture).map((row) => [
			row.label,
			String(row.settings),
			String(row.named),
			...COVERAGE_STATUSES.map((s) => cellText(row, statusColumn(s))),
			cellText(row, 'reviewed'),
			cellText(row, 'actions:done'),
			cellText(row, 'actions:all')
		])
	};
}

/** One framework's sections: how many settings sit at each level, gaps and change. */
export function standardsTable(picture: BoardPicture, framework: PictureFramework): TextTable {
	const total = picture.total;
	return {
		title: `Standards picture: ${framework.name}`,
		header: [
			'Section',
			...framework.scale.map((l) => `${l.value} ${l.label}`),
			'Settings rated',
			'With a statutory gap',
			...MOVES.map((m) => `${MOVE_LABELS[m]} since the previous cycle`)
		],
		rows: framework.sections.map((s) => [
			`${s.code} ${s.title}`,
			...framework.scale.map((l) => cellText(total, sectionColumn(s.key, `level:${l.value}`))),
			cellText(total, sectionColumn(s.key, 'rated')),
			cellText(total, sectionColumn(s.key, 'gap')),
			...MOVES.map((m) => cellText(total, sectionColumn(s.key, m)))
		])
	};
}

/** Criteria the peer reviewers agreed a rating for, against the setting's own, by section. */
export function calibrationTable(picture: BoardPicture, framework: PictureFramework): TextTable {
	return {
		title: `Calibration: ${framework.name}`,
		header: ['Section', ...COMPARISONS.map((c) => CALIBRATION_WORDS[c])],
		rows: framework.sections.map((s) => [
			`${s.code} ${s.title}`,
			...COMPARISONS.map((c) => cellText(picture.total, sectionColumn(s.key, c)))
		])
	};
}

/** The groups side by side: the LA's district comparison, and a board's by district. */
export function comparisonTable(picture: BoardPicture): TextTable {
	return {
		title: 'Side by side',
		header: [
			groupHeading(picture),
			'Settings',
			COVERAGE_LABELS.signed_off,
			'Peer reviewed',
			'Review actions done',
			'Settings with a statutory gap',
			...COMPARISONS.map((c) => `Criteria ${CALIBRATION_WORDS[c].toLowerCase()}`)
		],
		rows: allRows(picture).map((row) => [
			row.label,
			String(row.settings),
			cellText(row, statusColumn('signed_off')),
			cellText(row, 'reviewed'),
			`${cellText(row, 'actions:done')} of ${cellText(row, 'actions:all')}`,
			cellText(row, 'gap:any'),
			...COMPARISONS.map((c) => cellText(row, calibrationColumn(c)))
		])
	};
}

/** Every table of one view, in page order. */
export function boardTables(picture: BoardPicture, view: BoardTableView): TextTable[] {
	switch (view) {
		case 'coverage':
			return [coverageTable(picture)];
		case 'standards':
			return picture.frameworks.map((f) => standardsTable(picture, f));
		case 'calibration':
			return picture.frameworks.map((f) => calibrationTable(picture, f));
		case 'districts':
			return [comparisonTable(picture)];
	}
}
