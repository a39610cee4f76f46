/**
 * The three provision import files as the import page documents them: kinds, columns,
 * limits and the parts of a preview. Kept apart from the reading and planning in
 * provision-import.ts, which pulls in a CSV parser that has no place in the browser.
 */

import { UTF8_BOM } from './csv';
import {
	formatPounds,
	MAX_GROUP_SIZE,
	MAX_HOURLY_COST_PENCE,
	MAX_MINUTES_PER_SESSION,
	MAX_SESSIONS_PER_WEEK,
	MAX_WEEKS,
	NEED_CODES
} from './provision';
import { PUPIL_REFERENCE_MAX } from './sen-register';
// The forms' limits on free text, so that an imported row can be saved from its form.
import {
	INTERVENTION_NAME_MAX,
	MEASURE_MAX,
	RECORD_NOTES_MAX as NOTES_MAX,
	STAFF_ROLE_MAX
} from '../schemas/provision-offer';

/** The three files, in the order a setting imports them: each refers to the one before. */
export const IMPORT_KINDS = ['pupils', 'interventions', 'records'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const isImportKind = (value: string): value is ImportKind =>
	(IMPORT_KINDS as readonly string[]).includes(value);

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
	pupils: 'Pupils',
	interventions: 'Interventions',
	records: 'Provision records'
};

/** The `import_batch.kind` of each file. */
export const BATCH_KINDS: Record<ImportKind, string> = {
	pupils: 'provision-pupils',
	interventions: 'provision-interventions',
	records: 'provision-records'
};
export const kindOfBatch = (batchKind: string): ImportKind | null =>
	IMPORT_KINDS.find((kind) => BATCH_KINDS[kind] === batchKind) ?? null;

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;
/** How many rows of a part a preview shows before linking to the rest. */
export const IMPORT_PREVIEW_ROWS = 50;

/** A column of an import file, as the template's guide documents it. */
export interface ImportColumn {
	header: string;
	required: boolean;
	/** What the column may hold, in words. */
	allowed: string;
	/** A value as it could be typed; empty when the example leaves the column blank. */
	example: string;
}

export const DATE_FORMS = 'YYYY-MM-DD or DD/MM/YYYY';

export const PUPIL_COLUMNS = {
	reference: {
		header: 'Reference',
		required: true,
		allowed: `The setting's own reference for the pupil, never their name: up to ${PUPIL_REFERENCE_MAX} letters, digits, spaces, hyphens, dots and slashes. A pupil already on the register with the same reference (ignoring capitals) is updated.`,
		example: 'P-0001'
	},
	yearGroup: {
		header: 'Year group',
		required: true,
		allowed:
			'R or Reception; 1 to 14 (or Year 1 to Year 14); N1 or N2 (or Nursery 1, Nursery 2); for early years, an age band: Age 0-1, Age 2, Age 3 or Age 4.',
		example: '3'
	},
	senStatus: {
		header: 'SEN status',
		required: true,
		allowed: 'K or SEN support; E or EHC plan.',
		example: 'K'
	},
	primaryNeed: {
		header: 'Primary need',
		required: true,
		allowed: `A school census need code, in any case: ${NEED_CODES.join(', ')}.`,
		example: 'SEMH'
	},
	secondaryNeed: {
		header: 'Secondary need',
		required: false,
		allowed: 'A census need code other than the primary need, or blank for none.',
		example: 'SLCN'
	},
	addedOn: {
		header: 'Date added',
		required: true,
		allowed: `The date the pupil was added to the register, today or earlier: ${DATE_FORMS}.`,
		example: '03/09/2025'
	},
	removedOn: {
		header: 'Date removed',
		required: false,
		allowed: `The date the pupil came off the register (${DATE_FORMS}), from the date added to today; blank while they are on it. Clearing it puts the pupil back on the register from today.`,
		example: ''
	}
} as const satisfies Record<string, ImportColumn>;

export const INTERVENTION_COLUMNS = {
	name: {
		header: 'Name',
		required: true,
		allowed: `Up to ${INTERVENTION_NAME_MAX} characters. An intervention of the setting with the same name (ignoring capitals) is updated; an archived one stays archived.`,
		example: 'Phonics catch-up group'
	},
	areaOfNeed: {
		header: 'Area of need',
		required: true,
		allowed:
			'Communication and interaction (or C&I); Cognition and learning (or C&L); Social, emotional and mental health (or SEMH); Sensory and/or physical (or Sensory/physical). Any case.',
		example: 'C&L'
	},
	tier: {
		header: 'Tier',
		required: true,
		allowed: 'Universal, Targeted or Specialist.',
		example: 'Targeted'
	},
	groupSize: {
		header: 'Group size',
		required: true,
		allowed: `Pupils in a group: a whole number from 1 to ${MAX_GROUP_SIZE}.`,
		example: '4'
	},
	sessionsPerWeek: {
		header: 'Sessions a week',
		required: true,
		allowed: `A whole number from 1 to ${MAX_SESSIONS_PER_WEEK}.`,
		example: '3'
	},
	minutesPerSession: {
		header: 'Minutes a session',
		required: true,
		allowed: `A whole number from 1 to ${MAX_MINUTES_PER_SESSION}.`,
		example: '20'
	},
	staffRole: {
		header: 'Staff role',
		required: false,
		allowed: `Who runs it, up to ${STAFF_ROLE_MAX} characters.`,
		example: 'Teaching assistant'
	},
	hourlyCostPence: {
		header: 'Cost per hour',
		required: true,
		allowed: `What an hour of the staff time costs, in pounds, from 0 to ${formatPounds(MAX_HOURLY_COST_PENCE)}, with or without the £ sign and pence: 18.50 or £18.50.`,
		example: '18.50'
	},
	outcomeMeasure: {
		header: 'Outcome measure',
		required: false,
		allowed: `How progress is measured, up to ${MEASURE_MAX} characters.`,
		example: 'Phonics screening score'
	}
} as const satisfies Record<string, ImportColumn>;

export const RECORD_COLUMNS = {
	pupilReference: {
		header: 'Pupil reference',
		required: true,
		allowed:
			'The reference of a pupil already on the SEN register (import pupils first), in any case.',
		example: 'P-0001'
	},
	intervention: {
		header: 'Intervention',
		required: true,
		allowed:
			'The name of one of the setting’s interventions that is not archived (import interventions first), in any case.',
		example: 'Phonics catch-up group'
	},
	startDate: {
		header: 'Start date',
		required: true,
		allowed: `${DATE_FORMS}. A record of the same pupil on the same intervention from the same date is updated.`,
		example: '08/09/2025'
	},
	endDate: {
		header: 'End date',
		required: false,
		allowed: `${DATE_FORMS}, not before the start date; blank while the provision goes on.`,
		example: '19/12/2025'
	},
	weeks: {
		header: 'Weeks',
		required: false,
		allowed: `The weeks the sessions ran, when not every week from start to end (holidays, say): a whole number from 0 to ${MAX_WEEKS}. Blank to count the weeks between the dates.`,
		example: '14'
	},
	entryMeasure: {
		header: 'Entry measure',
		required: false,
		allowed: `The measure at the start, up to ${MEASURE_MAX} characters.`,
		example: '12 of 40'
	},
	exitMeasure: {
		header: 'Exit measure',
		required: false,
		allowed: `The measure at the end, up to ${MEASURE_MAX} characters.`,
		example: '31 of 40'
	},
	outcome: {
		header: 'Outcome',
		required: false,
		allowed:
			'Target met, Partly met, Not met or Too early (or Met, Target partly met, Too early to say…), any case; blank until known. Only provision with an end date can have its target met, partly met or not met.',
		example: 'Target met'
	},
	notes: {
		header: 'Notes',
		required: false,
		allowed: `Up to ${NOTES_MAX.toLocaleString('en-GB')} characters. Never a pupil's name.`,
		example: 'Moved on to the next phase'
	}
} as const satisfies Record<string, ImportColumn>;

export type PupilField = keyof typeof PUPIL_COLUMNS;
export type InterventionField = keyof typeof INTERVENTION_COLUMNS;
export type RecordField = keyof typeof RECORD_COLUMNS;

export const IMPORT_COLUMNS: Record<ImportKind, Record<string, ImportColumn>> = {
	pupils: PUPIL_COLUMNS,
	interventions: INTERVENTION_COLUMNS,
	records: RECORD_COLUMNS
};

export const headersOf = (kind: ImportKind) =>
	Object.values(IMPORT_COLUMNS[kind]).map((c) => c.header);

/**
 * The template of a file: its header row only, so nothing in it can be imported by
 * accident; the guide on the import page shows an example of every column.
 */
export const templateCsv = (kind: ImportKind) => `${UTF8_BOM}${headersOf(kind).join(',')}\r\n`;

/** The parts of a plan, in the order a preview shows them. */
export const IMPORT_PARTS = ['bad', 'create', 'update', 'unchanged'] as const;
export type ImportPart = (typeof IMPORT_PARTS)[number];
export const isImportPart = (value: string): value is ImportPart =>
	(IMPORT_PARTS as readonly string[]).includes(value);

export type ImportCounts = Record<ImportPart, number>;

/** The heading of each column of a row to add, in the order of its cells. */
export const createHeaders = (kind: ImportKind) => headersOf(kind);

/** The heading of the column that names a row in the other parts. */
export const ROW_LABEL_HEADERS: Record<ImportKind, string> = {
	pupils: 'Reference',
	interventions: 'Name',
	records: 'Pupil and intervention'
};
