/**
 * The files the import timings upload, made from what the tenant and the setting hold so
 * that they read as a real county's would: a GIAS establishment extract that mostly
 * refreshes settings the LA already has, and a provision records file of the setting's own
 * pupils and interventions. Every value follows from the row's position, so the same
 * database always gives the same files.
 */
import { stringify } from 'csv-stringify/sync';
import { UTF8_BOM } from '../src/lib/domain/csv';
import { settingTypeFor } from '../src/lib/domain/gias';
import type { SettingType } from '../src/lib/domain/organisation';
import { OUTCOME_LABELS, OUTCOMES } from '../src/lib/domain/provision';
import { headersOf } from '../src/lib/domain/provision-import-columns';

/** A setting with a URN, as the LA holds it and as GIAS would list it. */
export interface HeldEstablishment {
	urn: number;
	name: string;
	settingType: SettingType;
	establishmentType: string;
	phase: string;
	status: string;
	districtName: string;
	postcode: string;
	numberOfPupils: number | null;
	resourcedProvision: string;
}

export interface GiasSource {
	laCode: string;
	laName: string;
	districtNames: readonly string[];
	/** The tenant's settings that have a URN. */
	held: readonly HeldEstablishment[];
}

/** The columns of a GIAS "establishment fields" extract, as tests/fixtures/gias has them. */
const GIAS_HEADER = [
	'URN',
	'LA (code)',
	'LA (name)',
	'EstablishmentNumber',
	'EstablishmentName',
	'TypeOfEstablishment (code)',
	'TypeOfEstablishment (name)',
	'EstablishmentTypeGroup (name)',
	'EstablishmentStatus (code)',
	'EstablishmentStatus (name)',
	'OpenDate',
	'CloseDate',
	'PhaseOfEducation (code)',
	'PhaseOfEducation (name)',
	'StatutoryLowAge',
	'StatutoryHighAge',
	'Gender (name)',
	'SchoolCapacity',
	'NumberOfPupils',
	'Street',
	'Town',
	'Postcode',
	'SchoolWebsite',
	'DistrictAdministrative (code)',
	'DistrictAdministrative (name)',
	'TypeOfResourcedProvision (name)',
	'ResourcedProvisionOnRoll',
	'ResourcedProvisionCapacity'
] as const;
type GiasHeader = (typeof GIAS_HEADER)[number];

/** Kinds of establishment a new row may be: GIAS's type and phase, and a name's ending. */
const NEW_KINDS = [
	['Community school', 'Primary', 'Primary School'],
	['Academy converter', 'Primary', 'Primary Academy'],
	['Academy converter', 'Secondary', 'Academy'],
	['Voluntary aided school', 'Primary', 'CE Primary School'],
	['Foundation special school', 'Not applicable', 'Special School'],
	['Local authority nursery school', 'Nursery', 'Nursery School'],
	['Pupil referral unit', 'Not applicable', 'Learning Centre']
] as const;
const TOWNS = ['Ashford', 'Canterbury', 'Dover', 'Maidstone', 'Margate', 'Sevenoaks', 'Tonbridge'];
const STATUS_CODES: Record<string, string> = {
	Open: '1',
	Closed: '2',
	'Open, but proposed to close': '3',
	'Proposed to open': '4'
};

/** A CSV file as a spreadsheet in England saves it: a byte-order mark and CRLF line ends. */
const csvText = (rows: string[][]) => UTF8_BOM + stringify(rows, { record_delimiter: 'windows' });

/** The row as GIAS would list the establishment; the columns the app ignores filled plausibly. */
function giasRow(source: GiasSource, e: HeldEstablishment, n: number): Record<GiasHeader, string> {
	const town = TOWNS[n % TOWNS.length]!;
	return {
		URN: String(e.urn),
		'LA (code)': source.laCode,
		'LA (name)': source.laName,
		EstablishmentNumber: String(2000 + (n % 7000)),
		EstablishmentName: e.name,
		'TypeOfEstablishment (code)': '',
		'TypeOfEstablishment (name)': e.establishmentType,
		'EstablishmentTypeGroup (name)': '',
		'EstablishmentStatus (code)': STATUS_CODES[e.status] ?? '',
		'EstablishmentStatus (name)': e.status,
		OpenDate: '',
		CloseDate: e.status === 'Closed' ? '31-08-2025' : '',
		'PhaseOfEducation (code)': '',
		'PhaseOfEducation (name)': e.phase,
		StatutoryLowAge: '',
		StatutoryHighAge: '',
		'Gender (name)': 'Mixed',
		SchoolCapacity: e.numberOfPupils === null ? '' : String(e.numberOfPupils + 40),
		NumberOfPupils: e.numberOfPupils === null ? '' : String(e.numberOfPupils),
		Street: `${1 + (n % 90)} School Lane`,
		Town: town,
		Postcode: e.postcode,
		SchoolWebsite: '',
		'DistrictAdministrative (code)': '',
		'DistrictAdministrative (name)': e.districtName,
		'TypeOfResourcedProvision (name)': e.resourcedProvision,
		ResourcedProvisionOnRoll: '',
		ResourcedProvisionCapacity: ''
	};
}

/**
 * This year's GIAS record of a setting the LA has: most are as held, a third have a new
 * pupil count, and a few changed phase, were renamed on becoming an academy, or are closing.
 */
function refreshed(e: HeldEstablishment, n: number): HeldEstablishment {
	const next = { ...e, status: e.status || 'Open' };
	if (n % 3 === 0) next.numberOfPupils = (e.numberOfPupils ?? 150) + 1 + (n % 17);
	if (n % 40 === 7 && (e.phase === 'Primary' || e.phase === 'Secondary'))
		next.phase = 'All-through';
	if (n % 60 === 5 && !e.name.endsWith('Academy')) {
		next.name = `${e.name} Academy`.slice(0, 200);
		next.establishmentType = 'Academy converter';
	}
	if (n % 50 === 11) next.status = 'Open, but proposed to close';
	if (n % 50 === 23) next.status = 'Closed';
	return next;
}

/** A valid postcode for the n-th new establishment. */
const postcodeOf = (n: number) =>
	`ME${1 + (n % 20)} ${n % 10}${'ABDEFGHJLNPQRSTUWXYZ'[n % 20]}${'ABDEFGHJLN'[(n >> 3) % 10]}`;

/** URNs from just above the tenant's highest, skipping any it holds. */
function* freshUrns(held: ReadonlySet<number>): Generator<number> {
	let urn = Math.max(100000, ...held);
	for (;;) {
		urn = urn >= 999999 ? 100000 : urn + 1;
		if (!held.has(urn)) yield urn;
	}
}

/** An establishment the LA does not have yet: new, or closed (which the import skips). */
function newEstablishment(source: GiasSource, urn: number, n: number): HeldEstablishment {
	const [type, phase, suffix] = NEW_KINDS[n % NEW_KINDS.length]!;
	return {
		urn,
		settingType: settingTypeFor(type, phase),
		name: `${TOWNS[n % TOWNS.length]} ${String.fromCharCode(65 + (n % 26))}${n} ${suffix}`,
		establishmentType: type,
		phase,
		status: n % 5 === 4 ? 'Closed' : 'Open',
		districtName: source.districtNames[n % source.districtNames.length] ?? '',
		postcode: postcodeOf(n),
		numberOfPupils: phase === 'Nursery' ? 60 + (n % 40) : 120 + ((n * 37) % 900),
		resourcedProvision: n % 11 === 0 ? 'Resourced provision' : 'Not applicable'
	};
}

/**
 * A GIAS extract of `rows` establishments: the LA's settings as this year's extract has
 * them (all of them, or as many as fit beside a twentieth of new ones), then establishments
 * the LA does not have, a fifth of them closed. A setting whose type GIAS would not give it
 * (a childminder with an Ofsted URN, say) is not in GIAS, so not in the file.
 */
export function giasFile(source: GiasSource, rows: number): string {
	const held = source.held
		.filter((e) => settingTypeFor(e.establishmentType, e.phase) === e.settingType)
		.sort((a, b) => a.urn - b.urn);
	const kept = held.slice(0, Math.min(held.length, rows - Math.ceil(rows / 20)));
	const urns = freshUrns(new Set(held.map((e) => e.urn)));
	const establishments = [
		...kept.map(refreshed),
		...Array.from({ length: rows - kept.length }, (_, n) =>
			newEstablishment(source, urns.next().value as number, n)
		)
	];
	const rowsOut = establishments.map((e, n) => giasRow(source, e, n));
	return csvText([[...GIAS_HEADER], ...rowsOut.map((row) => GIAS_HEADER.map((h) => row[h]))]);
}

/** A provision record the setting holds, with the names a file refers to it by. */
export interface HeldRecord {
	pupilReference: string;
	interventionName: string;
	startDate: string;
	endDate: string | null;
	weeks: number | null;
	entryMeasure: string;
	exitMeasure: string;
	outcome: keyof typeof OUTCOME_LABELS | null;
	notes: string;
}

export interface ProvisionSource {
	pupilReferences: readonly string[];
	/** The setting's interventions that are not archived. */
	interventionNames: readonly string[];
	/** Its records on those interventions. */
	records: readonly HeldRecord[];
}

const RECORD_HEADER = headersOf('records');
/** The first Monday a new record may start on; later ones start a week apart. */
const FIRST_START = Date.UTC(2016, 8, 5);
const DAY_MS = 86_400_000;

/** 2025-09-08 as 08/09/2025, as a spreadsheet in England writes it. */
const british = (iso: string) => iso.split('-').reverse().join('/');
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function recordRow(r: HeldRecord): string[] {
	return [
		r.pupilReference,
		r.interventionName,
		british(r.startDate),
		r.endDate === null ? '' : british(r.endDate),
		r.weeks === null ? '' : String(r.weeks),
		r.entryMeasure,
		r.exitMeasure,
		r.outcome === null ? '' : OUTCOME_LABELS[r.outcome],
		r.notes
	];
}

/** A record held, with the exit measure and outcome it has been given since. */
const reviewed = (r: HeldRecord, n: number): HeldRecord => ({
	...r,
	exitMeasure: `${20 + (n % 20)} of 40`,
	outcome: r.endDate === null ? 'too_early' : OUTCOMES[n % 3]!,
	notes: r.notes || 'Reviewed at the termly meeting'
});

/**
 * The n-th new record: every pupil on every intervention in turn, a week later each round,
 * half of them finished with an outcome and the rest under way.
 */
function newRecord(source: ProvisionSource, n: number, round: number): HeldRecord {
	const pupils = source.pupilReferences.length;
	const start = FIRST_START + round * 7 * DAY_MS;
	const ended = n % 2 === 0;
	return {
		pupilReference: source.pupilReferences[n % pupils]!,
		interventionName:
			source.interventionNames[Math.floor(n / pupils) % source.interventionNames.length]!,
		startDate: isoDay(start),
		endDate: ended ? isoDay(start + 12 * 7 * DAY_MS) : null,
		weeks: n % 4 === 0 ? 10 : null,
		entryMeasure: `${5 + (n % 15)} of 40`,
		exitMeasure: ended ? `${15 + (n % 25)} of 40` : '',
		outcome: ended ? OUTCOMES[n % 3]! : n % 3 === 0 ? 'too_early' : null,
		notes: n % 5 === 0 ? 'Attendance good; review at the end of term' : ''
	};
}

/**
 * A provision records file of `rows` rows: a tenth (at most every record held) update
 * records the setting has with their outcomes, the rest are new records of its pupils on its
 * interventions, none starting on the same day as a record of the same pupil and intervention.
 */
export function provisionFile(source: ProvisionSource, rows: number): string {
	const { pupilReferences, interventionNames } = source;
	if (!pupilReferences.length || !interventionNames.length) {
		throw new Error('The setting needs pupils and interventions for a provision records file.');
	}
	const key = (r: Pick<HeldRecord, 'pupilReference' | 'interventionName' | 'startDate'>) =>
		`${r.pupilReference.toLowerCase()}\n${r.interventionName.toLowerCase()}\n${r.startDate}`;
	const taken = new Set(source.records.map(key));
	const updates = source.records.slice(0, Math.floor(rows / 10)).map(reviewed);
	const pairs = pupilReferences.length * interventionNames.length;
	const created: HeldRecord[] = [];
	for (let n = 0; created.length < rows - updates.length; n++) {
		const record = newRecord(source, n, Math.floor(n / pairs));
		if (!taken.has(key(record))) created.push(record);
	}
	return csvText([RECORD_HEADER, ...[...updates, ...created].map(recordRow)]);
}
