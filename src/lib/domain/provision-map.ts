/**
 * A setting's provision map for a school year: hours, cost and pupils by area of need and
 * tier, what the provision cost per pupil and per successful outcome, how well each
 * intervention worked, and the same records laid out for a spreadsheet. Pure.
 */
import type { CsvValue } from './csv';
import {
	academicYearOf,
	AREA_OF_NEED_LABELS,
	AREAS_OF_NEED,
	costPerPupilPence,
	effectiveness,
	isCompleted,
	OUTCOME_LABELS,
	parseAcademicYear,
	pupilHours,
	TIER_LABELS,
	TIERS,
	weeksOf,
	type AcademicYear,
	type AreaOfNeed,
	type InterventionShape,
	type Outcome,
	type Tier
} from './provision';

/** One pupil's place on an intervention, with what the map needs of the intervention. */
export interface MapRecord {
	pupilId: string;
	startDate: string;
	endDate: string | null;
	weeks: number | null;
	outcome: Outcome | null;
	intervention: InterventionShape & {
		id: string;
		name: string;
		areaOfNeed: AreaOfNeed;
		tier: Tier;
	};
}

/** Hours of provision pupils received, what it cost, and how many pupils it reached. */
export interface Figures {
	hours: number;
	costPence: number;
	pupils: number;
}

/** How the completed provision among some records went, and what it cost. */
export interface OutcomeFigures extends Figures {
	records: number;
	completed: number;
	met: number;
	partlyMet: number;
	notMet: number;
	/** Records marked too early to say, or with no outcome yet. */
	notCompleted: number;
	/** Share of completed records with the target met, or null when none is completed. */
	effectiveness: number | null;
	/** Cost of all the provision shared between the pupils it reached; null without pupils. */
	costPerPupilPence: number | null;
	/** Cost of the completed provision for each target met; null while none is met. */
	costPerSuccessPence: number | null;
}

export interface ProvisionMapRow {
	area: AreaOfNeed;
	cells: Record<Tier, Figures>;
	total: Figures;
}

export interface ProvisionMap {
	rows: ProvisionMapRow[];
	tierTotals: Record<Tier, Figures>;
	total: Figures;
}

export interface InterventionFigures extends OutcomeFigures {
	id: string;
	name: string;
	areaOfNeed: AreaOfNeed;
	tier: Tier;
}

/** Weeks, hours and cost of one record, counting an ongoing one up to `today`. */
export function recordFigures(record: MapRecord, today: string) {
	const weeks = weeksOf(record, today);
	return {
		weeks,
		hours: pupilHours(record.intervention, weeks),
		costPence: costPerPupilPence(record.intervention, weeks)
	};
}

type Priced = MapRecord & ReturnType<typeof recordFigures>;

/** Hours to the hundredth, so sums of thirds of an hour do not show float dust. */
export const roundHours = (hours: number) => Math.round(hours * 100) / 100;

/** Pence shared out, to the nearest penny, or null when there is nothing to share between. */
const perEach = (pence: number, count: number) => (count > 0 ? Math.round(pence / count) : null);

function figuresOf(records: readonly Priced[]): Figures {
	return {
		// Each record's cost is already whole pence; the hours are summed exactly, then rounded.
		hours: roundHours(records.reduce((sum, r) => sum + r.hours, 0)),
		costPence: records.reduce((sum, r) => sum + r.costPence, 0),
		pupils: new Set(records.map((r) => r.pupilId)).size
	};
}

function outcomeFiguresOf(records: readonly Priced[]): OutcomeFigures {
	const figures = figuresOf(records);
	const count = (outcome: Outcome) => records.filter((r) => r.outcome === outcome).length;
	const completed = records.filter((r) => isCompleted(r.outcome));
	const met = count('met');
	return {
		...figures,
		records: records.length,
		completed: completed.length,
		met,
		partlyMet: count('partly_met'),
		notMet: count('not_met'),
		notCompleted: records.length - completed.length,
		effectiveness: effectiveness(records.map((r) => r.outcome)),
		costPerPupilPence: perEach(figures.costPence, figures.pupils),
		costPerSuccessPence: perEach(
			completed.reduce((sum, r) => sum + r.costPence, 0),
			met
		)
	};
}

/**
 * The provision map of a year's records: by area of need and tier, with row and column
 * totals (pupils counted once in each total however many cells they appear in), the
 * figures for all the provision, and for each intervention, by name.
 */
export function buildProvisionMap(records: readonly MapRecord[], today: string) {
	const priced: Priced[] = records.map((r) => ({ ...r, ...recordFigures(r, today) }));
	const where = (test: (r: Priced) => boolean) => figuresOf(priced.filter(test));
	const byTier = (test: (r: Priced) => boolean) =>
		Object.fromEntries(
			TIERS.map((tier) => [tier, where((r) => r.intervention.tier === tier && test(r))])
		) as Record<Tier, Figures>;

	const map: ProvisionMap = {
		rows: AREAS_OF_NEED.map((area) => {
			const inArea = (r: Priced) => r.intervention.areaOfNeed === area;
			return { area, cells: byTier(inArea), total: where(inArea) };
		}),
		tierTotals: byTier(() => true),
		total: figuresOf(priced)
	};

	const groups = new Map<string, Priced[]>();
	for (const r of priced) {
		const group = groups.get(r.intervention.id);
		if (group) group.push(r);
		else groups.set(r.intervention.id, [r]);
	}
	const interventions: InterventionFigures[] = [...groups.values()]
		.map((group) => {
			const { id, name, areaOfNeed, tier } = group[0]!.intervention;
			return { id, name, areaOfNeed, tier, ...outcomeFiguresOf(group) };
		})
		.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));

	return { map, summary: outcomeFiguresOf(priced), interventions };
}

/** The school year asked for as "2026/27", or the one `today` falls in. */
export const chosenYear = (value: string | null, today: string): AcademicYear =>
	(value && parseAcademicYear(value)) || academicYearOf(today);

/** Whether a pupil is on the register on `today`: added by then and not yet removed. */
export const isOnRegister = (pupil: { addedOn: string; removedOn: string | null }, today: string) =>
	pupil.addedOn <= today && (pupil.removedOn === null || pupil.removedOn > today);

/** A record to export: the map's record with the pupil and what was measured. */
export interface ExportRecord extends MapRecord {
	pupil: { reference: string; yearGroup: string; senStatus: string; primaryNeed: string };
	entryMeasure: string;
	exitMeasure: string;
	notes: string;
}

/** The pupil-level export's first row. */
export const PROVISION_EXPORT_HEADER = [
	'Pupil reference',
	'Year group',
	'SEN status',
	'Primary need',
	'Intervention',
	'Area of need',
	'Tier',
	'Start',
	'End',
	'Weeks',
	'Hours',
	'Cost per pupil (£)',
	'Entry measure',
	'Exit measure',
	'Outcome',
	'Notes'
] as const;

/**
 * One record as a row of the export, under PROVISION_EXPORT_HEADER. Census codes for year
 * group, status and need, as SENCOs and the census write them; dates as YYYY-MM-DD.
 */
export function provisionExportRow(record: ExportRecord, today: string): CsvValue[] {
	const { weeks, hours, costPence } = recordFigures(record, today);
	return [
		record.pupil.reference,
		record.pupil.yearGroup,
		record.pupil.senStatus,
		record.pupil.primaryNeed,
		record.intervention.name,
		AREA_OF_NEED_LABELS[record.intervention.areaOfNeed],
		TIER_LABELS[record.intervention.tier],
		record.startDate,
		record.endDate,
		weeks,
		roundHours(hours),
		costPence / 100,
		record.entryMeasure,
		record.exitMeasure,
		record.outcome ? OUTCOME_LABELS[record.outcome] : '',
		record.notes
	];
}

/** The area × tier summary's first row. */
export const MAP_SUMMARY_HEADER = ['Area of need', 'Tier', 'Pupils', 'Hours', 'Cost (£)'] as const;

/** The provision map as rows under MAP_SUMMARY_HEADER: each cell, each area's total, the total. */
export function mapSummaryRows(map: ProvisionMap): (string | number)[][] {
	const row = (area: string, tier: string, f: Figures) => [
		area,
		tier,
		f.pupils,
		f.hours,
		f.costPence / 100
	];
	return [
		...map.rows.flatMap((r) => [
			...TIERS.map((tier) => row(AREA_OF_NEED_LABELS[r.area], TIER_LABELS[tier], r.cells[tier])),
			row(AREA_OF_NEED_LABELS[r.area], 'All tiers', r.total)
		]),
		...TIERS.map((tier) => row('All areas', TIER_LABELS[tier], map.tierTotals[tier])),
		row('All areas', 'All tiers', map.total)
	];
}
