import { describe, expect, it } from 'vitest';
import {
	decodeCsvBytes,
	districtKey,
	type ExistingSetting,
	type GiasContext,
	type GiasFile,
	type Outcome,
	planGiasImport,
	planPart,
	readGiasCsv,
	settingTypeFor
} from './gias';

const HEADER =
	'URN,LA (code),LA (name),EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name),NumberOfPupils,DistrictAdministrative (name),Postcode,TypeOfResourcedProvision (name)';

/** A CSV with the header above and one line per row (header = line 1). */
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';
const row = (
	fields: Partial<
		Record<
			| 'urn'
			| 'la'
			| 'name'
			| 'type'
			| 'status'
			| 'phase'
			| 'pupils'
			| 'district'
			| 'postcode'
			| 'rp',
			string
		>
	> = {}
) => {
	const f = {
		urn: '900001',
		la: '886',
		name: 'Hopfield Primary School',
		type: 'Community school',
		status: 'Open',
		phase: 'Primary',
		pupils: '210',
		district: 'Ashford',
		postcode: 'TN23 1AA',
		rp: 'Not applicable',
		...fields
	};
	return [
		f.urn,
		f.la,
		'Kent',
		f.name,
		f.type,
		f.status,
		f.phase,
		f.pupils,
		f.district,
		f.postcode,
		f.rp
	]
		.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
		.join(',');
};

const context: GiasContext = {
	laCode: '886',
	districts: [
		{ id: 'd-ashford', name: 'Ashford' },
		{ id: 'd-folkestone', name: 'Folkestone & Hythe' }
	],
	existing: []
};

/** The message of a refusal, or null when the result was not one. */
const errorOf = (result: Outcome<unknown>) => (result.ok ? null : result.error);

function read(text: string): GiasFile {
	const result = readGiasCsv(text);
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

const plan = (text: string, ctx: Partial<GiasContext> = {}) =>
	planGiasImport(read(text), { ...context, ...ctx });

describe('decodeCsvBytes', () => {
	const bytes = (...values: number[]) => new Uint8Array(values);
	const ascii = (text: string) => new TextEncoder().encode(text);

	it('reads UTF-8 and drops a byte order mark', () => {
		const result = decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...ascii('URN,Ré')]));
		expect(result).toEqual({ ok: true, value: 'URN,Ré' });
	});

	it('reads Windows-1252 when the bytes are not UTF-8', () => {
		// "St Mary’s École" as Excel on Windows saves it.
		const result = decodeCsvBytes(
			bytes(...ascii('St Mary'), 0x92, ...ascii('s '), 0xc9, ...ascii('cole'))
		);
		expect(result).toEqual({ ok: true, value: 'St Mary\u2019s \u00c9cole' });
	});

	it('refuses empty, blank, UTF-16 and binary files with a clear message', () => {
		expect(decodeCsvBytes(bytes())).toEqual({ ok: false, error: 'The selected file is empty' });
		expect(decodeCsvBytes(ascii(' \r\n\r\n'))).toEqual({
			ok: false,
			error: 'The selected file is empty'
		});
		expect(errorOf(decodeCsvBytes(bytes(0xff, 0xfe, 0x55, 0x00)))).toContain('UTF-16');
		// The start of an .xlsx file (a zip archive).
		expect(errorOf(decodeCsvBytes(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00)))).toContain(
			'not a CSV file'
		);
	});
});

describe('readGiasCsv', () => {
	it('finds columns by name in any order and case, ignoring others and blank rows', () => {
		const text =
			' postcode ,Foo,NUMBEROFPUPILS,urn,la (CODE),EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name),EstablishmentStatus (name),DistrictAdministrative (name),TypeOfResourcedProvision (name)\r\n' +
			'CT1 2AB,x,12,900001,886,"Oak, Ash and Elm School",Community school,Primary,Open,Canterbury,\r\n' +
			',,,,,,,,,,\r\n' +
			'\r\n' +
			'CT2 3CD,y,,900002,886,Birch School,Academy converter,Secondary,Open,Canterbury,\r\n';
		const file = read(text);
		expect(file.columnCount).toBe(11);
		expect(file.rows.map((r) => r.line)).toEqual([2, 5]);
		expect(file.rows[0]?.values).toMatchObject({
			urn: '900001',
			laCode: '886',
			name: 'Oak, Ash and Elm School',
			postcode: 'CT1 2AB',
			numberOfPupils: '12'
		});
	});

	it('numbers rows as a spreadsheet does when a quoted field spans lines', () => {
		const file = read(csv(row({ name: 'Two\r\nLines School' }), row({ urn: '900002' })));
		expect(file.rows.map((r) => r.line)).toEqual([2, 3]);
		expect(file.rows[0]?.values.name).toBe('Two\r\nLines School');
	});

	it('reports every missing column before reading any row', () => {
		const error = errorOf(
			readGiasCsv('URN,EstablishmentName,Postcode\r\n900001,School,CT1 2AB\r\n')
		);
		expect(error).toContain('LA (code), TypeOfEstablishment (name)');
		expect(error).toContain('TypeOfResourcedProvision (name)');
		expect(error).not.toContain('URN,');
	});

	it('refuses a file with only a header, or a broken quote', () => {
		expect(errorOf(readGiasCsv(HEADER + '\r\n'))).toContain('no establishments');
		expect(errorOf(readGiasCsv(csv('900001,886,"Kent,Unclosed')))).toContain(
			'a value starts with a quote mark that is never closed'
		);
	});
});

describe('settingTypeFor', () => {
	it.each([
		['Community special school', 'Primary', 'special'],
		['Academy special converter', 'All-through', 'special'],
		['Non-maintained special school', 'Not applicable', 'special'],
		['Pupil referral unit', 'Not applicable', 'pru'],
		['Academy alternative provision converter', 'Secondary', 'pru'],
		['Local authority nursery school', 'Nursery', 'early_years'],
		['Local authority nursery school', 'Not applicable', 'early_years'],
		['Community school', 'Nursery', 'early_years'],
		['Community school', 'Primary', 'mainstream'],
		['Academy converter', 'Secondary', 'mainstream']
	] as const)('%s, %s → %s', (type, phase, expected) => {
		expect(settingTypeFor(type, phase)).toBe(expected);
	});
});

describe('districtKey', () => {
	it('treats "&" and "and" alike, ignoring case and spacing', () => {
		expect(districtKey('Folkestone and Hythe')).toBe(districtKey('Folkestone & Hythe'));
		expect(districtKey(' TONBRIDGE   AND MALLING')).toBe(districtKey('Tonbridge&Malling'));
	});
});

describe('planGiasImport', () => {
	it('creates good rows with the mapped setting type and normalised values', () => {
		const result = plan(
			csv(
				row(),
				row({
					urn: '900002',
					name: 'Seaview Special School',
					type: 'Foundation special school',
					district: 'folkestone and hythe',
					postcode: 'ct20 1aa',
					pupils: ''
				}),
				row({ urn: '900003', district: '', postcode: '' })
			)
		);
		expect(result.bad).toEqual([]);
		expect(result.create).toHaveLength(3);
		expect(result.create[1]).toMatchObject({
			line: 3,
			urn: 900002,
			settingType: 'special',
			districtId: 'd-folkestone',
			districtName: 'Folkestone & Hythe',
			postcode: 'CT20 1AA',
			numberOfPupils: null
		});
		expect(result.create[2]).toMatchObject({ districtId: null, postcode: '' });
	});

	it('reports each broken rule with its line number', () => {
		const result = plan(
			csv(
				row({ urn: '' }),
				row({ urn: '12345' }),
				row({ urn: '90000x' }),
				row({ urn: '900004', la: '123' }),
				row({ urn: '900005', name: '' }),
				row({ urn: '900006', name: 'x'.repeat(201) }),
				row({ urn: '900007', pupils: '-3' }),
				row({ urn: '900008', pupils: '12.5' }),
				row({ urn: '900009', postcode: 'NOT A POSTCODE' }),
				row({ urn: '900010', district: 'Medway' }),
				row({ urn: '900011', status: '' })
			)
		);
		expect(result.create).toEqual([]);
		expect(result.bad.map((b) => [b.line, b.reasons])).toEqual([
			[2, ['URN is missing']],
			[3, ['URN "12345" must be a whole number from 100000 to 999999']],
			[4, ['URN "90000x" must be a whole number from 100000 to 999999']],
			[5, ["LA code 123 is not this local authority's (886)"]],
			[6, ['Establishment name is missing']],
			[7, ['Establishment name must be 200 characters or fewer']],
			[8, ['Number of pupils "-3" must be a whole number from 0 to 99999']],
			[9, ['Number of pupils "12.5" must be a whole number from 0 to 99999']],
			[10, ['Postcode "NOT A POSTCODE" is not a valid UK postcode']],
			[
				11,
				[
					`District "Medway" is not one of this local authority's districts. Add it in Areas and districts first, then import the file again`
				]
			],
			[12, ['Establishment status is missing']]
		]);
	});

	it('accepts GIAS list values in any case, stored as GIAS spells them', () => {
		const [record] = plan(
			csv(row({ status: 'OPEN', phase: 'all-through', rp: 'sen unit', postcode: 'me141xq' }))
		).create;
		expect(record).toMatchObject({
			status: 'Open',
			phase: 'All-through',
			resourcedProvision: 'SEN unit',
			postcode: 'ME14 1XQ'
		});
	});

	it('refuses values that are not on a GIAS list', () => {
		const result = plan(csv(row({ status: 'Open (sort of)', phase: 'Reception', rp: 'Maybe' })));
		expect(result.bad[0]?.reasons).toEqual([
			'Establishment status "Open (sort of)" is not one GIAS uses',
			'Phase of education "Reception" is not one GIAS uses',
			'Type of resourced provision "Maybe" is not one GIAS uses'
		]);
	});

	it('lists every reason of a row, and keeps what the file said', () => {
		const result = plan(csv(row({ urn: '900001', la: '999', postcode: 'X' })));
		expect(result.bad).toEqual([
			{
				line: 2,
				urn: '900001',
				name: 'Hopfield Primary School',
				reasons: [
					"LA code 999 is not this local authority's (886)",
					'Postcode "X" is not a valid UK postcode'
				]
			}
		]);
	});

	it('refuses a row whose number of values differs from the header', () => {
		const result = plan(csv(row(), '900002,886,Kent,Short Row School'));
		expect(result.create).toHaveLength(1);
		expect(result.bad[0]?.reasons).toEqual([
			'This row has 4 values but the header has 11 columns, so its values cannot be matched to columns'
		]);
	});

	it('imports the first row of a URN and refuses each later one, naming the first line', () => {
		const result = plan(
			csv(row(), row({ urn: '900002' }), row({ name: 'Copy' }), row({ name: 'Copy again' }))
		);
		expect(result.create.map((r) => r.line)).toEqual([2, 3]);
		expect(result.bad.map((b) => [b.line, b.reasons])).toEqual([
			[4, ['URN 900001 also appears on line 2']],
			[5, ['URN 900001 also appears on line 2']]
		]);
	});

	const existing: ExistingSetting = {
		id: 's-1',
		urn: 900001,
		version: 3,
		name: 'Hopfield Primary School',
		settingType: 'mainstream',
		establishmentType: 'Community school',
		phase: 'Primary',
		status: 'Open',
		districtId: 'd-ashford',
		postcode: 'TN23 1AA',
		numberOfPupils: 210,
		resourcedProvision: 'Not applicable'
	};

	it('skips closed establishments the tenant does not have, and updates ones it has', () => {
		const result = plan(csv(row({ status: 'Closed' }), row({ urn: '900002', status: 'Closed' })), {
			existing: [existing]
		});
		expect(result.skipped.map((s) => [s.record.line, s.record.urn, s.reason])).toEqual([
			[3, 900002, 'Closed, not imported']
		]);
		expect(result.update.map(({ record, ...rest }) => ({ urn: record.urn, ...rest }))).toEqual([
			{
				urn: 900001,
				settingId: 's-1',
				version: 3,
				changes: [{ field: 'status', label: 'Status', before: 'Open', after: 'Closed' }]
			}
		]);
	});

	it('matches by URN: an identical row is unchanged, a changed one lists each change', () => {
		const same = plan(csv(row()), { existing: [existing] });
		expect([same.create, same.update]).toEqual([[], []]);
		expect(same.unchanged.map((r) => r.urn)).toEqual([900001]);
		const changed = plan(
			csv(
				row({
					name: 'Hopfield Church of England Primary School',
					type: 'Community special school',
					district: 'Folkestone and Hythe',
					pupils: '',
					postcode: 'tn23 1ab'
				})
			),
			{ existing: [existing] }
		);
		expect(changed.update[0]?.changes).toEqual([
			{
				field: 'name',
				label: 'Name',
				before: 'Hopfield Primary School',
				after: 'Hopfield Church of England Primary School'
			},
			{
				field: 'settingType',
				label: 'Setting type',
				before: 'Mainstream school',
				after: 'Special school'
			},
			{
				field: 'establishmentType',
				label: 'Type of establishment',
				before: 'Community school',
				after: 'Community special school'
			},
			{ field: 'districtId', label: 'District', before: 'Ashford', after: 'Folkestone & Hythe' },
			{ field: 'postcode', label: 'Postcode', before: 'TN23 1AA', after: 'TN23 1AB' },
			{ field: 'numberOfPupils', label: 'Number of pupils', before: '210', after: '' }
		]);
	});

	it('writes nothing for a bad row even when its URN is known', () => {
		const result = plan(csv(row({ la: '123' })), { existing: [existing] });
		expect(result).toMatchObject({ create: [], update: [], unchanged: [] });
		expect(result.bad).toHaveLength(1);
	});
});

describe('planPart', () => {
	it('slices one part and lists set-aside rows with their reasons', () => {
		const result = plan(
			csv(
				row(),
				row({ urn: '900002' }),
				row({ urn: '900003', status: 'Closed' }),
				row({ urn: '', name: 'No URN School' })
			)
		);
		expect(planPart(result, 'create', 1, 50)).toEqual({
			part: 'create',
			rows: [result.create[1]]
		});
		expect(planPart(result, 'skipped', 0, 50)).toEqual({
			part: 'skipped',
			rows: [
				{
					line: 4,
					urn: 900003,
					name: 'Hopfield Primary School',
					reasons: ['Closed, not imported']
				}
			]
		});
		expect(planPart(result, 'bad', 0, Infinity)).toEqual({
			part: 'bad',
			rows: [{ line: 5, urn: '', name: 'No URN School', reasons: ['URN is missing'] }]
		});
		expect(planPart(result, 'unchanged', 0, 50)).toEqual({ part: 'unchanged', rows: [] });
	});
});
