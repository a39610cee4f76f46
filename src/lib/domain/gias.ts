/**
 * Reading a DfE "Get Information About Schools" (GIAS) establishment CSV and planning what
 * it would change in a tenant's settings. Pure: the service supplies the tenant's facts.
 */

import {
	decodeCsvFile,
	misalignment,
	readCsvColumns,
	type CsvFile,
	type CsvRow,
	type CsvWording,
	type Outcome
} from './csv-read';
import {
	isUkPostcode,
	normalisePostcode,
	PHASES,
	RESOURCED_PROVISIONS,
	SETTING_STATUSES
} from './establishment';
import { SETTING_TYPE_LABELS, type SettingType } from './organisation';

/** The GIAS columns the import reads, by the field each one fills. */
export const GIAS_COLUMNS = {
	urn: 'URN',
	laCode: 'LA (code)',
	name: 'EstablishmentName',
	establishmentType: 'TypeOfEstablishment (name)',
	phase: 'PhaseOfEducation (name)',
	status: 'EstablishmentStatus (name)',
	district: 'DistrictAdministrative (name)',
	postcode: 'Postcode',
	numberOfPupils: 'NumberOfPupils',
	resourcedProvision: 'TypeOfResourcedProvision (name)'
} as const;
type GiasColumn = keyof typeof GIAS_COLUMNS;

export const GIAS_MAX_BYTES = 10 * 1024 * 1024;
// The same limits as the form for editing a setting, so an imported setting can be saved.
const MAX_NAME = 200;
const MAX_ESTABLISHMENT_TYPE = 120;
const MAX_PUPILS = 99_999;

export type { Outcome };

/** One data row of the file; `line` is its row number in a spreadsheet (header = 1). */
export type GiasRow = CsvRow<GiasColumn>;
export type GiasFile = CsvFile<GiasColumn>;

/** The fields of a setting that GIAS owns: an import sets these and nothing else. */
export interface GiasFields {
	name: string;
	settingType: SettingType;
	establishmentType: string;
	phase: string;
	status: string;
	districtId: string | null;
	postcode: string;
	numberOfPupils: number | null;
	resourcedProvision: string;
}

/** A row that passed every check, ready to be written. */
export interface GiasRecord extends GiasFields {
	line: number;
	urn: number;
	districtName: string;
}

/** A row that cannot be imported, as the file had it, with every reason. */
export interface BadRow {
	line: number;
	urn: string;
	name: string;
	reasons: string[];
}

/** A setting already in the tenant, as far as the import compares it. */
export interface ExistingSetting extends GiasFields {
	id: string;
	urn: number;
	version: number;
}

export interface District {
	id: string;
	name: string;
}

export interface GiasContext {
	laCode: string;
	districts: readonly District[];
	existing: readonly ExistingSetting[];
}

export interface FieldChange {
	/** A GIAS field, or the community, which a move to another district can clear. */
	field: keyof GiasFields | 'communityId';
	label: string;
	before: string;
	after: string;
}

export interface GiasUpdate {
	record: GiasRecord;
	settingId: string;
	version: number;
	changes: FieldChange[];
}

export interface GiasPlan {
	create: GiasRecord[];
	update: GiasUpdate[];
	unchanged: GiasRecord[];
	skipped: { record: GiasRecord; reason: string }[];
	bad: BadRow[];
}

/** The parts of a plan, in the order a preview shows them. */
export const GIAS_PARTS = ['bad', 'create', 'update', 'unchanged', 'skipped'] as const;
export type GiasPart = (typeof GIAS_PARTS)[number];
export const isGiasPart = (value: string): value is GiasPart =>
	(GIAS_PARTS as readonly string[]).includes(value);

/** How many rows of a part a preview shows before linking to the rest. */
export const GIAS_PREVIEW_ROWS = 50;

/** A row listed by line, URN and name, with the reasons it was set aside, if any. */
export interface ListedRow {
	line: number;
	urn: number | string;
	name: string;
	reasons?: string[];
}

export type GiasPlanPart =
	| { part: 'create'; rows: GiasRecord[] }
	| { part: 'update'; rows: GiasUpdate[] }
	| { part: 'unchanged' | 'skipped' | 'bad'; rows: ListedRow[] };

/** Rows `start` to `end` (exclusive) of one part of a plan, shaped for its table. */
export function planPart(plan: GiasPlan, part: GiasPart, start: number, end: number): GiasPlanPart {
	switch (part) {
		case 'create':
			return { part, rows: plan.create.slice(start, end) };
		case 'update':
			return { part, rows: plan.update.slice(start, end) };
		case 'unchanged':
			return {
				part,
				rows: plan.unchanged.slice(start, end).map(({ line, urn, name }) => ({ line, urn, name }))
			};
		case 'skipped':
			return {
				part,
				rows: plan.skipped.slice(start, end).map(({ record: { line, urn, name }, reason }) => ({
					line,
					urn,
					name,
					reasons: [reason]
				}))
			};
		case 'bad':
			return { part, rows: plan.bad.slice(start, end) };
	}
}

const GIAS_WORDING: CsvWording = {
	retry: 'Upload the CSV file you downloaded from GIAS',
	columnsFrom: 'Download the establishment fields CSV from GIAS, which has them',
	rowNoun: 'establishments'
};

/** The text of an uploaded GIAS file (see decodeCsvFile for what is refused). */
export const decodeCsvBytes = (bytes: Uint8Array) => decodeCsvFile(bytes, GIAS_WORDING);

/**
 * The rows of a GIAS CSV, found by header name (any order, any case, extra columns
 * ignored). A missing column is an error for the whole file: importing without it would
 * blank that field on every setting.
 */
export const readGiasCsv = (text: string): Outcome<GiasFile> =>
	readCsvColumns(text, GIAS_COLUMNS, GIAS_WORDING);

/** Our broad setting type for a GIAS establishment type and phase. */
export function settingTypeFor(establishmentType: string, phase: string): SettingType {
	const type = establishmentType.toLowerCase();
	const stage = phase.toLowerCase();
	if (type.includes('special') || stage.includes('special')) return 'special';
	if (type.includes('pupil referral unit') || type.includes('alternative provision')) return 'pru';
	if (stage === 'nursery' || type === 'local authority nursery school') return 'early_years';
	return 'mainstream';
}

/** How district names are compared: GIAS writes "and" where a tenant may write "&". */
export const districtKey = (name: string) =>
	name.toLowerCase().replace(/&/g, ' and ').replace(/\s+/g, ' ').trim();

type RowCheck = { ok: true; record: GiasRecord } | { ok: false; reasons: string[] };

function checkRow(
	row: GiasRow,
	columnCount: number,
	laCode: string,
	districts: Map<string, District>,
	firstLineOfUrn: Map<number, number>
): RowCheck {
	const misaligned = misalignment(row, columnCount);
	if (misaligned) return { ok: false, reasons: [misaligned] };
	const v = row.values;
	const reasons: string[] = [];
	/** A value from one of GIAS's fixed lists, matched ignoring case and kept as GIAS spells it. */
	const fromList = (values: readonly string[], value: string, label: string) => {
		if (value === '') return '';
		const match = values.find((known) => known.toLowerCase() === value.toLowerCase());
		if (match === undefined) reasons.push(`${label} "${value}" is not one GIAS uses`);
		return match ?? '';
	};

	let urn = NaN;
	if (v.urn === '') reasons.push('URN is missing');
	else if (!/^\d+$/.test(v.urn) || Number(v.urn) < 100000 || Number(v.urn) > 999999) {
		reasons.push(`URN "${v.urn}" must be a whole number from 100000 to 999999`);
	} else {
		urn = Number(v.urn);
		const first = firstLineOfUrn.get(urn);
		if (first === undefined) firstLineOfUrn.set(urn, row.line);
		else reasons.push(`URN ${urn} also appears on line ${first}`);
	}

	if (v.laCode === '') reasons.push('LA code is missing');
	else if (v.laCode !== laCode) {
		reasons.push(`LA code ${v.laCode} is not this local authority's (${laCode})`);
	}

	if (v.name === '') reasons.push('Establishment name is missing');
	else if (v.name.length > MAX_NAME) {
		reasons.push(`Establishment name must be ${MAX_NAME} characters or fewer`);
	}
	if (v.establishmentType.length > MAX_ESTABLISHMENT_TYPE) {
		reasons.push(`Type of establishment must be ${MAX_ESTABLISHMENT_TYPE} characters or fewer`);
	}
	if (v.status === '') reasons.push('Establishment status is missing');
	const status = fromList(SETTING_STATUSES, v.status, 'Establishment status');
	const phase = fromList(PHASES, v.phase, 'Phase of education');
	const resourcedProvision = fromList(
		RESOURCED_PROVISIONS,
		v.resourcedProvision,
		'Type of resourced provision'
	);

	let district: District | null = null;
	if (v.district !== '') {
		district = districts.get(districtKey(v.district)) ?? null;
		if (!district) {
			reasons.push(
				`District "${v.district}" is not one of this local authority's districts. Add it in Areas and districts first, then import the file again`
			);
		}
	}

	const postcode = normalisePostcode(v.postcode);
	if (postcode !== '' && !isUkPostcode(postcode)) {
		reasons.push(`Postcode "${v.postcode}" is not a valid UK postcode`);
	}

	let numberOfPupils: number | null = null;
	if (v.numberOfPupils !== '') {
		numberOfPupils = Number(v.numberOfPupils);
		if (!/^\d+$/.test(v.numberOfPupils) || numberOfPupils > MAX_PUPILS) {
			reasons.push(
				`Number of pupils "${v.numberOfPupils}" must be a whole number from 0 to ${MAX_PUPILS}`
			);
		}
	}

	if (reasons.length) return { ok: false, reasons };
	return {
		ok: true,
		record: {
			line: row.line,
			urn,
			name: v.name,
			settingType: settingTypeFor(v.establishmentType, phase),
			establishmentType: v.establishmentType,
			phase,
			status,
			districtId: district?.id ?? null,
			districtName: district?.name ?? '',
			postcode,
			numberOfPupils,
			resourcedProvision
		}
	};
}

const FIELD_LABELS: Record<keyof GiasFields, string> = {
	name: 'Name',
	settingType: 'Setting type',
	establishmentType: 'Type of establishment',
	phase: 'Phase',
	status: 'Status',
	districtId: 'District',
	postcode: 'Postcode',
	numberOfPupils: 'Number of pupils',
	resourcedProvision: 'Resourced provision'
};
const GIAS_FIELDS = Object.keys(FIELD_LABELS) as (keyof GiasFields)[];

function changesBetween(
	existing: ExistingSetting,
	record: GiasRecord,
	districtNames: Map<string, string>
): FieldChange[] {
	const shown = (field: keyof GiasFields, value: GiasFields[keyof GiasFields]) => {
		if (value === null) return '';
		if (field === 'districtId') return districtNames.get(String(value)) ?? '';
		if (field === 'settingType') return SETTING_TYPE_LABELS[value as SettingType];
		return String(value);
	};
	return GIAS_FIELDS.filter((field) => existing[field] !== record[field]).map((field) => ({
		field,
		label: FIELD_LABELS[field],
		before: shown(field, existing[field]),
		after: shown(field, record[field])
	}));
}

/**
 * What importing the file would do to the tenant: settings to create, settings whose GIAS
 * fields would change (matched by URN), rows already up to date, closed establishments the
 * tenant never had (skipped), and rows that break a rule, each with its reasons.
 */
export function planGiasImport(file: GiasFile, context: GiasContext): GiasPlan {
	const districts = new Map(context.districts.map((d) => [districtKey(d.name), d]));
	const districtNames = new Map(context.districts.map((d) => [d.id, d.name]));
	const existingByUrn = new Map(context.existing.map((s) => [s.urn, s]));
	const firstLineOfUrn = new Map<number, number>();
	const plan: GiasPlan = { create: [], update: [], unchanged: [], skipped: [], bad: [] };

	for (const row of file.rows) {
		const checked = checkRow(row, file.columnCount, context.laCode, districts, firstLineOfUrn);
		if (!checked.ok) {
			plan.bad.push({
				line: row.line,
				urn: row.values.urn,
				name: row.values.name.slice(0, MAX_NAME),
				reasons: checked.reasons
			});
			continue;
		}
		const { record } = checked;
		const existing = existingByUrn.get(record.urn);
		if (!existing) {
			if (record.status === 'Closed') plan.skipped.push({ record, reason: 'Closed, not imported' });
			else plan.create.push(record);
			continue;
		}
		const changes = changesBetween(existing, record, districtNames);
		if (changes.length) {
			plan.update.push({ record, settingId: existing.id, version: existing.version, changes });
		} else {
			plan.unchanged.push(record);
		}
	}
	return plan;
}

/** The fields a record sets on a setting. */
export function giasFieldsOf(record: GiasRecord): GiasFields & { urn: number } {
	return {
		urn: record.urn,
		name: record.name,
		settingType: record.settingType,
		establishmentType: record.establishmentType,
		phase: record.phase,
		status: record.status,
		districtId: record.districtId,
		postcode: record.postcode,
		numberOfPupils: record.numberOfPupils,
		resourcedProvision: record.resourcedProvision
	};
}
