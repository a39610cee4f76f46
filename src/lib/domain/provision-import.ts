/**
 * Importing a setting's SEN register, its interventions and its provision records from CSV
 * files made from the templates: the documented columns, reading and checking every row,
 * and planning what a file would change. Pure: the service supplies what the setting holds.
 */

import {
	decodeCsvFile,
	misalignment,
	missingColumns,
	readCsvColumns,
	type CsvFile,
	type CsvWording,
	type Outcome
} from './csv-read';
import { formatDate, isRealDate, normaliseDate } from './dates';
import {
	AREA_OF_NEED_LABELS,
	MAX_GROUP_SIZE,
	MAX_HOURLY_COST_PENCE,
	MAX_MINUTES_PER_SESSION,
	MAX_SESSIONS_PER_WEEK,
	MAX_WEEKS,
	NEED_CODES,
	OUTCOME_LABELS,
	SEN_STATUS_LABELS,
	TIER_LABELS,
	TIERS,
	YEAR_GROUPS,
	formatPounds,
	yearGroupLabel,
	type AreaOfNeed,
	type NeedCode,
	type Outcome as ProvisionOutcome,
	type SenStatus,
	type Tier
} from './provision';
import { parsePounds } from './provision-cost';
import { isPupilReference, PUPIL_REFERENCE_MAX } from './sen-register';
// The forms' limits on free text, so that an imported row can be saved from its form.
import {
	INTERVENTION_NAME_MAX,
	MEASURE_MAX,
	RECORD_NOTES_MAX as NOTES_MAX,
	STAFF_ROLE_MAX
} from '../schemas/provision-offer';

export type { Outcome };
// The documented columns, which the browser needs too, live apart from the parser.
export * from './provision-import-columns';
import {
	DATE_FORMS,
	headersOf,
	IMPORT_COLUMNS,
	IMPORT_KIND_LABELS,
	IMPORT_KINDS,
	IMPORT_MAX_ROWS,
	INTERVENTION_COLUMNS,
	PUPIL_COLUMNS,
	RECORD_COLUMNS,
	type ImportColumn,
	type ImportCounts,
	type ImportKind,
	type ImportPart,
	type InterventionField,
	type PupilField,
	type RecordField
} from './provision-import-columns';

const ROW_NOUNS: Record<ImportKind, string> = {
	pupils: 'pupils',
	interventions: 'interventions',
	records: 'provision records'
};

const RETRY = 'Save the spreadsheet as "CSV UTF-8" and upload that file';

const wordingOf = (kind: ImportKind): CsvWording => ({
	retry: RETRY,
	columnsFrom: `Start from the ${ROW_NOUNS[kind]} template, which has them`,
	rowNoun: ROW_NOUNS[kind]
});

/** The text of an uploaded file (see decodeCsvFile for what is refused). */
export const decodeImportFile = (bytes: Uint8Array) => decodeCsvFile(bytes, { retry: RETRY });

export type PupilFile = CsvFile<PupilField>;
export type InterventionFile = CsvFile<InterventionField>;
export type RecordFile = CsvFile<RecordField>;
export interface ImportFiles {
	pupils: PupilFile;
	interventions: InterventionFile;
	records: RecordFile;
}

const columnsByField = (kind: ImportKind) =>
	Object.fromEntries(Object.entries(IMPORT_COLUMNS[kind]).map(([f, c]) => [f, c.header]));

/**
 * The rows of an import file, its columns found by header (any order, any case). When the
 * header is another kind's, the message says which file it looks like.
 */
export function readImportFile<K extends ImportKind>(
	kind: K,
	text: string
): Outcome<ImportFiles[K]> {
	const explain = (header: string[]) => {
		const other = IMPORT_KINDS.find(
			(k) => k !== kind && !missingColumns(header, headersOf(k)).length
		);
		return other
			? `It looks like a file of ${ROW_NOUNS[other]}: choose "${IMPORT_KIND_LABELS[other]}" as what the file holds, or start from the ${ROW_NOUNS[kind]} template`
			: null;
	};
	return readCsvColumns(text, columnsByField(kind), wordingOf(kind), {
		maxRows: IMPORT_MAX_ROWS,
		explain
	});
}

// Reading values. Each check names the column and quotes the value it could not take.

/** A value as a message quotes it: long ones cut short. */
const quoted = (raw: string) => `"${raw.length > 60 ? `${raw.slice(0, 57)}…` : raw}"`;

/** Lower case, "&" as "and", punctuation as spaces: how names from lists are compared. */
const listKey = (raw: string) =>
	raw
		.toLowerCase()
		.replace(/&/g, ' and ')
		.replace(/[^a-z0-9-]+/g, ' ')
		.trim()
		.replace(/\s+/g, ' ');

function aliases<T>(entries: [T, string[]][]): Map<string, T> {
	return new Map(entries.flatMap(([value, names]) => names.map((n) => [listKey(n), value])));
}

const YEAR_GROUP_ALIASES = aliases<string>(
	YEAR_GROUPS.map((code) => [
		code,
		[code, yearGroupLabel(code), ...(/^\d+$/.test(code) ? [`Y${code}`, `Yr ${code}`] : [])]
	])
);
const SEN_STATUS_ALIASES = aliases<SenStatus>([
	['K', ['K', SEN_STATUS_LABELS.K]],
	['E', ['E', SEN_STATUS_LABELS.E, 'EHCP', 'EHC']]
]);
const NEED_ALIASES = aliases<NeedCode>(NEED_CODES.map((code) => [code, [code]]));
const AREA_ALIASES = aliases<AreaOfNeed>([
	[
		'communication_interaction',
		[AREA_OF_NEED_LABELS.communication_interaction, 'C&I', 'communication_interaction']
	],
	['cognition_learning', [AREA_OF_NEED_LABELS.cognition_learning, 'C&L', 'cognition_learning']],
	['semh', [AREA_OF_NEED_LABELS.semh, 'SEMH', 'social emotional and mental health']],
	[
		'sensory_physical',
		[
			AREA_OF_NEED_LABELS.sensory_physical,
			'Sensory/physical',
			'Sensory and physical',
			'sensory_physical'
		]
	]
]);
const TIER_ALIASES = aliases<Tier>(TIERS.map((t) => [t, [t]]));
const OUTCOME_ALIASES = aliases<ProvisionOutcome>([
	['met', ['Met', 'Target met']],
	['partly_met', ['Partly met', 'Target partly met']],
	['not_met', ['Not met', 'Target not met']],
	['too_early', ['Too early', 'Too early to say']]
]);

/** Reads one row's values, collecting a reason for each that cannot be taken. */
class RowReader<F extends string> {
	readonly reasons: string[] = [];
	constructor(
		private readonly values: Record<F, string>,
		private readonly columns: Record<F, ImportColumn>
	) {}

	private label = (field: F) => this.columns[field].header;

	/** The value, or null (with a reason when the column is required) if it is blank. */
	private present(field: F): string | null {
		const raw = this.values[field];
		if (raw !== '') return raw;
		if (this.columns[field].required) this.reasons.push(`${this.label(field)} is missing`);
		return null;
	}

	text(field: F, max: number): string {
		const raw = this.present(field) ?? '';
		if (raw.length > max) {
			this.reasons.push(
				`${this.label(field)} must be ${max.toLocaleString('en-GB')} characters or fewer (it has ${raw.length.toLocaleString('en-GB')})`
			);
		}
		return raw;
	}

	/** A value from a list, matched by its names in `names`; `expected` says what is allowed. */
	choice<T>(field: F, names: Map<string, T>, expected: string): T | null {
		const raw = this.present(field);
		if (raw === null) return null;
		const value = names.get(listKey(raw));
		if (value === undefined) {
			this.reasons.push(`${this.label(field)} ${quoted(raw)} ${expected}`);
			return null;
		}
		return value;
	}

	whole(field: F, min: number, max: number): number | null {
		const raw = this.present(field);
		if (raw === null) return null;
		const n = Number(raw);
		if (!/^\d+$/.test(raw) || n < min || n > max) {
			this.reasons.push(
				`${this.label(field)} ${quoted(raw)} must be a whole number from ${min} to ${max}`
			);
			return null;
		}
		return n;
	}

	/** A date as YYYY-MM-DD, read from that or from DD/MM/YYYY. */
	date(field: F): string | null {
		const raw = this.present(field);
		if (raw === null) return null;
		const day = normaliseDate(raw);
		if (!isRealDate(day)) {
			this.reasons.push(
				`${this.label(field)} ${quoted(raw)} is not a date. Write it as ${DATE_FORMS}, for example 08/09/2025`
			);
			return null;
		}
		if (day < '2000-01-01' || day > '2099-12-31') {
			this.reasons.push(`${this.label(field)} ${quoted(raw)} must be in the years 2000 to 2099`);
			return null;
		}
		return day;
	}

	/** Pounds and pence as pence: "18.50", "£18.50", "£1,000". */
	pounds(field: F, maxPence: number): number | null {
		const raw = this.present(field);
		if (raw === null) return null;
		const pence = parsePounds(raw);
		if (pence === null || pence > maxPence) {
			this.reasons.push(
				`${this.label(field)} ${quoted(raw)} must be an amount in pounds from 0 to ${formatPounds(maxPence)}, such as 18.50`
			);
			return null;
		}
		return pence;
	}

	isBlank = (field: F) => this.values[field] === '';

	/** A reason of the caller's own, about a column's value. */
	refuse(field: F, reason: string) {
		this.reasons.push(`${this.label(field)} ${quoted(this.values[field])} ${reason}`);
	}
}

// What the setting holds, and what a row would make of it.

export interface PupilEntry {
	reference: string;
	yearGroup: string;
	senStatus: SenStatus;
	primaryNeed: NeedCode;
	secondaryNeed: NeedCode | null;
	addedOn: string;
	removedOn: string | null;
}

export interface InterventionDetails {
	name: string;
	areaOfNeed: AreaOfNeed;
	tier: Tier;
	groupSize: number;
	sessionsPerWeek: number;
	minutesPerSession: number;
	staffRole: string;
	hourlyCostPence: number;
	outcomeMeasure: string;
}

/** A provision record's details, and whom and what it is of, as held. */
export interface RecordDetails {
	pupilId: string;
	interventionId: string;
	startDate: string;
	endDate: string | null;
	weeks: number | null;
	entryMeasure: string;
	exitMeasure: string;
	outcome: ProvisionOutcome | null;
	notes: string;
}

/** A record as a row of the file would make it, with the names it was matched by. */
export interface RecordEntry extends RecordDetails {
	pupilReference: string;
	interventionName: string;
}

interface Held {
	id: string;
	version: number;
}
export type ExistingPupil = PupilEntry & Held;
export type ExistingIntervention = InterventionDetails & Held & { archived: boolean };
export type ExistingRecord = RecordDetails & Held;

export interface FieldChange {
	field: string;
	label: string;
	before: string;
	after: string;
}

/** A row that passed every check, with how the preview names it. */
export interface PlannedRow<V> {
	line: number;
	label: string;
	value: V;
}

export interface PlannedUpdate<V, E> extends PlannedRow<V> {
	existing: E;
	changes: FieldChange[];
}

/** A row that cannot be imported, named as the file had it, with every reason. */
export interface BadRow {
	line: number;
	label: string;
	reasons: string[];
}

export interface ImportPlan<V, E> {
	create: PlannedRow<V>[];
	update: PlannedUpdate<V, E>[];
	unchanged: PlannedRow<V>[];
	bad: BadRow[];
}
export type PupilPlan = ImportPlan<PupilEntry, ExistingPupil>;
export type InterventionPlan = ImportPlan<InterventionDetails, ExistingIntervention>;
export type RecordPlan = ImportPlan<RecordEntry, ExistingRecord>;
export type AnyPlan = PupilPlan | InterventionPlan | RecordPlan;

/** How one kind of row is checked, matched and compared. */
interface KindRules<F extends string, V, E extends Held> {
	/** The row as the preview names it, from what the file says. */
	label: (values: Record<F, string>) => string;
	/** What identifies the row within the file, or null when that part is not readable. */
	fileKey: (values: Record<F, string>) => string | null;
	/** Why a key seen before cannot be imported again. */
	duplicate: (values: Record<F, string>, firstLine: number) => string;
	check: (reader: RowReader<F>) => V | null;
	/** The held row the value would update, if any. */
	existing: (value: V) => E | undefined;
	/** The fields an import sets on a held row, each shown as the preview writes it. */
	compared: { [P in keyof V & keyof E]?: (value: V[P]) => string };
	columns: Record<F, ImportColumn>;
	labels: Partial<Record<keyof V, string>>;
}

function planRows<F extends string, V, E extends Held>(
	file: CsvFile<F>,
	rules: KindRules<F, V, E>
): ImportPlan<V, E> {
	const plan: ImportPlan<V, E> = { create: [], update: [], unchanged: [], bad: [] };
	const firstLine = new Map<string, number>();
	const compared = Object.entries(rules.compared) as [keyof V & keyof E, (v: unknown) => string][];
	for (const row of file.rows) {
		const label = rules.label(row.values);
		const misaligned = misalignment(row, file.columnCount);
		if (misaligned) {
			plan.bad.push({ line: row.line, label, reasons: [misaligned] });
			continue;
		}
		const reader = new RowReader(row.values, rules.columns);
		const value = rules.check(reader);
		const key = rules.fileKey(row.values);
		if (key !== null) {
			const first = firstLine.get(key);
			if (first === undefined) firstLine.set(key, row.line);
			else reader.reasons.push(rules.duplicate(row.values, first));
		}
		if (value === null || reader.reasons.length) {
			plan.bad.push({ line: row.line, label, reasons: reader.reasons });
			continue;
		}
		const planned = { line: row.line, label, value };
		const existing = rules.existing(value);
		if (!existing) {
			plan.create.push(planned);
			continue;
		}
		const after: V = value;
		const changes = compared
			.filter(([field]) => (existing[field] as unknown) !== after[field])
			.map(([field, shown]) => ({
				field: String(field),
				label: rules.labels[field] ?? String(field),
				before: shown(existing[field]),
				after: shown(after[field])
			}));
		if (changes.length) plan.update.push({ ...planned, existing, changes });
		else plan.unchanged.push(planned);
	}
	return plan;
}

const labelsOf = <F extends string>(columns: Record<F, ImportColumn>) =>
	Object.fromEntries(Object.entries<ImportColumn>(columns).map(([f, c]) => [f, c.header]));

const shownText = (v: string) => v;
const shownDate = (v: string | null) => (v === null ? '' : formatDate(v));
const shownNumber = (v: number | null) => (v === null ? '' : String(v));
const refKey = (reference: string) => reference.toLowerCase();
const nameKey = (name: string) => name.trim().toLowerCase();

const NEEDS_EXPECTED = `is not a census code. Use one of ${NEED_CODES.join(', ')}`;

/**
 * What importing a pupils file would do to the register: pupils to add, pupils whose entry
 * would change (matched by reference, ignoring capitals), those already up to date, and rows
 * that break a rule. `today` bounds the dates added and removed.
 */
export function planPupilImport(
	file: PupilFile,
	context: { today: string; pupils: readonly ExistingPupil[] }
): PupilPlan {
	const held = new Map(context.pupils.map((p) => [refKey(p.reference), p]));
	return planRows<PupilField, PupilEntry, ExistingPupil>(file, {
		columns: PUPIL_COLUMNS,
		labels: labelsOf(PUPIL_COLUMNS),
		label: (v) => v.reference.slice(0, PUPIL_REFERENCE_MAX),
		fileKey: (v) => (isPupilReference(v.reference) ? refKey(v.reference) : null),
		duplicate: (v, first) => `Reference ${quoted(v.reference)} also appears on line ${first}`,
		check(r) {
			const reference = r.text('reference', PUPIL_REFERENCE_MAX);
			if (
				reference !== '' &&
				reference.length <= PUPIL_REFERENCE_MAX &&
				!isPupilReference(reference)
			) {
				r.refuse('reference', 'can only have letters, digits, spaces, hyphens, dots and slashes');
			}
			const yearGroup = r.choice(
				'yearGroup',
				YEAR_GROUP_ALIASES,
				'is not a year group or age band. Use R, 1 to 14, N1, N2, or an age band such as Age 3'
			);
			const senStatus = r.choice(
				'senStatus',
				SEN_STATUS_ALIASES,
				'must be K (SEN support) or E (EHC plan)'
			);
			const primaryNeed = r.choice('primaryNeed', NEED_ALIASES, NEEDS_EXPECTED);
			const secondaryNeed = r.choice('secondaryNeed', NEED_ALIASES, NEEDS_EXPECTED);
			if (secondaryNeed !== null && secondaryNeed === primaryNeed) {
				r.refuse(
					'secondaryNeed',
					'is the same as the primary need: leave it blank or choose another'
				);
			}
			const addedOn = r.date('addedOn');
			const removedOn = r.date('removedOn');
			if (addedOn !== null && addedOn > context.today) r.refuse('addedOn', 'is in the future');
			if (removedOn !== null && removedOn > context.today)
				r.refuse('removedOn', 'is in the future');
			if (addedOn !== null && removedOn !== null && removedOn < addedOn) {
				r.refuse('removedOn', `is before the date added (${formatDate(addedOn)})`);
			}
			if (yearGroup === null || senStatus === null || primaryNeed === null || addedOn === null) {
				return null;
			}
			return { reference, yearGroup, senStatus, primaryNeed, secondaryNeed, addedOn, removedOn };
		},
		existing: (value) => held.get(refKey(value.reference)),
		compared: {
			yearGroup: yearGroupLabel,
			senStatus: (v) => SEN_STATUS_LABELS[v],
			primaryNeed: shownText,
			secondaryNeed: (v) => v ?? '',
			addedOn: formatDate,
			removedOn: shownDate
		}
	});
}

/**
 * What importing an interventions file would do to the setting's offer: interventions to
 * add, those whose details would change (matched by name, ignoring capitals), those up to
 * date, and rows that break a rule.
 */
export function planInterventionImport(
	file: InterventionFile,
	context: { interventions: readonly ExistingIntervention[] }
): InterventionPlan {
	const held = new Map(context.interventions.map((i) => [nameKey(i.name), i]));
	return planRows<InterventionField, InterventionDetails, ExistingIntervention>(file, {
		columns: INTERVENTION_COLUMNS,
		labels: labelsOf(INTERVENTION_COLUMNS),
		label: (v) => v.name.slice(0, INTERVENTION_NAME_MAX),
		fileKey: (v) => (v.name === '' ? null : nameKey(v.name)),
		duplicate: (v, first) => `Name ${quoted(v.name)} also appears on line ${first}`,
		check(r) {
			const name = r.text('name', INTERVENTION_NAME_MAX);
			const areaOfNeed = r.choice(
				'areaOfNeed',
				AREA_ALIASES,
				'is not an area of need. Use Communication and interaction (C&I), Cognition and learning (C&L), SEMH or Sensory/physical'
			);
			const tier = r.choice('tier', TIER_ALIASES, 'must be Universal, Targeted or Specialist');
			const groupSize = r.whole('groupSize', 1, MAX_GROUP_SIZE);
			const sessionsPerWeek = r.whole('sessionsPerWeek', 1, MAX_SESSIONS_PER_WEEK);
			const minutesPerSession = r.whole('minutesPerSession', 1, MAX_MINUTES_PER_SESSION);
			const staffRole = r.text('staffRole', STAFF_ROLE_MAX);
			const hourlyCostPence = r.pounds('hourlyCostPence', MAX_HOURLY_COST_PENCE);
			const outcomeMeasure = r.text('outcomeMeasure', MEASURE_MAX);
			if (
				name === '' ||
				areaOfNeed === null ||
				tier === null ||
				groupSize === null ||
				sessionsPerWeek === null ||
				minutesPerSession === null ||
				hourlyCostPence === null
			) {
				return null;
			}
			return {
				name,
				areaOfNeed,
				tier,
				groupSize,
				sessionsPerWeek,
				minutesPerSession,
				staffRole,
				hourlyCostPence,
				outcomeMeasure
			};
		},
		existing: (value) => held.get(nameKey(value.name)),
		compared: {
			areaOfNeed: (v) => AREA_OF_NEED_LABELS[v],
			tier: (v) => TIER_LABELS[v],
			groupSize: String,
			sessionsPerWeek: String,
			minutesPerSession: String,
			staffRole: shownText,
			hourlyCostPence: formatPounds,
			outcomeMeasure: shownText
		}
	});
}

/** The setting's register and offer as a provision records file is matched against them. */
export interface RecordContext {
	pupils: readonly { id: string; reference: string }[];
	interventions: readonly { id: string; name: string; archived: boolean }[];
	records: readonly ExistingRecord[];
}

const recordKey = (r: Pick<RecordDetails, 'pupilId' | 'interventionId' | 'startDate'>) =>
	`${r.pupilId} ${r.interventionId} ${r.startDate}`;

/**
 * What importing a provision records file would do: records to add, records whose details
 * would change (matched by pupil, intervention and start date), those up to date, and rows
 * that break a rule, including pupils and interventions the setting does not have.
 */
export function planRecordImport(file: RecordFile, context: RecordContext): RecordPlan {
	const pupils = new Map(context.pupils.map((p) => [refKey(p.reference), p]));
	const interventions = new Map(context.interventions.map((i) => [nameKey(i.name), i]));
	const held = new Map(context.records.map((r) => [recordKey(r), r]));
	return planRows<RecordField, RecordEntry, ExistingRecord>(file, {
		columns: RECORD_COLUMNS,
		labels: labelsOf(RECORD_COLUMNS),
		label: (v) =>
			[
				v.pupilReference.slice(0, PUPIL_REFERENCE_MAX),
				v.intervention.slice(0, INTERVENTION_NAME_MAX)
			]
				.filter(Boolean)
				.join(', '),
		fileKey: (v) => {
			const start = normaliseDate(v.startDate);
			return v.pupilReference && v.intervention && isRealDate(start)
				? `${refKey(v.pupilReference)}\n${nameKey(v.intervention)}\n${start}`
				: null;
		},
		duplicate: (v, first) =>
			`The same pupil, intervention and start date (${quoted(v.pupilReference)}, ${quoted(v.intervention)}, ${v.startDate}) also appear on line ${first}`,
		check(r) {
			const reference = r.text('pupilReference', PUPIL_REFERENCE_MAX);
			const pupil = reference === '' ? undefined : pupils.get(refKey(reference));
			if (reference !== '' && !pupil) {
				r.refuse(
					'pupilReference',
					'is not on the SEN register. Import pupils first, or add the pupil'
				);
			}
			const name = r.text('intervention', INTERVENTION_NAME_MAX);
			const intervention = name === '' ? undefined : interventions.get(nameKey(name));
			if (name !== '' && !intervention) {
				r.refuse(
					'intervention',
					'is not one of the setting’s interventions. Import interventions first, or add it'
				);
			} else if (intervention?.archived) {
				r.refuse('intervention', 'is archived. Restore it before recording provision on it');
			}
			const startDate = r.date('startDate');
			const endDate = r.date('endDate');
			if (startDate !== null && endDate !== null && endDate < startDate) {
				r.refuse('endDate', `is before the start date (${formatDate(startDate)})`);
			}
			const weeks = r.whole('weeks', 0, MAX_WEEKS);
			const entryMeasure = r.text('entryMeasure', MEASURE_MAX);
			const exitMeasure = r.text('exitMeasure', MEASURE_MAX);
			const outcome = r.choice(
				'outcome',
				OUTCOME_ALIASES,
				'is not an outcome. Use Target met, Partly met, Not met or Too early, or leave it blank'
			);
			if (outcome !== null && outcome !== 'too_early' && r.isBlank('endDate')) {
				r.refuse(
					'outcome',
					'needs an end date: only provision that has ended can have its target met, partly met or not met. Use Too early while it goes on'
				);
			}
			const notes = r.text('notes', NOTES_MAX);
			if (!pupil || !intervention || intervention.archived || startDate === null) return null;
			return {
				pupilId: pupil.id,
				pupilReference: pupil.reference,
				interventionId: intervention.id,
				interventionName: intervention.name,
				startDate,
				endDate,
				weeks,
				entryMeasure,
				exitMeasure,
				outcome,
				notes
			};
		},
		existing: (value) => held.get(recordKey(value)),
		compared: {
			endDate: shownDate,
			weeks: shownNumber,
			entryMeasure: shownText,
			exitMeasure: shownText,
			outcome: (v) => (v === null ? '' : OUTCOME_LABELS[v]),
			notes: shownText
		}
	});
}

// What the preview shows.

export const countsOf = (plan: AnyPlan): ImportCounts => ({
	bad: plan.bad.length,
	create: plan.create.length,
	update: plan.update.length,
	unchanged: plan.unchanged.length
});

/** What a row to add holds, one cell for each column of its file, as the preview writes it. */
function cellsOf(kind: ImportKind, value: AnyPlan['create'][number]['value']): string[] {
	if (kind === 'pupils') {
		const p = value as PupilEntry;
		return [
			p.reference,
			yearGroupLabel(p.yearGroup),
			SEN_STATUS_LABELS[p.senStatus],
			p.primaryNeed,
			p.secondaryNeed ?? '',
			formatDate(p.addedOn),
			shownDate(p.removedOn)
		];
	}
	if (kind === 'interventions') {
		const i = value as InterventionDetails;
		return [
			i.name,
			AREA_OF_NEED_LABELS[i.areaOfNeed],
			TIER_LABELS[i.tier],
			String(i.groupSize),
			String(i.sessionsPerWeek),
			String(i.minutesPerSession),
			i.staffRole,
			formatPounds(i.hourlyCostPence),
			i.outcomeMeasure
		];
	}
	const r = value as RecordEntry;
	return [
		r.pupilReference,
		r.interventionName,
		formatDate(r.startDate),
		shownDate(r.endDate),
		shownNumber(r.weeks),
		r.entryMeasure,
		r.exitMeasure,
		r.outcome === null ? '' : OUTCOME_LABELS[r.outcome],
		r.notes
	];
}

export type PlanPartRows =
	| { part: 'create'; rows: { line: number; cells: string[] }[] }
	| { part: 'update'; rows: { line: number; label: string; changes: FieldChange[] }[] }
	| { part: 'unchanged'; rows: { line: number; label: string }[] }
	| { part: 'bad'; rows: BadRow[] };

/** Rows `start` to `end` (exclusive) of one part of a plan, shaped for its table. */
export function planPart(
	kind: ImportKind,
	plan: AnyPlan,
	part: ImportPart,
	start: number,
	end: number
): PlanPartRows {
	switch (part) {
		case 'create':
			return {
				part,
				rows: plan.create
					.slice(start, end)
					.map((row) => ({ line: row.line, cells: cellsOf(kind, row.value) }))
			};
		case 'update':
			return {
				part,
				rows: plan.update
					.slice(start, end)
					.map(({ line, label, changes }) => ({ line, label, changes }))
			};
		case 'unchanged':
			return {
				part,
				rows: plan.unchanged.slice(start, end).map(({ line, label }) => ({ line, label }))
			};
		case 'bad':
			return { part, rows: plan.bad.slice(start, end) };
	}
}
