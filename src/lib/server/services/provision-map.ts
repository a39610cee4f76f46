import { stringify } from 'csv-stringify/sync';
import { and, asc, count, eq, gt, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import writeExcelFile, { type Cell, type SheetData } from 'write-excel-file/node';
import { neutraliseRows, UTF8_BOM, type CsvValue } from '../../domain/csv';
import { todayInEngland } from '../../domain/dates';
import { academicYear, academicYearOf, type AcademicYear } from '../../domain/provision';
import {
	buildProvisionMap,
	chosenYear,
	isOnRegister,
	MAP_SUMMARY_HEADER,
	mapSummaryRows,
	PROVISION_EXPORT_HEADER,
	provisionExportRow,
	type ExportRecord
} from '../../domain/provision-map';
import type { Scope } from '../auth/guards';
import { apdrReview, intervention, provisionRecord, senPupil, setting } from '../db/schema';
import { rowOf } from '../db/joins';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { readProvision, writeProvision, type ProvisionAccess } from './provision-access';

/** Pupils without provision listed a page at a time. */
export const WITHOUT_PROVISION_PAGE_SIZE = 20;

const recordColumns = {
	pupilId: provisionRecord.pupilId,
	startDate: provisionRecord.startDate,
	endDate: provisionRecord.endDate,
	weeks: provisionRecord.weeks,
	outcome: provisionRecord.outcome,
	interventionId: intervention.id,
	name: intervention.name,
	areaOfNeed: intervention.areaOfNeed,
	tier: intervention.tier,
	groupSize: intervention.groupSize,
	sessionsPerWeek: intervention.sessionsPerWeek,
	minutesPerSession: intervention.minutesPerSession,
	hourlyCostPence: intervention.hourlyCostPence
};

type RecordRow = Awaited<ReturnType<typeof yearRecords>>[number];

const asMapRecord = ({ interventionId, name, areaOfNeed, tier, ...r }: RecordRow) => ({
	pupilId: r.pupilId,
	startDate: r.startDate,
	endDate: r.endDate,
	weeks: r.weeks,
	outcome: r.outcome,
	intervention: {
		id: interventionId,
		name,
		areaOfNeed,
		tier,
		groupSize: r.groupSize,
		sessionsPerWeek: r.sessionsPerWeek,
		minutesPerSession: r.minutesPerSession,
		hourlyCostPence: r.hourlyCostPence
	}
});

/** The setting's records that start in the school year: the year's provision. */
const startingIn = (access: ProvisionAccess, year: AcademicYear) =>
	and(
		eq(provisionRecord.settingId, access.settingId),
		gte(provisionRecord.startDate, year.start),
		lte(provisionRecord.startDate, year.end)
	);

/** The setting's provision records starting in the year, with their interventions. */
const yearRecords = (tx: Tx, access: ProvisionAccess, year: AcademicYear) =>
	tx
		.select(recordColumns)
		.from(provisionRecord)
		.innerJoin(
			intervention,
			rowOf(intervention, provisionRecord.tenantId, provisionRecord.interventionId)
		)
		.where(startingIn(access, year));

/** The school years the setting has provision in, the current one and the chosen one, newest first. */
async function yearsToChoose(tx: Tx, access: ProvisionAccess, today: string, chosen: AcademicYear) {
	// A record starting before September belongs to the school year that began the year before.
	const startYear = sql<number>`extract(year from ${provisionRecord.startDate})::int - case when extract(month from ${provisionRecord.startDate}) < 9 then 1 else 0 end`;
	const rows = await tx
		.selectDistinct({ startYear: startYear.mapWith(Number) })
		.from(provisionRecord)
		.where(eq(provisionRecord.settingId, access.settingId));
	const labels = new Set([academicYearOf(today).label, chosen.label]);
	for (const { startYear } of rows) labels.add(academicYear(startYear).label);
	return [...labels].sort().reverse();
}

/** Unheld reviews past their date, of pupils still on the register. */
async function overdueReviews(tx: Tx, access: ProvisionAccess, today: string) {
	const [row] = await tx
		.select({ n: count() })
		.from(apdrReview)
		.innerJoin(senPupil, rowOf(senPupil, apdrReview.tenantId, apdrReview.pupilId))
		.where(
			and(
				eq(apdrReview.settingId, access.settingId),
				isNull(apdrReview.heldOn),
				lt(apdrReview.dueOn, today),
				lte(senPupil.addedOn, today),
				or(isNull(senPupil.removedOn), gt(senPupil.removedOn, today))
			)
		);
	return row?.n ?? 0;
}

/**
 * The provision map dashboard of the scope's setting for a school year ("2026/27"; the
 * current one when none or nonsense is asked for): the register as it is today, the year's
 * provision by area of need and tier, each intervention's effectiveness, a page of pupils on
 * the register without provision this year, and how many reviews are overdue.
 */
export function provisionDashboard(scope: Scope, request: { year: string | null; page: number }) {
	return readProvision(scope, async (tx, access) => {
		const today = todayInEngland();
		const year = chosenYear(request.year, today);
		const [[roll], pupils, records, placed, years, overdue] = await Promise.all([
			tx
				.select({ numberOfPupils: setting.numberOfPupils })
				.from(setting)
				.where(eq(setting.id, access.settingId)),
			tx
				.select({
					id: senPupil.id,
					reference: senPupil.reference,
					yearGroup: senPupil.yearGroup,
					senStatus: senPupil.senStatus,
					addedOn: senPupil.addedOn,
					removedOn: senPupil.removedOn
				})
				.from(senPupil)
				.where(eq(senPupil.settingId, access.settingId))
				.orderBy(asc(sql`lower(${senPupil.reference})`)),
			yearRecords(tx, access, year),
			// Provision that began before the year and runs into it counts as provision in it.
			tx
				.selectDistinct({ pupilId: provisionRecord.pupilId })
				.from(provisionRecord)
				.where(
					and(
						eq(provisionRecord.settingId, access.settingId),
						lte(provisionRecord.startDate, year.end),
						or(isNull(provisionRecord.endDate), gte(provisionRecord.endDate, year.start))
					)
				),
			yearsToChoose(tx, access, today, year),
			overdueReviews(tx, access, today)
		]);

		const onRegister = pupils.filter((p) => isOnRegister(p, today));
		const withProvision = new Set(placed.map((r) => r.pupilId));
		const without = onRegister.filter((p) => !withProvision.has(p.id));
		const pages = Math.max(1, Math.ceil(without.length / WITHOUT_PROVISION_PAGE_SIZE));
		const page = Math.min(request.page, pages);
		const sen = { K: 0, E: 0 };
		for (const p of onRegister) sen[p.senStatus] += 1;
		const numberOfPupils = roll?.numberOfPupils ?? null;

		return {
			staffSeeProvision: access.staffSeeProvision,
			year,
			years,
			hasPupils: pupils.length > 0,
			register: {
				...sen,
				total: onRegister.length,
				roll: numberOfPupils,
				share: numberOfPupils ? onRegister.length / numberOfPupils : null
			},
			...buildProvisionMap(records.map(asMapRecord), today),
			withoutProvision: {
				total: without.length,
				page,
				rows: without
					.slice((page - 1) * WITHOUT_PROVISION_PAGE_SIZE, page * WITHOUT_PROVISION_PAGE_SIZE)
					.map(({ id, reference, yearGroup, senStatus }) => ({
						id,
						reference,
						yearGroup,
						senStatus
					}))
			},
			overdueReviews: overdue
		};
	});
}

export type ExportFormat = 'csv' | 'xlsx';

/** The media type each export is sent as. */
export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};

/** Every record of the year, ordered by pupil reference, then start date and intervention. */
async function exportRecords(tx: Tx, access: ProvisionAccess, year: AcademicYear) {
	const rows = await tx
		.select({
			...recordColumns,
			reference: senPupil.reference,
			yearGroup: senPupil.yearGroup,
			senStatus: senPupil.senStatus,
			primaryNeed: senPupil.primaryNeed,
			entryMeasure: provisionRecord.entryMeasure,
			exitMeasure: provisionRecord.exitMeasure,
			notes: provisionRecord.notes
		})
		.from(provisionRecord)
		.innerJoin(
			intervention,
			rowOf(intervention, provisionRecord.tenantId, provisionRecord.interventionId)
		)
		.innerJoin(senPupil, rowOf(senPupil, provisionRecord.tenantId, provisionRecord.pupilId))
		.where(startingIn(access, year))
		.orderBy(
			asc(sql`lower(${senPupil.reference})`),
			asc(provisionRecord.startDate),
			asc(sql`lower(${intervention.name})`)
		);
	return rows.map(
		({ reference, yearGroup, senStatus, primaryNeed, entryMeasure, exitMeasure, notes, ...r }) =>
			({
				...asMapRecord(r),
				pupil: { reference, yearGroup, senStatus, primaryNeed },
				entryMeasure,
				exitMeasure,
				notes
			}) satisfies ExportRecord
	);
}

const csvOf = (rows: CsvValue[][]) =>
	new TextEncoder().encode(
		UTF8_BOM +
			stringify(neutraliseRows([[...PROVISION_EXPORT_HEADER], ...rows]), {
				record_delimiter: 'windows'
			})
	);

const bold = (value: string): Cell => ({ value, fontWeight: 'bold' });
const DATE_COLUMNS = new Set<string>(['Start', 'End']);
const POUND_COLUMNS = new Set<string>(['Cost per pupil (£)', 'Cost (£)']);

/**
 * A value as a typed spreadsheet cell. Text is written as a shared string, which
 * spreadsheets show as it is and never evaluate (write-excel-file makes a formula only of a
 * cell typed 'Formula'), so it needs no neutralising: an apostrophe would show as typed.
 */
function xlsxCell(value: CsvValue, column: string): Cell {
	if (value === null || value === undefined || value === '') return null;
	if (DATE_COLUMNS.has(column) && typeof value === 'string')
		return { value: new Date(`${value}T00:00:00Z`), type: Date, format: 'dd/mm/yyyy' };
	if (POUND_COLUMNS.has(column) && typeof value === 'number')
		return { value, type: Number, format: '#,##0.00' };
	return typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
}

const sheetOf = (header: readonly string[], rows: readonly (readonly CsvValue[])[]): SheetData => [
	header.map(bold),
	...rows.map((row) => row.map((value, i) => xlsxCell(value, header[i] ?? '')))
];

async function xlsxOf(records: CsvValue[][], summary: (string | number)[][]) {
	const buffer = await writeExcelFile([
		{
			sheet: 'Provision records',
			data: sheetOf(PROVISION_EXPORT_HEADER, records),
			stickyRowsCount: 1,
			columns: PROVISION_EXPORT_HEADER.map((h) => ({ width: h === 'Notes' ? 40 : 16 }))
		},
		{
			sheet: 'Area and tier',
			data: sheetOf(MAP_SUMMARY_HEADER, summary),
			stickyRowsCount: 1,
			columns: [{ width: 36 }, { width: 14 }, { width: 10 }, { width: 10 }, { width: 12 }]
		}
	]).toBuffer();
	return new Uint8Array(buffer);
}

/**
 * The year's provision map at pupil level as a CSV or XLSX file (the XLSX with a second
 * sheet of the area × tier summary), for the setting's SENCO or head only: staff who may
 * read the records get READ_ONLY. Every export is audited with its format, year and row
 * count, never a pupil's reference.
 */
export function exportProvisionMap(scope: Scope, yearValue: string | null, format: ExportFormat) {
	return writeProvision(scope, async (tx, access) => {
		const today = todayInEngland();
		const year = chosenYear(yearValue, today);
		const records = await exportRecords(tx, access, year);
		const rows = records.map((r) => provisionExportRow(r, today));
		const body =
			format === 'csv'
				? csvOf(rows)
				: await xlsxOf(rows, mapSummaryRows(buildProvisionMap(records, today).map));
		await writeAudit(tx, scope, {
			action: 'provision.exported',
			subject: `Provision records of ${access.settingName}`,
			detail: { format, year: year.label, rows: rows.length }
		});
		return { body, year, settingName: access.settingName };
	});
}
