import { and, eq, inArray } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverageTable, standardsTable } from '../../src/lib/domain/board-tables';
import { formatDate, todayInEngland } from '../../src/lib/domain/dates';
import { SUPPRESSION_NOTE } from '../../src/lib/domain/suppression';
import type { Scope } from '../../src/lib/server/auth/guards';
import { loadBoardReport, reportSummary } from '../../src/lib/server/board-report';
import {
	areaBoardDistrict,
	evaluationCycle,
	organisation,
	setting
} from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import { boardReportPdf, boardReportResponse } from '../../src/lib/server/export/board-report-pdf';
import { grantMembership, insertUser } from '../../src/lib/server/services/accounts';
import {
	addBoardAction,
	addNote,
	addQuestion,
	answerQuestion,
	questionToAnswer
} from '../../src/lib/server/services/board-scrutiny';
import { createBoard } from '../../src/lib/server/services/boards';
import { structureOptions } from '../../src/lib/server/services/structure';
import { useTestDatabase } from './support/database';
import { scopeFor, useAdminScopes } from './support/fixtures';

const db = useTestDatabase();
const admin = useAdminScopes();

const as = {} as Record<'south' | 'pru' | 'head', Scope>;
const ids = { south: '', pru: '', current: '', northburyCycle: '', ashford: '', dover: '' };

/** A YYYY-MM-DD date `days` after today (before it when negative). */
const fromToday = (days: number) => {
	const d = new Date(`${todayInEngland()}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
};

const TEXT = {
	ashfordNote: 'Ashford coverage is behind: ask the SENCO network to chase the last six.',
	areaNote: 'The whole area agreed to share more results by name next cycle.',
	pruNote: 'PRU committee: reintegration timetables are slipping in Ashford.',
	answered: 'How many Ashford settings have an SRP place waiting list?',
	answer: 'Eleven, and the LA will publish the list each term.',
	unanswered: 'When will the outreach service cover Ashford again?',
	overdue: 'Write to every Ashford head about the training offer',
	overdueOwner: 'Vice chair (Ashford)',
	later: 'Visit two Ashford settings with the SEND adviser',
	laterOwner: 'Board clerk'
};

/**
 * The PDF's text with every run of white space as one space, and words broken after a hyphen
 * or a slash at the end of a line whole again.
 */
async function pdfText(pdf: Uint8Array) {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
		mergePages: true
	});
	return text.replace(/\s+/g, ' ').replace(/(\w[-/]) (?=\w)/g, '$1');
}

const query = (q: Record<string, string | string[]>) => {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(q))
		for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
	return params;
};

function ok(result: { ok: true; id: string } | { ok: false; reason: string }) {
	if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result)}`);
	return result.id;
}

/** The names of the South board's settings, as the tenant records them. */
async function southSettingNames() {
	return inTenant(admin.kent, async (tx) => {
		const districts = await tx
			.select({ id: areaBoardDistrict.districtId })
			.from(areaBoardDistrict)
			.where(eq(areaBoardDistrict.areaBoardId, ids.south));
		const rows = await tx
			.select({ name: organisation.name, districtId: setting.districtId })
			.from(setting)
			.innerJoin(
				organisation,
				and(eq(organisation.tenantId, setting.tenantId), eq(organisation.id, setting.id))
			)
			.where(
				inArray(
					setting.districtId,
					districts.map((d) => d.id)
				)
			);
		return rows;
	});
}

/** Each report the tests read, made once: a district view takes a while to work out. */
const made = new Map<string, ReturnType<typeof loadBoardReport>>();
const reportOf = (
	key: string,
	scope: () => Scope,
	params: () => URLSearchParams,
	board?: () => string
) => {
	if (!made.has(key)) made.set(key, loadBoardReport(scope(), params(), board?.()));
	return made.get(key)!;
};
const ashfordQuery = () =>
	query({ cycle: ids.current, district: ids.ashford, meeting: '14/10/2026' });
const boardAshford = () => reportOf('board-ashford', () => as.south, ashfordQuery);
const boardArea = () =>
	reportOf(
		'board-area',
		() => as.south,
		() => query({ cycle: ids.current })
	);
const laAshford = (board?: string) =>
	reportOf(
		`la-ashford-${board ?? 'every'}`,
		() => admin.kent,
		() => query({ cycle: ids.current, district: ids.ashford }),
		board ? () => board : undefined
	);
const textOf = async (made: ReturnType<typeof loadBoardReport>) =>
	pdfText(await boardReportPdf((await made).report!));

/** The view takes a while to work out on a busy machine. */
const SLOW = 180_000;

beforeAll(async () => {
	as.south = await scopeFor('board@kent.test');
	as.head = await scopeFor('head@kent.test');
	const kent = admin.kent;
	const cycleId = async (tenantId: string, name: string) =>
		(
			await db.handle.db
				.select({ id: evaluationCycle.id })
				.from(evaluationCycle)
				.where(and(eq(evaluationCycle.tenantId, tenantId), eq(evaluationCycle.name, name)))
		)[0]!.id;
	ids.current = await cycleId(kent.tenantId, '2026/27');
	ids.northburyCycle = await cycleId(admin.northbury.tenantId, '2026/27');
	ids.south = as.south.membership.organisationId;
	const { district } = await structureOptions(kent);
	ids.ashford = district.find((d) => d.label === 'Ashford')!.value;
	ids.dover = district.find((d) => d.label === 'Dover')!.value;

	// Another board that may file scrutiny under Ashford: its record must stay its own.
	ids.pru = ok(
		await createBoard(kent, {
			name: 'Kent PRU Management Committee',
			scope: 'setting_type',
			districtIds: [],
			settingType: 'pru'
		})
	);
	await db.handle.db.transaction(async (tx) => {
		const user = await insertUser(tx, {
			email: 'pru.chair@kent.test',
			name: 'Pat Unit',
			passwordHash: null
		});
		await grantMembership(tx, kent.tenantId, user.id, ids.pru, 'chair');
	});
	as.pru = await scopeFor('pru.chair@kent.test');

	const ashford = { cycleId: ids.current, districtId: ids.ashford, version: 0 };
	ok(await addNote(as.south, { ...ashford, body: TEXT.ashfordNote }));
	ok(await addNote(as.south, { ...ashford, districtId: '', body: TEXT.areaNote }));
	ok(await addNote(as.pru, { ...ashford, body: TEXT.pruNote }));
	const asked = ok(
		await addQuestion(as.south, {
			...ashford,
			addressedTo: 'la',
			settingId: '',
			question: TEXT.answered
		})
	);
	ok(
		await addQuestion(as.south, {
			...ashford,
			addressedTo: 'la',
			settingId: '',
			question: TEXT.unanswered
		})
	);
	const toAnswer = await questionToAnswer(kent, asked);
	expect(await answerQuestion(kent, asked, toAnswer!.question.version, TEXT.answer)).toEqual({
		ok: true
	});
	ok(
		await addBoardAction(as.south, {
			...ashford,
			what: TEXT.overdue,
			owner: TEXT.overdueOwner,
			dueDate: fromToday(-12),
			status: 'in_progress'
		})
	);
	ok(
		await addBoardAction(as.south, {
			...ashford,
			what: TEXT.later,
			owner: TEXT.laterOwner,
			dueDate: fromToday(30),
			status: 'not_started'
		})
	);
});

describe('the board report for a district', () => {
	it(
		'prints the board, the cycle, the meeting and the tables as the page shows them',
		async () => {
			const { errors, view, report } = await boardAshford();
			expect(errors).toEqual({});
			expect(report!.picture).toBe(view.picture);
			const text = await textOf(boardAshford());
			expect(text).toContain('South Kent Area Board');
			expect(text).toContain('2026/27 cycle');
			expect(text).toContain('Prepared for the board meeting on 14 October 2026');
			expect(text).toContain('Settings covered: Ashford');
			expect(text).toContain(SUPPRESSION_NOTE);
			// Each row of the coverage table, cell after cell, exactly as the page prints it.
			const coverage = coverageTable(view.picture!);
			expect(coverage.rows.length).toBeGreaterThan(1);
			for (const row of coverage.rows) expect(text).toContain(row.join(' '));
			for (const framework of view.picture!.frameworks)
				for (const row of standardsTable(view.picture!, framework).rows)
					expect(text).toContain(row.join(' '));
			expect(text).toMatch(/Page 1 of \d+/);
		},
		SLOW
	);

	it(
		'prints the notes, questions and actions of that district and cycle only',
		async () => {
			const { report } = await boardAshford();
			const text = await textOf(boardAshford());
			expect(text).toContain(TEXT.ashfordNote);
			expect(text).toContain(TEXT.answered);
			expect(text).toContain(TEXT.answer);
			expect(text).toMatch(
				/When will the outreach service cover Ashford again\? .*Not answered yet/
			);
			expect(text).toContain('2 questions, 1 not answered yet.');
			expect(text).toContain(TEXT.overdueOwner);
			expect(text).toContain(
				`${TEXT.overdue} ${TEXT.overdueOwner} ${formatDate(fromToday(-12))} Overdue by 12 days In progress`
			);
			expect(text).toContain(`${TEXT.later} ${TEXT.laterOwner} ${formatDate(fromToday(30))}`);
			expect(text).toContain('2 actions: 1 overdue, 0 done.');
			// Filed under the whole area, and another board's record of the same district.
			expect(text).not.toContain(TEXT.areaNote);
			expect(text).not.toContain(TEXT.pruNote);
			expect(reportSummary(report!)).toMatchObject({
				notes: 1,
				questions: 2,
				unanswered: 1,
				actions: 2,
				overdue: 1
			});
		},
		SLOW
	);

	it(
		'names no setting that does not share its results',
		async () => {
			// Worked out from what the whole area's view names for the cycle.
			const named = new Set(
				(await boardArea()).view.shared.flatMap((f) => f.settings.map((s) => s.name))
			);
			const hidden = (await southSettingNames()).filter((s) => !named.has(s.name));
			expect(hidden.some((s) => s.districtId === ids.ashford)).toBe(true);
			for (const text of [await textOf(boardAshford()), await textOf(boardArea())])
				for (const { name } of hidden) expect(text).not.toContain(name);
		},
		SLOW
	);

	it(
		'prints only the parts chosen',
		async () => {
			const { report } = await boardAshford();
			const text = await pdfText(await boardReportPdf({ ...report!, parts: ['actions'] }));
			expect(text).toContain(TEXT.overdue);
			expect(text).not.toContain(TEXT.ashfordNote);
			expect(text).not.toContain(TEXT.answered);
			expect(text).not.toContain(coverageTable(report!.picture!).title);
			expect(text).not.toContain(SUPPRESSION_NOTE);
		},
		SLOW
	);

	it(
		'names the download after the board, cycle and district',
		async () => {
			const { report } = await boardAshford();
			const response = boardReportResponse(report!, await boardReportPdf(report!));
			expect(response.headers.get('content-type')).toBe('application/pdf');
			expect(response.headers.get('content-disposition')).toBe(
				'attachment; filename="south-kent-area-board-2026-27-ashford-board-report.pdf"'
			);
		},
		SLOW
	);
});

describe('the board report for the whole area', () => {
	it(
		'prints what was filed under the whole area and under each district',
		async () => {
			const { report } = await boardArea();
			expect(report!.scrutiny.map((p) => p.districtName)).toEqual([null, 'Ashford']);
			const text = await textOf(boardArea());
			expect(text).toContain('Settings covered: All settings');
			expect(text).toMatch(
				new RegExp(`Whole area .*${TEXT.areaNote}.*Ashford .*${TEXT.ashfordNote}`)
			);
			expect(text).not.toContain(TEXT.pruNote);
			for (const row of coverageTable(report!.picture!).rows) expect(text).toContain(row.join(' '));
		},
		SLOW
	);
});

describe('the LA’s report', () => {
	it(
		'prints the tenant’s tables with one board’s scrutiny, or every board’s',
		async () => {
			const one = await laAshford(ids.south);
			expect(one.errors).toEqual({});
			const text = await textOf(laAshford(ids.south));
			expect(text).toContain('Kent County Council');
			expect(text).toContain('Scrutiny: South Kent Area Board; Ashford');
			for (const row of coverageTable(one.view.picture!).rows)
				expect(text).toContain(row.join(' '));
			expect(text).toContain(TEXT.ashfordNote);
			expect(text).not.toContain(TEXT.pruNote);

			const all = await textOf(laAshford());
			expect(all).toContain('Kent PRU Management Committee. Pat Unit');
			expect(all).toContain(TEXT.pruNote);
			expect(all).toContain(TEXT.ashfordNote);
		},
		SLOW
	);

	it(
		'refuses a district outside the board’s area, and unknown boards',
		async () => {
			const [north] = await db.handle.db
				.select({ id: organisation.id })
				.from(organisation)
				.where(eq(organisation.name, 'North Kent Area Board'));
			const { errors, report } = await laAshford(north!.id);
			expect(report).toBeNull();
			expect(errors._errors).toEqual([
				'That district is not in the area of North Kent Area Board. Choose one of its districts or its whole area.'
			]);
			await expect(
				loadBoardReport(admin.kent, query({ cycle: ids.current }), ids.current)
			).rejects.toMatchObject({ status: 404 });
			await expect(loadBoardReport(admin.northbury, query({}), ids.south)).rejects.toMatchObject({
				status: 404
			});
		},
		SLOW
	);
});

describe('what the report refuses', () => {
	it(
		'gives the form its message for a bad date, and for a district the board cannot see',
		async () => {
			const badDate = await loadBoardReport(
				as.south,
				query({ cycle: ids.current, meeting: '31/02/2027' })
			);
			expect(badDate.report).toBeNull();
			expect(badDate.errors).toEqual({
				meeting: ['Enter the date of the meeting as a real date, for example 14/10/2026']
			});
			expect(badDate.meetingText).toBe('31/02/2027');
			const dartford = (await structureOptions(admin.kent)).district.find(
				(d) => d.label === 'Dartford'
			)!.value;
			const elsewhere = await loadBoardReport(
				as.south,
				query({ cycle: ids.current, district: dartford })
			);
			expect(elsewhere.report).toBeNull();
			expect(elsewhere.errors._errors).toHaveLength(1);
		},
		SLOW
	);

	it('gives 404 for an unknown cycle, and refuses a setting’s people and other tenants', async () => {
		for (const cycle of ['not-an-id', ids.northburyCycle, ids.south])
			await expect(loadBoardReport(as.south, query({ cycle }))).rejects.toMatchObject({
				status: 404
			});
		await expect(loadBoardReport(as.head, query({}))).rejects.toMatchObject({ status: 404 });
		await expect(
			loadBoardReport(admin.northbury, query({ cycle: ids.current }))
		).rejects.toMatchObject({ status: 404 });
	});
});
