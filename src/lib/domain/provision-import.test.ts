import { describe, expect, it } from 'vitest';
import {
	decodeImportFile,
	IMPORT_MAX_ROWS,
	planInterventionImport,
	planPart,
	planPupilImport,
	planRecordImport,
	readImportFile,
	templateCsv,
	type ExistingIntervention,
	type ExistingPupil,
	type ExistingRecord,
	type ImportFiles,
	type ImportKind,
	type Outcome,
	type RecordContext
} from './provision-import';

const TODAY = '2026-03-02';

const PUPIL_HEADER =
	'Reference,Year group,SEN status,Primary need,Secondary need,Date added,Date removed';
const INTERVENTION_HEADER =
	'Name,Area of need,Tier,Group size,Sessions a week,Minutes a session,Staff role,Cost per hour,Outcome measure';
const RECORD_HEADER =
	'Pupil reference,Intervention,Start date,End date,Weeks,Entry measure,Exit measure,Outcome,Notes';

/** A CSV with a header and one line per row (header = line 1). */
const csv = (header: string, ...rows: string[]) => [header, ...rows].join('\r\n') + '\r\n';

const errorOf = (result: Outcome<unknown>) => (result.ok ? null : result.error);

function read<K extends ImportKind>(kind: K, text: string): ImportFiles[K] {
	const result = readImportFile(kind, text);
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

const pupils = (rows: string[], held: ExistingPupil[] = []) =>
	planPupilImport(read('pupils', csv(PUPIL_HEADER, ...rows)), { today: TODAY, pupils: held });

const interventions = (rows: string[], held: ExistingIntervention[] = []) =>
	planInterventionImport(read('interventions', csv(INTERVENTION_HEADER, ...rows)), {
		interventions: held
	});

const heldPupil = (fields: Partial<ExistingPupil> = {}): ExistingPupil => ({
	id: 'pupil-1',
	version: 3,
	reference: 'P-0001',
	yearGroup: '3',
	senStatus: 'K',
	primaryNeed: 'SEMH',
	secondaryNeed: null,
	addedOn: '2025-09-03',
	removedOn: null,
	...fields
});

const heldIntervention = (fields: Partial<ExistingIntervention> = {}): ExistingIntervention => ({
	id: 'int-1',
	version: 1,
	archived: false,
	name: 'Phonics catch-up group',
	areaOfNeed: 'cognition_learning',
	tier: 'targeted',
	groupSize: 4,
	sessionsPerWeek: 3,
	minutesPerSession: 20,
	staffRole: 'Teaching assistant',
	hourlyCostPence: 1850,
	outcomeMeasure: 'Phonics screening score',
	...fields
});

/** Each bad row as [line, every reason joined]. */
const badOf = (plan: { bad: { line: number; reasons: string[] }[] }) =>
	plan.bad.map((b) => [b.line, b.reasons.join('; ')]);

describe('decodeImportFile', () => {
	const ascii = (text: string) => new TextEncoder().encode(text);

	it('reads UTF-8 with a byte order mark and Windows-1252', () => {
		expect(decodeImportFile(new Uint8Array([0xef, 0xbb, 0xbf, ...ascii('Name')]))).toEqual({
			ok: true,
			value: 'Name'
		});
		expect(decodeImportFile(new Uint8Array([0xa3, ...ascii('18.50')]))).toEqual({
			ok: true,
			value: '£18.50'
		});
	});

	it('refuses empty, UTF-16 and binary files, saying what to do', () => {
		expect(errorOf(decodeImportFile(new Uint8Array()))).toBe('The selected file is empty');
		expect(errorOf(decodeImportFile(new Uint8Array([0xff, 0xfe, 0x52, 0])))).toContain(
			'saved as UTF-16 text'
		);
		expect(errorOf(decodeImportFile(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])))).toBe(
			'The selected file is not a CSV file. Save the spreadsheet as "CSV UTF-8" and upload that file'
		);
	});
});

describe('readImportFile', () => {
	it('finds columns in any order and case, skipping blank rows but counting their lines', () => {
		const file = read(
			'pupils',
			' date removed ,Extra,REFERENCE,Year group,SEN status,Primary need,Secondary need,Date added\r\n' +
				',x,P-1,3,K,SEMH,,01/09/2025\r\n' +
				',,,,,,,\r\n' +
				'\r\n' +
				'2026-01-05,y,"P-2",R,E,asd,,2025-09-01\r\n'
		);
		expect(file.columnCount).toBe(8);
		expect(file.rows.map((r) => r.line)).toEqual([2, 5]);
		expect(file.rows[1]?.values).toMatchObject({
			reference: 'P-2',
			removedOn: '2026-01-05',
			primaryNeed: 'asd'
		});
	});

	it('names every missing column, and the file the header belongs to when it is another', () => {
		expect(errorOf(readImportFile('pupils', 'Reference,Year group\r\nP-1,3\r\n'))).toBe(
			'The selected file is missing these columns: SEN status, Primary need, Secondary need, Date added, Date removed. Start from the pupils template, which has them'
		);
		expect(
			errorOf(readImportFile('records', csv(RECORD_HEADER.replace(',Notes', ''), 'P-1')))
		).toBe(
			'The selected file is missing the column: Notes. Start from the provision records template, which has them'
		);
		expect(errorOf(readImportFile('pupils', csv(INTERVENTION_HEADER, 'Group')))).toContain(
			'It looks like a file of interventions: choose "Interventions" as what the file holds'
		);
	});

	it('refuses a template with no rows, a broken quote, and too many rows', () => {
		for (const kind of ['pupils', 'interventions', 'records'] as const) {
			expect(errorOf(readImportFile(kind, templateCsv(kind)))).toContain('has a header row but no');
		}
		expect(errorOf(readImportFile('pupils', csv(PUPIL_HEADER, '"P-1,3,K')))).toContain(
			'a value starts with a quote mark that is never closed'
		);
		const many = Array.from(
			{ length: IMPORT_MAX_ROWS + 1 },
			(_, i) => `P-${i},3,K,SEMH,,2025-09-01,`
		);
		expect(errorOf(readImportFile('pupils', csv(PUPIL_HEADER, ...many)))).toBe(
			'The selected file has more than 20,000 pupils. Split it into smaller files and import each one'
		);
		expect(readImportFile('pupils', csv(PUPIL_HEADER, ...many.slice(1))).ok).toBe(true);
	});

	it('offers templates that are the header row each import reads', () => {
		expect(templateCsv('pupils')).toBe(`\uFEFF${PUPIL_HEADER}\r\n`);
		expect(templateCsv('interventions')).toBe(`\uFEFF${INTERVENTION_HEADER}\r\n`);
		expect(templateCsv('records')).toBe(`\uFEFF${RECORD_HEADER}\r\n`);
	});
});

describe('planPupilImport', () => {
	it('reads the forms people write for year groups, statuses, needs and dates', () => {
		const plan = pupils([
			'P-1,Year 3,SEN support,semh,slcn,03/09/2025,',
			'p-2,reception,EHC plan,ASD,,2025-09-01,2026-01-31',
			'P 3/b,age 2,e,Pmld,,1/9/2025,',
			'P.4,n1,K,nsa,,2025-09-01,'
		]);
		expect(plan.bad).toEqual([]);
		expect(plan.create.map((r) => r.value)).toEqual([
			{
				reference: 'P-1',
				yearGroup: '3',
				senStatus: 'K',
				primaryNeed: 'SEMH',
				secondaryNeed: 'SLCN',
				addedOn: '2025-09-03',
				removedOn: null
			},
			{
				reference: 'p-2',
				yearGroup: 'R',
				senStatus: 'E',
				primaryNeed: 'ASD',
				secondaryNeed: null,
				addedOn: '2025-09-01',
				removedOn: '2026-01-31'
			},
			expect.objectContaining({ yearGroup: 'Age 2', senStatus: 'E', primaryNeed: 'PMLD' }),
			expect.objectContaining({ yearGroup: 'N1', primaryNeed: 'NSA' })
		]);
		expect(plan.create.map((r) => [r.line, r.label])).toEqual([
			[2, 'P-1'],
			[3, 'p-2'],
			[4, 'P 3/b'],
			[5, 'P.4']
		]);
	});

	it('gives every reason a row cannot be imported, naming the column and the value', () => {
		const plan = pupils([
			'P-1,3,K,XYZ,,2025-09-01,',
			',,,,,,',
			'Jo Bloggs!,Year 15,N,SEMH,semh,31/02/2026,',
			'P-4,3,K,SEMH,,2026-03-03,2026-03-04',
			'P-5,3,K,SEMH,,2025-09-01,2025-08-31',
			'P-6,3,K,SEMH,,1999-09-01,',
			`${'A'.repeat(41)},3,K,SEMH,,2025-09-01,`,
			'P-8,3,K,SEMH,,2025-09-01'
		]);
		expect(badOf(plan)).toEqual([
			[
				2,
				'Primary need "XYZ" is not a census code. Use one of SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, NSA'
			],
			[
				4,
				'Reference "Jo Bloggs!" can only have letters, digits, spaces, hyphens, dots and slashes; ' +
					'Year group "Year 15" is not a year group or age band. Use R, 1 to 14, N1, N2, or an age band such as Age 3; ' +
					'SEN status "N" must be K (SEN support) or E (EHC plan); ' +
					'Secondary need "semh" is the same as the primary need: leave it blank or choose another; ' +
					'Date added "31/02/2026" is not a date. Write it as YYYY-MM-DD or DD/MM/YYYY, for example 08/09/2025'
			],
			[5, 'Date added "2026-03-03" is in the future; Date removed "2026-03-04" is in the future'],
			[6, 'Date removed "2025-08-31" is before the date added (1 September 2025)'],
			[7, 'Date added "1999-09-01" must be in the years 2000 to 2099'],
			[8, 'Reference must be 40 characters or fewer (it has 41)'],
			[
				9,
				'This row has 6 values but the header has 7 columns, so its values cannot be matched to columns'
			]
		]);
	});

	it('says which required columns a row leaves blank', () => {
		const plan = pupils([' ,3,,,,,']);
		expect(badOf(plan)).toEqual([
			[
				2,
				'Reference is missing; SEN status is missing; Primary need is missing; Date added is missing'
			]
		]);
		expect(plan.bad[0]?.label).toBe('');
	});

	it('refuses a reference used twice in the file, ignoring capitals, pointing at the first', () => {
		const plan = pupils([
			'P-1,3,K,SEMH,,2025-09-01,',
			'P-2,3,K,SEMH,,2025-09-01,',
			'p-1,4,K,SEMH,,2025-09-01,',
			'P-1,3,K,XYZ,,2025-09-01,'
		]);
		expect(plan.create.map((r) => r.line)).toEqual([2, 3]);
		expect(badOf(plan)).toEqual([
			[4, 'Reference "p-1" also appears on line 2'],
			[5, expect.stringContaining('Primary need "XYZ" is not a census code')]
		]);
		expect(plan.bad[1]?.reasons[1]).toBe('Reference "P-1" also appears on line 2');
	});

	it('matches the register by reference ignoring capitals: update, unchanged or create', () => {
		const plan = pupils(
			[
				'p-0001,4,E,SEMH,ASD,2025-09-03,',
				'P-0002,2,K,MLD,,2025-09-03,',
				'P-0003,5,K,HI,,2025-09-03,2026-02-01',
				'P-0004,R,K,VI,,2025-09-03,'
			],
			[
				heldPupil(),
				heldPupil({ id: 'pupil-2', reference: 'P-0002', yearGroup: '2', primaryNeed: 'MLD' }),
				heldPupil({ id: 'pupil-3', reference: 'P-0003', yearGroup: '5', primaryNeed: 'HI' })
			]
		);
		expect(plan.update.map((u) => [u.line, u.existing.id, u.changes])).toEqual([
			[
				2,
				'pupil-1',
				[
					{ field: 'yearGroup', label: 'Year group', before: 'Year 3', after: 'Year 4' },
					{ field: 'senStatus', label: 'SEN status', before: 'SEN support', after: 'EHC plan' },
					{ field: 'secondaryNeed', label: 'Secondary need', before: '', after: 'ASD' }
				]
			],
			[
				4,
				'pupil-3',
				[{ field: 'removedOn', label: 'Date removed', before: '', after: '1 February 2026' }]
			]
		]);
		expect(plan.unchanged.map((r) => [r.line, r.label])).toEqual([[3, 'P-0002']]);
		expect(plan.create.map((r) => r.line)).toEqual([5]);
	});
});

describe('planInterventionImport', () => {
	it('reads areas of need by label or short form, tiers in any case and costs in pounds', () => {
		const plan = interventions([
			'Talk group,C&I,targeted,4,3,30,TA,£18.50,',
			'Reading,c & l,Universal,30,5,60,Teacher,38,Reading age',
			'Nurture,SEMH,SPECIALIST,6,5,45,,"£1,000",',
			'Fine motor,Sensory/physical,Targeted,2,2,15,OT,0,',
			'Lego,communication and interaction,Targeted,3,1,40,,12.5,',
			'Zones,"Social, emotional and mental health",Targeted,8,1,30,,0.05,',
			'Sensory circuit,Sensory and/or physical,Targeted,8,5,10,,18,'
		]);
		expect(plan.bad).toEqual([]);
		expect(
			plan.create.map((r) => [
				r.value.name,
				r.value.areaOfNeed,
				r.value.tier,
				r.value.hourlyCostPence
			])
		).toEqual([
			['Talk group', 'communication_interaction', 'targeted', 1850],
			['Reading', 'cognition_learning', 'universal', 3800],
			['Nurture', 'semh', 'specialist', 100000],
			['Fine motor', 'sensory_physical', 'targeted', 0],
			['Lego', 'communication_interaction', 'targeted', 1250],
			['Zones', 'semh', 'targeted', 5],
			['Sensory circuit', 'sensory_physical', 'targeted', 1800]
		]);
	});

	it('refuses values outside the limits the forms and the database hold to', () => {
		const plan = interventions([
			'A,Maths,Tier 2,0,26,481,TA,£1000.01,',
			'B,SEMH,Targeted,41,1.5,-5,TA,18.555,',
			`C,SEMH,Targeted,4,3,20,${'x'.repeat(81)},abc,${'y'.repeat(201)}`,
			',SEMH,Targeted,,3,20,TA,,'
		]);
		expect(badOf(plan)).toEqual([
			[
				2,
				'Area of need "Maths" is not an area of need. Use Communication and interaction (C&I), Cognition and learning (C&L), SEMH or Sensory/physical; ' +
					'Tier "Tier 2" must be Universal, Targeted or Specialist; ' +
					'Group size "0" must be a whole number from 1 to 40; ' +
					'Sessions a week "26" must be a whole number from 1 to 25; ' +
					'Minutes a session "481" must be a whole number from 1 to 480; ' +
					'Cost per hour "£1000.01" must be an amount in pounds from 0 to £1,000, such as 18.50'
			],
			[
				3,
				'Group size "41" must be a whole number from 1 to 40; ' +
					'Sessions a week "1.5" must be a whole number from 1 to 25; ' +
					'Minutes a session "-5" must be a whole number from 1 to 480; ' +
					'Cost per hour "18.555" must be an amount in pounds from 0 to £1,000, such as 18.50'
			],
			[
				4,
				'Staff role must be 80 characters or fewer (it has 81); ' +
					'Cost per hour "abc" must be an amount in pounds from 0 to £1,000, such as 18.50; ' +
					'Outcome measure must be 200 characters or fewer (it has 201)'
			],
			[5, 'Name is missing; Group size is missing; Cost per hour is missing']
		]);
	});

	it('matches the offer by name ignoring capitals, and refuses a name used twice', () => {
		const plan = interventions(
			[
				'phonics catch-up group,C&L,Targeted,4,3,20,Teaching assistant,18.50,Phonics screening score',
				'Precision teaching,C&L,Targeted,1,5,10,Teaching assistant,£19,WCPM',
				'Precision Teaching,C&L,Targeted,1,5,10,Teaching assistant,£19,WCPM',
				'Archived club,C&L,Targeted,6,1,60,Teacher,£40,'
			],
			[
				heldIntervention(),
				heldIntervention({
					id: 'int-2',
					name: 'Precision teaching',
					groupSize: 1,
					sessionsPerWeek: 5,
					minutesPerSession: 10,
					hourlyCostPence: 1850,
					outcomeMeasure: 'WCPM'
				}),
				heldIntervention({ id: 'int-3', name: 'Archived club', archived: true })
			]
		);
		expect(plan.unchanged.map((r) => r.line)).toEqual([2]);
		expect(
			plan.update.map((u) => [
				u.line,
				u.existing.id,
				u.changes.map((c) => [c.label, c.before, c.after])
			])
		).toEqual([
			[3, 'int-2', [['Cost per hour', '£18.50', '£19']]],
			[
				5,
				'int-3',
				[
					['Group size', '4', '6'],
					['Sessions a week', '3', '1'],
					['Minutes a session', '20', '60'],
					['Staff role', 'Teaching assistant', 'Teacher'],
					['Cost per hour', '£18.50', '£40'],
					['Outcome measure', 'Phonics screening score', '']
				]
			]
		]);
		expect(badOf(plan)).toEqual([[4, 'Name "Precision Teaching" also appears on line 3']]);
	});
});

describe('planRecordImport', () => {
	const context: RecordContext = {
		pupils: [
			{ id: 'pupil-1', reference: 'P-0001' },
			{ id: 'pupil-2', reference: 'P-0002' }
		],
		interventions: [
			{ id: 'int-1', name: 'Phonics catch-up group', archived: false },
			{ id: 'int-2', name: 'Old club', archived: true }
		],
		records: []
	};
	const records = (rows: string[], held: ExistingRecord[] = []) =>
		planRecordImport(read('records', csv(RECORD_HEADER, ...rows)), { ...context, records: held });

	it('links rows to pupils and interventions by reference and name, ignoring capitals', () => {
		const plan = records([
			'p-0001,PHONICS CATCH-UP GROUP,08/09/2025,19/12/2025,14,12 of 40,31 of 40,met,Moved on',
			'P-0002,Phonics catch-up group,2025-09-08,,,,,,',
			'P-0002,Phonics catch-up group,2026-01-05,2026-03-27,,,,target partly met,',
			'P-0001,Phonics catch-up group,2026-01-05,,,,,Too Early To Say,'
		]);
		expect(plan.bad).toEqual([]);
		expect(plan.create[0]?.value).toEqual({
			pupilId: 'pupil-1',
			pupilReference: 'P-0001',
			interventionId: 'int-1',
			interventionName: 'Phonics catch-up group',
			startDate: '2025-09-08',
			endDate: '2025-12-19',
			weeks: 14,
			entryMeasure: '12 of 40',
			exitMeasure: '31 of 40',
			outcome: 'met',
			notes: 'Moved on'
		});
		expect(plan.create.map((r) => [r.value.weeks, r.value.endDate, r.value.outcome])).toEqual([
			[14, '2025-12-19', 'met'],
			[null, null, null],
			[null, '2026-03-27', 'partly_met'],
			[null, null, 'too_early']
		]);
	});

	it('sends the user to import pupils and interventions first, and refuses bad values', () => {
		const plan = records([
			'P-9999,Phonics catch-up group,2025-09-08,,,,,,',
			'P-0001,Lego club,2025-09-08,,,,,,',
			'P-0001,old club,2025-09-08,,,,,,',
			'P-0001,Phonics catch-up group,2025-09-08,2025-09-01,53,,,maybe,',
			`P-0001,Phonics catch-up group,2025-10-08,,,${'e'.repeat(201)},,,${'n'.repeat(2001)}`,
			',,2025-09-08,,,,,,',
			'P-0002,Phonics catch-up group,2025-09-08,,,,,not met,'
		]);
		expect(badOf(plan)).toEqual([
			[
				2,
				'Pupil reference "P-9999" is not on the SEN register. Import pupils first, or add the pupil'
			],
			[
				3,
				'Intervention "Lego club" is not one of the setting’s interventions. Import interventions first, or add it'
			],
			[4, 'Intervention "old club" is archived. Restore it before recording provision on it'],
			[
				5,
				'End date "2025-09-01" is before the start date (8 September 2025); ' +
					'Weeks "53" must be a whole number from 0 to 52; ' +
					'Outcome "maybe" is not an outcome. Use Target met, Partly met, Not met or Too early, or leave it blank'
			],
			[
				6,
				'Entry measure must be 200 characters or fewer (it has 201); Notes must be 2,000 characters or fewer (it has 2,001)'
			],
			[7, 'Pupil reference is missing; Intervention is missing'],
			[
				8,
				'Outcome "not met" needs an end date: only provision that has ended can have its target met, partly met or not met. Use Too early while it goes on'
			]
		]);
		expect(plan.bad.map((b) => b.label)).toEqual([
			'P-9999, Phonics catch-up group',
			'P-0001, Lego club',
			'P-0001, old club',
			'P-0001, Phonics catch-up group',
			'P-0001, Phonics catch-up group',
			'',
			'P-0002, Phonics catch-up group'
		]);
	});

	it('refuses the same pupil, intervention and start date twice, however they are written', () => {
		const plan = records([
			'P-0001,Phonics catch-up group,2025-09-08,,,,,,',
			'p-0001,phonics catch-up group,08/09/2025,,,,,too early,'
		]);
		expect(badOf(plan)).toEqual([
			[
				3,
				'The same pupil, intervention and start date ("p-0001", "phonics catch-up group", 08/09/2025) also appear on line 2'
			]
		]);
	});

	it('matches held records by pupil, intervention and start date', () => {
		const held: ExistingRecord = {
			id: 'rec-1',
			version: 2,
			pupilId: 'pupil-1',
			interventionId: 'int-1',
			startDate: '2025-09-08',
			endDate: null,
			weeks: null,
			entryMeasure: '12 of 40',
			exitMeasure: '',
			outcome: null,
			notes: 'Keep going'
		};
		const plan = records(
			[
				'P-0001,Phonics catch-up group,2025-09-08,2025-12-19,,12 of 40,31 of 40,Target met,',
				'P-0002,Phonics catch-up group,2025-09-08,,,12 of 40,,,Keep going'
			],
			[held, { ...held, id: 'rec-2', pupilId: 'pupil-2' }]
		);
		expect(
			plan.update.map((u) => [u.existing.id, u.changes.map((c) => [c.label, c.before, c.after])])
		).toEqual([
			[
				'rec-1',
				[
					['End date', '', '19 December 2025'],
					['Exit measure', '', '31 of 40'],
					['Outcome', '', 'Target met'],
					['Notes', 'Keep going', '']
				]
			]
		]);
		expect(plan.unchanged.map((r) => r.line)).toEqual([3]);
		expect(plan.create).toEqual([]);
	});
});

describe('planPart', () => {
	it('pages a part and writes each row to add as its columns show it', () => {
		const plan = interventions(
			Array.from({ length: 120 }, (_, i) => `Group ${i + 1},SEMH,Targeted,4,3,20,TA,18.5,`)
		);
		const page = planPart('interventions', plan, 'create', 100, 150);
		expect(page.part).toBe('create');
		if (page.part !== 'create') return;
		expect(page.rows).toHaveLength(20);
		expect(page.rows[0]).toEqual({
			line: 102,
			cells: [
				'Group 101',
				'Social, emotional and mental health',
				'Targeted',
				'4',
				'3',
				'20',
				'TA',
				'£18.50',
				''
			]
		});
		expect(planPart('interventions', plan, 'bad', 0, 50)).toEqual({ part: 'bad', rows: [] });
	});
});
