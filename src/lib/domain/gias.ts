/**
 * Reading a DfE "Get Information About Schools" (GIAS) establishment CSV and planning what
 * it would change in a tenant's settings. Pure: the service supplies the tenant's facts.
 */

import { CsvError, parse } from 'csv-parse/sync';
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

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** One data row of the file; `line` is its row number in a spreadsheet (header = 1). */
export interface GiasRow {
	line: number;
	fieldCount: number;
	values: Record<GiasColumn, string>;
}

export interface GiasFile {
	columnCount: number;
	rows: GiasRow[];
}

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

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Windows-1252 puts curly quotes, dashes and the euro sign at 0x80-0x9F where Latin-1 has
// control codes. Node 20's TextDecoder decodes "windows-1252" as Latin-1, so map them here.
// prettier-ignore
const WINDOWS_1252_80_9F = [
	0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

function decodeWindows1252(bytes: Uint8Array): string {
	const codes = Array.from(bytes, (b) =>
		b >= 0x80 && b <= 0x9f ? WINDOWS_1252_80_9F[b - 0x80]! : b
	);
	let text = '';
	// In slices: a spread of millions of arguments would overflow the stack.
	for (let i = 0; i < codes.length; i += 8192) {
		text += String.fromCharCode(...codes.slice(i, i + 8192));
	}
	return text;
}

/**
 * The text of an uploaded file. GIAS and Excel save UTF-8 (often with a byte order mark) or
 * Windows-1252; anything that is not valid UTF-8 is read as Windows-1252, which accepts
 * every byte. UTF-16 and binary files (a spreadsheet renamed .csv, say) are refused.
 */
export function decodeCsvBytes(bytes: Uint8Array): Outcome<string> {
	if (bytes.length === 0) return { ok: false, error: 'The selected file is empty' };
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
		return {
			ok: false,
			error:
				'The selected file is saved as UTF-16 text. Save it as "CSV UTF-8" or "CSV (comma delimited)" and try again'
		};
	}
	if (bytes.includes(0)) {
		return {
			ok: false,
			error: 'The selected file is not a CSV file. Upload the CSV file you downloaded from GIAS'
		};
	}
	let text: string;
	try {
		text = utf8.decode(bytes);
	} catch {
		text = decodeWindows1252(bytes);
	}
	if (text.trim() === '') return { ok: false, error: 'The selected file is empty' };
	return { ok: true, value: text };
}

const headerKey = (header: string) => header.trim().toLowerCase();

/**
 * The rows of a GIAS CSV, found by header name (any order, any case, extra columns
 * ignored). A missing column is an error for the whole file: importing without it would
 * blank that field on every setting.
 */
export function readGiasCsv(text: string): Outcome<GiasFile> {
	let records: string[][];
	try {
		records = parse(text, { bom: true, relax_column_count: true, relax_quotes: true });
	} catch (err) {
		if (!(err instanceof CsvError)) throw err;
		// With relaxed quoting, an unclosed quote is about the only way a CSV fails to parse.
		const where =
			err.code === 'CSV_QUOTE_NOT_CLOSED'
				? ': a value starts with a quote mark that is never closed'
				: '';
		return {
			ok: false,
			error: `The selected file could not be read as a CSV file${where}. Upload the CSV file you downloaded from GIAS`
		};
	}
	const [header, ...data] = records;
	if (!header) return { ok: false, error: 'The selected file is empty' };

	const positions = new Map<string, number>();
	header.forEach((name, i) => {
		if (!positions.has(headerKey(name))) positions.set(headerKey(name), i);
	});
	const columns = Object.entries(GIAS_COLUMNS) as [GiasColumn, string][];
	const missing = columns.filter(([, name]) => !positions.has(headerKey(name)));
	if (missing.length) {
		return {
			ok: false,
			error: `The selected file is missing ${missing.length === 1 ? 'the column' : 'these columns'}: ${missing.map(([, name]) => name).join(', ')}. Download the establishment fields CSV from GIAS, which has them`
		};
	}

	const rows: GiasRow[] = [];
	data.forEach((record, i) => {
		// A blank row in a spreadsheet is not an establishment.
		if (record.every((value) => value.trim() === '')) return;
		const values = {} as Record<GiasColumn, string>;
		for (const [field, name] of columns) {
			values[field] = (record[positions.get(headerKey(name))!] ?? '').trim();
		}
		rows.push({ line: i + 2, fieldCount: record.length, values });
	});
	if (!rows.length) {
		return { ok: false, error: 'The selected file has a header row but no establishments' };
	}
	return { ok: true, value: { columnCount: header.length, rows } };
}

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
	// Misaligned values would make every other check meaningless.
	if (row.fieldCount !== columnCount) {
		return {
			ok: false,
			reasons: [
				`This row has ${row.fieldCount} values but the header has ${columnCount} columns, so its values cannot be matched to columns`
			]
		};
	}
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
