import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScrutinyQuery } from '../../src/lib/schemas/board-scrutiny';
import type { Scope } from '../../src/lib/server/auth/guards';
import { brokenConstraint } from '../../src/lib/server/db/errors';
import { evaluationCycle, organisation } from '../../src/lib/server/db/schema';
import { grantMembership, insertUser } from '../../src/lib/server/services/accounts';
import {
	actionToChange,
	addBoardAction,
	addNote,
	addQuestion,
	answerQuestion,
	boardScrutiny,
	laScrutiny,
	noteToChange,
	questionToAnswer,
	questionToChange,
	questionsForSetting,
	removeBoardAction,
	removeNote,
	removeQuestion,
	scrutinyFor,
	updateBoardAction,
	updateNote,
	updateQuestion
} from '../../src/lib/server/services/board-scrutiny';
import { createBoard } from '../../src/lib/server/services/boards';
import { structureOptions } from '../../src/lib/server/services/structure';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor, useAdminScopes } from './support/fixtures';

const db = useTestDatabase();
const admin = useAdminScopes();

const as = {} as Record<
	| 'south'
	| 'southChair'
	| 'north'
	| 'pru'
	| 'head'
	| 'senco'
	| 'staff'
	| 'cliffside'
	| 'northburySenco',
	Scope
>;
const cycles = { current: '', previous: '', northbury: '' };
let districtId: (name: string) => string;
let settingId: (name: string) => string;

const TODAY = '2027-03-01';
const view = (over: Partial<ScrutinyQuery> = {}): ScrutinyQuery => ({
	cycleId: '',
	district: undefined,
	show: 'notes',
	page: 1,
	...over
});
const laView = (over: Partial<ScrutinyQuery & { boardId: string }> = {}) => ({
	...view(over),
	boardId: over.boardId ?? ''
});
/** The id of what a save added, failing the test with the refusal if it was refused. */
function ok(result: { ok: true; id: string } | { ok: false; reason: string }): string {
	if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result)}`);
	return result.id;
}

/** People with roles the demo does not give: a second South member, a North chair, a PRU chair. */
async function addPeople(boards: Record<string, string>) {
	await db.handle.db.transaction(async (tx) => {
		for (const [email, name, board, role] of [
			['south.chair@kent.test', 'Sara Chair', boards.south, 'chair'],
			['north.chair@kent.test', 'Nick North', boards.north, 'chair'],
			['pru.chair@kent.test', 'Pat Unit', boards.pru, 'chair']
		] as const) {
			const user = await insertUser(tx, { email, name, passwordHash: null });
			await grantMembership(tx, admin.kent.tenantId, user.id, board!, role);
		}
	});
}

async function orgIdNamed(name: string) {
	const [row] = await db.handle.db
		.select({ id: organisation.id })
		.from(organisation)
		.where(eq(organisation.name, name));
	if (!row) throw new Error(`No organisation ${name}`);
	return row.id;
}

async function cycleNamed(tenantId: string, name: string) {
	const [row] = await db.handle.db
		.select({ id: evaluationCycle.id })
		.from(evaluationCycle)
		.where(and(eq(evaluationCycle.tenantId, tenantId), eq(evaluationCycle.name, name)));
	return row!.id;
}

beforeAll(async () => {
	const pru = await createBoard(admin.kent, {
		name: 'Kent PRU Management Committee',
		scope: 'setting_type',
		districtIds: [],
		settingType: 'pru'
	});
	if (!pru.ok) throw new Error('could not add the PRU committee');
	await addPeople({
		south: await orgIdNamed('South Kent Area Board'),
		north: await orgIdNamed('North Kent Area Board'),
		pru: pru.id
	});
	as.south = await scopeFor('board@kent.test');
	as.southChair = await scopeFor('south.chair@kent.test');
	as.north = await scopeFor('north.chair@kent.test');
	as.pru = await scopeFor('pru.chair@kent.test');
	as.head = await scopeFor('head@kent.test');
	as.senco = await scopeFor('senco@kent.test');
	as.staff = await scopeFor('staff@kent.test');
	as.cliffside = await scopeFor('reviewer2@kent.test');
	as.northburySenco = await scopeFor('senco@northbury.test');
	cycles.current = await cycleNamed(admin.kent.tenantId, '2026/27');
	cycles.previous = await cycleNamed(admin.kent.tenantId, '2025/26');
	cycles.northbury = await cycleNamed(admin.northbury.tenantId, '2026/27');
	const { district } = await structureOptions(admin.kent);
	districtId = (name) => district.find((d) => d.label === name)!.value;
	const settings = new Map<string, string>();
	for (const name of [
		'Oakfield Primary School',
		'Cliffside Primary School',
		'Riverside Academy',
		'Channel Coast Learning Centre',
		'Isle Bridge Learning Centre'
	])
		settings.set(name, await orgIdNamed(name));
	settingId = (name) => settings.get(name)!;
});

const note = (over: Partial<{ cycleId: string; districtId: string; body: string }> = {}) => ({
	cycleId: cycles.current,
	districtId: '',
	body: 'Coverage of signed-off self-evaluations is low in the east of the area.',
	...over
});
const question = (
	over: Partial<{
		cycleId: string;
		districtId: string;
		addressedTo: 'la' | 'setting';
		settingId: string;
		question: string;
	}> = {}
) => ({
	cycleId: cycles.current,
	districtId: '',
	addressedTo: 'la' as const,
	settingId: '',
	question: 'When will the outreach team visit?',
	...over
});
const action = (
	over: Partial<{ cycleId: string; districtId: string; dueDate: string; status: 'done' }> = {}
) => ({
	cycleId: cycles.current,
	districtId: '',
	what: 'Invite the SEND lead to the next meeting',
	owner: 'Board chair',
	dueDate: '2027-02-01',
	status: 'not_started' as const,
	...over
});

describe('a board member’s scrutiny page', () => {
	it('opens on the newest open cycle and the whole area, with the board’s districts', async () => {
		const page = await boardScrutiny(as.south, view(), TODAY);
		expect(page?.board.name).toBe('South Kent Area Board');
		expect(page?.board.districts.map((d) => d.name)).toEqual([
			'Ashford',
			'Dover',
			'Folkestone & Hythe'
		]);
		expect(page?.cycle?.name).toBe('2026/27');
		expect(page?.districtId).toBeNull();
		expect(page?.view?.list).toEqual({ show: 'notes', rows: [] });
	});

	it('keeps a chosen cycle and district, and ignores another board’s district', async () => {
		const chosen = await boardScrutiny(
			as.south,
			view({ cycleId: cycles.previous, district: districtId('Dover') }),
			TODAY
		);
		expect(chosen?.cycle?.name).toBe('2025/26');
		expect(chosen?.districtId).toBe(districtId('Dover'));
		const elsewhere = await boardScrutiny(as.south, view({ district: districtId('Thanet') }));
		expect(elsewhere?.districtId).toBeNull();
	});

	it('is not there for people who sit on no board', async () => {
		for (const scope of [as.head, as.staff, admin.kent]) {
			expect(await boardScrutiny(scope, view())).toBeUndefined();
		}
	});
});

describe('notes', () => {
	it('are added per district and cycle, listed by place and audited', async () => {
		ok(await addNote(as.south, note()));
		ok(await addNote(as.south, note({ districtId: districtId('Ashford'), body: 'Ashford note' })));
		const whole = await boardScrutiny(as.south, view(), TODAY);
		expect(whole?.view?.counts.notes).toBe(1);
		const ashford = await boardScrutiny(as.south, view({ district: districtId('Ashford') }), TODAY);
		expect(ashford?.view?.list).toMatchObject({
			show: 'notes',
			rows: [{ body: 'Ashford note', authorName: 'Ben Hughes', districtName: 'Ashford' }]
		});
		expect(await latestAudit(admin.kent, 'board.note-added')).toMatchObject({
			subject: 'South Kent Area Board, 2026/27, Ashford',
			detail: { after: { body: 'Ashford note' } }
		});
	});

	it('refuse a district outside the board’s area, saying why', async () => {
		const result = await addNote(as.south, note({ districtId: districtId('Canterbury') }));
		expect(result).toMatchObject({ ok: false, reason: 'invalid', field: 'districtId' });
		expect((result as { message: string }).message).toMatch(
			/not in the area of South Kent Area Board/
		);
	});

	it('refuse another tenant’s cycle as not found', async () => {
		expect(await addNote(as.south, note({ cycleId: cycles.northbury }))).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});

	it('may be filed by a board covering a setting type under any district, or none', async () => {
		ok(await addNote(as.pru, note({ districtId: districtId('Thanet'), body: 'PRU in Thanet' })));
		ok(await addNote(as.pru, note({ body: 'All PRUs' })));
		const page = await boardScrutiny(as.pru, view({ district: districtId('Thanet') }), TODAY);
		expect(page?.board.districts).toHaveLength(12);
		expect(page?.view?.list.rows).toMatchObject([{ body: 'PRU in Thanet' }]);
	});

	it('are changed with a version check, a stale save getting what is saved now', async () => {
		const id = ok(await addNote(as.south, note({ body: 'First words' })));
		ok(await updateNote(as.southChair, id, 1, { body: 'Chair’s words' }));
		expect(await updateNote(as.south, id, 1, { body: 'Member’s words' })).toEqual({
			ok: false,
			reason: 'stale',
			current: { body: 'Chair’s words' },
			version: 2
		});
		expect((await noteToChange(as.south, id))?.body).toBe('Chair’s words');
		expect(await latestAudit(admin.kent, 'board.note-changed')).toMatchObject({
			detail: { before: { body: 'First words' }, after: { body: 'Chair’s words' } }
		});
		expect(await removeNote(as.south, id, 1)).toEqual({ ok: false, reason: 'stale' });
		expect(await removeNote(as.south, id, 2)).toEqual({ ok: true });
		expect(await noteToChange(as.south, id)).toBeUndefined();
		expect(await latestAudit(admin.kent, 'board.note-removed')).toMatchObject({
			detail: { before: { body: 'Chair’s words' } }
		});
	});

	it('of one board are invisible and untouchable to another board and to other roles', async () => {
		const id = ok(await addNote(as.south, note({ body: 'South only' })));
		for (const scope of [as.north, as.head, admin.kent, admin.northbury]) {
			expect(await noteToChange(scope, id)).toBeUndefined();
			expect(await updateNote(scope, id, 1, { body: 'Taken over' })).toEqual({
				ok: false,
				reason: 'not-found'
			});
			expect(await removeNote(scope, id, 1)).toEqual({ ok: false, reason: 'not-found' });
		}
		const north = await boardScrutiny(as.north, view(), TODAY);
		expect(north?.view?.counts.notes).toBe(0);
		expect((await noteToChange(as.south, id))?.body).toBe('South only');
	});

	it('come 25 to a page', async () => {
		const dover = districtId('Dover');
		for (let i = 1; i <= 26; i++)
			ok(await addNote(as.south, note({ districtId: dover, body: `Dover note ${i}` })));
		const first = await boardScrutiny(as.south, view({ district: dover }), TODAY);
		const second = await boardScrutiny(as.south, view({ district: dover, page: 2 }), TODAY);
		expect(first?.view?.counts.notes).toBe(26);
		expect(first?.view?.list.rows).toHaveLength(25);
		expect(second?.view?.list.rows).toMatchObject([{ body: 'Dover note 1' }]);
	});
});

describe('questions', () => {
	it('are put to the LA or to a setting in the board’s scope', async () => {
		const ashford = districtId('Ashford');
		ok(await addQuestion(as.south, question({ districtId: ashford })));
		ok(
			await addQuestion(
				as.south,
				question({
					districtId: ashford,
					addressedTo: 'setting',
					settingId: settingId('Oakfield Primary School'),
					question: 'How are you using the outreach offer?'
				})
			)
		);
		// Under the whole area, any setting of the area will do.
		ok(
			await addQuestion(
				as.south,
				question({ addressedTo: 'setting', settingId: settingId('Cliffside Primary School') })
			)
		);
		const page = await boardScrutiny(
			as.south,
			view({ district: ashford, show: 'questions' }),
			TODAY
		);
		expect(page?.view?.counts).toMatchObject({ questions: 2, unanswered: 2 });
		expect(page?.view?.settings.map((s) => s.label)).toContain('Oakfield Primary School');
		expect(page?.view?.settings.map((s) => s.label)).not.toContain('Cliffside Primary School');
		expect(page?.view?.list.rows).toMatchObject([
			{ addressedTo: 'setting', settingName: 'Oakfield Primary School', answer: null },
			{ addressedTo: 'la', settingName: null }
		]);
		expect(await latestAudit(admin.kent, 'board.question-added')).toMatchObject({
			detail: { after: { for: 'Cliffside Primary School' } }
		});
	});

	it('refuse a setting outside the board’s area or the chosen district, saying why', async () => {
		const outside = await addQuestion(
			as.south,
			question({ addressedTo: 'setting', settingId: settingId('Riverside Academy') })
		);
		expect(outside).toMatchObject({ ok: false, reason: 'invalid', field: 'settingId' });
		expect((outside as { message: string }).message).toMatch(
			/not in the area of South Kent Area Board/
		);
		const otherDistrict = await addQuestion(
			as.south,
			question({
				districtId: districtId('Ashford'),
				addressedTo: 'setting',
				settingId: settingId('Cliffside Primary School')
			})
		);
		expect((otherDistrict as { message: string }).message).toMatch(/not in Ashford/);
		// A committee for pupil referral units asks its units, wherever they are, and no school.
		ok(
			await addQuestion(
				as.pru,
				question({ addressedTo: 'setting', settingId: settingId('Isle Bridge Learning Centre') })
			)
		);
		expect(
			await addQuestion(
				as.pru,
				question({ addressedTo: 'setting', settingId: settingId('Oakfield Primary School') })
			)
		).toMatchObject({ ok: false, field: 'settingId' });
	});

	it('are changed with a version check until answered, then locked', async () => {
		const id = ok(await addQuestion(as.south, question({ question: 'Draft question' })));
		ok(
			await updateQuestion(as.south, id, 1, {
				addressedTo: 'setting',
				settingId: settingId('Oakfield Primary School'),
				question: 'Better question'
			})
		);
		expect(
			await updateQuestion(as.southChair, id, 1, {
				addressedTo: 'la',
				settingId: '',
				question: 'Chair’s question'
			})
		).toEqual({
			ok: false,
			reason: 'stale',
			current: {
				addressedTo: 'setting',
				settingId: settingId('Oakfield Primary School'),
				question: 'Better question'
			},
			version: 2
		});
		expect((await questionToChange(as.south, id))?.settings.length).toBeGreaterThan(1);
		expect(await answerQuestion(as.head, id, 2, 'We use it weekly.')).toEqual({ ok: true });
		const locked = { ok: false, reason: 'answered' };
		expect(
			await updateQuestion(as.south, id, 3, {
				addressedTo: 'la',
				settingId: '',
				question: 'Changed after the answer'
			})
		).toEqual(locked);
		expect(await removeQuestion(as.south, id, 3)).toEqual(locked);
		expect((await questionToChange(as.south, id))?.question.answer).toBe('We use it weekly.');
	});

	it('not yet answered can be withdrawn, and another board cannot touch them', async () => {
		const id = ok(await addQuestion(as.south, question({ question: 'To withdraw' })));
		expect(await questionToChange(as.north, id)).toBeUndefined();
		expect(await removeQuestion(as.north, id, 1)).toEqual({ ok: false, reason: 'not-found' });
		expect(
			await updateQuestion(as.north, id, 1, { addressedTo: 'la', settingId: '', question: 'x' })
		).toEqual({ ok: false, reason: 'not-found' });
		expect(await removeQuestion(as.south, id, 1)).toEqual({ ok: true });
		expect(await latestAudit(admin.kent, 'board.question-removed')).toMatchObject({
			detail: { before: { question: 'To withdraw', for: 'the local authority' } }
		});
	});
});

describe('answers', () => {
	let toOakfield = '';
	let toLa = '';
	beforeAll(async () => {
		toOakfield = ok(
			await addQuestion(
				as.south,
				question({
					addressedTo: 'setting',
					settingId: settingId('Oakfield Primary School'),
					question: 'What training have staff had this year?'
				})
			)
		);
		toLa = ok(await addQuestion(as.south, question({ question: 'Is funding changing?' })));
	});

	it('a setting’s head and SENCO see the questions put to their setting, unanswered first', async () => {
		for (const scope of [as.head, as.senco]) {
			const list = await questionsForSetting(scope, 1);
			expect(list?.rows.every((q) => q.settingName === 'Oakfield Primary School')).toBe(true);
			expect(list?.rows.map((q) => q.id)).toContain(toOakfield);
			expect(list?.rows.map((q) => q.id)).not.toContain(toLa);
			const answered = list!.rows.map((q) => q.answeredAt !== null);
			expect(answered).toEqual([...answered].sort((a, b) => Number(a) - Number(b)));
			expect(list?.unanswered).toBe(answered.filter((a) => !a).length);
		}
	});

	it('a setting answers its own questions, and changes its answer with a version check', async () => {
		expect(await questionToAnswer(as.senco, toOakfield)).toMatchObject({ mayAnswer: true });
		expect(await answerQuestion(as.senco, toOakfield, 1, 'Two INSET days on autism.')).toEqual({
			ok: true
		});
		expect(await latestAudit(admin.kent, 'board.question-answered')).toMatchObject({
			detail: { after: 'Two INSET days on autism.' }
		});
		expect(await answerQuestion(as.head, toOakfield, 2, 'Two INSET days and coaching.')).toEqual({
			ok: true
		});
		expect(await answerQuestion(as.senco, toOakfield, 2, 'Something else')).toEqual({
			ok: false,
			reason: 'stale',
			current: {
				question: 'What training have staff had this year?',
				answer: 'Two INSET days and coaching.'
			},
			version: 3
		});
		expect(await latestAudit(admin.kent, 'board.answer-changed')).toMatchObject({
			detail: { before: 'Two INSET days on autism.', after: 'Two INSET days and coaching.' }
		});
		const seen = await scrutinyFor(as.south, { cycleId: cycles.current, districtId: null });
		expect(seen?.questions.find((q) => q.id === toOakfield)).toMatchObject({
			answer: 'Two INSET days and coaching.',
			answeredByName: 'Helen Carter'
		});
	});

	it('no other setting, staff member or tenant sees or answers them', async () => {
		for (const scope of [as.cliffside, as.staff, as.northburySenco, admin.northbury]) {
			expect(await questionToAnswer(scope, toOakfield)).toBeUndefined();
			expect(await answerQuestion(scope, toOakfield, 3, 'Not ours')).toEqual({
				ok: false,
				reason: 'not-found'
			});
		}
		expect(await questionsForSetting(as.staff, 1)).toBeUndefined();
		expect(
			(await questionsForSetting(as.cliffside, 1))?.rows.map((q) => q.settingName)
		).not.toContain('Oakfield Primary School');
		// Board members ask; they do not answer.
		expect(await answerQuestion(as.south, toLa, 1, 'Answering myself')).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});

	it('the LA answers questions put to the LA, and only those', async () => {
		expect(await questionToAnswer(admin.kent, toOakfield)).toMatchObject({ mayAnswer: false });
		expect(await answerQuestion(admin.kent, toOakfield, 3, 'The LA speaking')).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await questionToAnswer(as.head, toLa)).toBeUndefined();
		expect(await answerQuestion(as.head, toLa, 1, 'A school speaking')).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await answerQuestion(admin.kent, toLa, 1, 'Not this year.')).toEqual({ ok: true });
		const answered = await questionToAnswer(admin.kent, toLa);
		expect(answered?.question).toMatchObject({
			answer: 'Not this year.',
			answeredByName: 'Alex Morgan'
		});
	});
});

describe('actions', () => {
	it('carry an owner, a due date and a status, and are marked overdue', async () => {
		const folkestone = districtId('Folkestone & Hythe');
		ok(await addBoardAction(as.south, action({ districtId: folkestone })));
		ok(
			await addBoardAction(
				as.south,
				action({ districtId: folkestone, dueDate: '2027-01-01', status: 'done' })
			)
		);
		ok(await addBoardAction(as.south, action({ districtId: folkestone, dueDate: '2027-06-30' })));
		const page = await boardScrutiny(
			as.south,
			view({ district: folkestone, show: 'actions' }),
			TODAY
		);
		expect(page?.view?.counts).toMatchObject({ actions: 3, overdue: 1 });
		expect(page?.view?.list.rows).toMatchObject([
			{ dueDate: '2027-02-01', overdue: true, daysOverdue: 28, owner: 'Board chair' },
			{ dueDate: '2027-06-30', overdue: false },
			{ dueDate: '2027-01-01', status: 'done', overdue: false }
		]);
		expect(await latestAudit(admin.kent, 'board.action-added')).toMatchObject({
			subject: 'South Kent Area Board, 2026/27, Folkestone & Hythe'
		});
	});

	it('are changed with a version check and deleted as confirmed', async () => {
		const id = ok(await addBoardAction(as.south, action()));
		const changed = { ...action(), status: 'in_progress' as const, owner: 'Vice chair' };
		ok(await updateBoardAction(as.southChair, id, 1, changed));
		expect(await updateBoardAction(as.south, id, 1, action())).toMatchObject({
			ok: false,
			reason: 'stale',
			current: { owner: 'Vice chair', status: 'in_progress' },
			version: 2
		});
		expect(await latestAudit(admin.kent, 'board.action-changed')).toMatchObject({
			detail: { before: { status: 'not_started' }, after: { status: 'in_progress' } }
		});
		expect(await actionToChange(as.north, id)).toBeUndefined();
		expect(await updateBoardAction(as.north, id, 2, action())).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await removeBoardAction(as.north, id, 2)).toEqual({ ok: false, reason: 'not-found' });
		expect(await removeBoardAction(as.south, id, 1)).toEqual({ ok: false, reason: 'stale' });
		expect(await removeBoardAction(as.south, id, 2)).toEqual({ ok: true });
		expect(await actionToChange(as.south, id)).toBeUndefined();
		expect(await latestAudit(admin.kent, 'board.action-removed')).toBeTruthy();
	});

	it('refuse a district outside the board’s area', async () => {
		expect(
			await addBoardAction(as.south, action({ districtId: districtId('Maidstone') }))
		).toMatchObject({ ok: false, reason: 'invalid', field: 'districtId' });
	});
});

describe('the LA’s view', () => {
	it('reads every board’s scrutiny, filtered by board, cycle and place', async () => {
		ok(await addNote(as.north, note({ districtId: districtId('Dartford'), body: 'North note' })));
		const all = await laScrutiny(admin.kent, laView(), TODAY);
		expect(all?.cycle?.name).toBe('2026/27');
		expect(all?.view?.list.rows[0]).toMatchObject({ body: 'North note' });
		let perBoard = 0;
		for (const name of [
			'South Kent Area Board',
			'North Kent Area Board',
			'Kent PRU Management Committee'
		]) {
			const one = await laScrutiny(admin.kent, laView({ boardId: await orgIdNamed(name) }), TODAY);
			expect(one?.view?.counts.notes, name).toBeGreaterThan(0);
			expect(new Set(one?.view?.list.rows.map((r) => r.boardName))).toEqual(new Set([name]));
			perBoard += one?.view?.counts.notes ?? 0;
		}
		expect(all?.view?.counts.notes).toBe(perBoard);
		const dartford = await laScrutiny(
			admin.kent,
			laView({ district: districtId('Dartford') }),
			TODAY
		);
		expect(dartford?.view?.list.rows).toMatchObject([{ body: 'North note' }]);
		const whole = await laScrutiny(admin.kent, laView({ district: null }), TODAY);
		expect(whole?.view?.list.rows.every((r) => r.districtId === null)).toBe(true);
		expect(whole?.view?.counts.notes).toBeGreaterThan(0);
		const lastYear = await laScrutiny(admin.kent, laView({ cycleId: cycles.previous }), TODAY);
		expect(lastYear?.view?.counts).toMatchObject({ notes: 0, questions: 0, actions: 0 });
	});

	it('is refused to anyone but LA staff, and shows another tenant nothing of Kent’s', async () => {
		for (const scope of [as.south, as.head])
			expect(await laScrutiny(scope, laView())).toBeUndefined();
		const northbury = await laScrutiny(admin.northbury, laView(), TODAY);
		expect(northbury?.view?.counts).toEqual({
			notes: 0,
			questions: 0,
			unanswered: 0,
			actions: 0,
			overdue: 0
		});
		const kentBoard = await orgIdNamed('South Kent Area Board');
		const withKentIds = await laScrutiny(
			admin.northbury,
			laView({ boardId: kentBoard, cycleId: cycles.current }),
			TODAY
		);
		expect(withKentIds?.boardId).toBe('');
		expect(withKentIds?.cycle?.id).toBe(cycles.northbury);
	});
});

describe('scrutinyFor, for the board report', () => {
	it('gives a board member their own board’s record of one place, names resolved', async () => {
		const ashford = districtId('Ashford');
		const record = await scrutinyFor(as.south, { cycleId: cycles.current, districtId: ashford });
		expect(record?.notes).toMatchObject([
			{
				body: 'Ashford note',
				authorName: 'Ben Hughes',
				boardName: 'South Kent Area Board',
				districtName: 'Ashford',
				cycleName: '2026/27'
			}
		]);
		expect(record?.questions.map((q) => q.settingName)).toContain('Oakfield Primary School');
		expect(record?.questions.every((q) => q.districtId === ashford)).toBe(true);
		const south = await orgIdNamed('South Kent Area Board');
		expect(
			await scrutinyFor(as.south, { cycleId: cycles.current, districtId: null, boardId: south })
		).toBeDefined();
	});

	it('gives LA staff any board or all, and refuses everyone else and other ids', async () => {
		const north = await orgIdNamed('North Kent Area Board');
		const dartford = districtId('Dartford');
		const at = { cycleId: cycles.current, districtId: dartford };
		expect(await scrutinyFor(as.south, { ...at, boardId: north })).toBeUndefined();
		expect(await scrutinyFor(as.south, at)).toBeUndefined();
		expect(await scrutinyFor(as.head, at)).toBeUndefined();
		expect((await scrutinyFor(admin.kent, { ...at, boardId: north }))?.notes).toMatchObject([
			{ body: 'North note', boardName: 'North Kent Area Board' }
		]);
		expect((await scrutinyFor(admin.kent, at))?.notes).toHaveLength(1);
		const whole = await scrutinyFor(admin.kent, { cycleId: cycles.current, districtId: null });
		expect(new Set(whole?.notes.map((n) => n.boardName)).size).toBeGreaterThan(1);
		expect(await scrutinyFor(admin.northbury, at)).toBeUndefined();
		expect(
			await scrutinyFor(admin.kent, { cycleId: cycles.northbury, districtId: null })
		).toBeUndefined();
		expect(
			await scrutinyFor(admin.kent, { cycleId: 'not-an-id', districtId: null })
		).toBeUndefined();
	});
});

describe('the tables themselves', () => {
	it('refuse a question to a setting without the setting, or to the LA with one', async () => {
		const bad = sql`insert into board_question (tenant_id, board_id, cycle_id, addressed_to, question, asked_by)
			select tenant_id, board_id, cycle_id, 'setting', 'x', asked_by from board_question limit 1`;
		const refusal = await db.handle.db.execute(bad).then(
			() => null,
			(e: unknown) => brokenConstraint(e, '23514')
		);
		expect(refusal).toBe('board_question_addressee_check');
	});
});
