import { and, asc, count, desc, eq, exists, isNull, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { daysBetween, isOverdue } from '../../domain/action-plan';
import {
	ANSWERING_ROLES,
	SCRUTINY_ROLES,
	defaultCycle,
	isLocked,
	type ScrutinyList
} from '../../domain/board-scrutiny';
import { todayInEngland } from '../../domain/dates';
import { isRecordId } from '../../domain/ids';
import type { Role } from '../../domain/organisation';
import {
	SCRUTINY_PAGE_SIZE,
	type AnswerValues,
	type BoardActionInput,
	type DistrictChoice,
	type NoteInput,
	type Placement,
	type QuestionInput,
	type ScrutinyQuery
} from '../../schemas/board-scrutiny';
import type { Scope } from '../auth/guards';
import { rowOf } from '../db/joins';
import {
	appUser,
	areaBoard,
	areaBoardDistrict,
	boardAction,
	boardNote,
	boardQuestion,
	district,
	evaluationCycle,
	organisation,
	setting
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { inBoardScope } from './boards';
import { invalid } from './frameworks';
import { DONE, FORBIDDEN, STALE, staleWith, type StaleWith } from './review-results';
import { NOT_FOUND, type Invalid } from './structure';

// An area board's scrutiny: notes per district and cycle, questions to the LA or to settings,
// and actions. Board members keep their own board's; LA staff read every board's and answer
// questions put to the LA; a setting's headteacher or SENCO answers those put to the setting.

// ---------------------------------------------------------------------------------------------
// Who may do what

const holds = (scope: Scope, kind: string, roles: readonly Role[]) =>
	scope.membership.organisationKind === kind && roles.includes(scope.membership.role);

/** The board the caller sits on, when they act as its chair or a member. */
const boardOf = (scope: Scope) =>
	holds(scope, 'area_board', SCRUTINY_ROLES) ? scope.membership.organisationId : null;

const isLaStaff = (scope: Scope) => holds(scope, 'la', ['admin', 'officer']);

/** Who answers for the caller: the LA, their setting, or nobody. */
function answererOf(scope: Scope): { la: true } | { settingId: string } | null {
	if (isLaStaff(scope)) return { la: true };
	if (holds(scope, 'setting', ANSWERING_ROLES))
		return { settingId: scope.membership.organisationId };
	return null;
}

// ---------------------------------------------------------------------------------------------
// Boards, cycles and places

/** Where scrutiny is looked for: a cycle, and one board and one place unless left open. */
interface Place {
	boardId?: string;
	cycleId: string;
	district: DistrictChoice;
}

type Scrutinised = typeof boardNote | typeof boardQuestion | typeof boardAction;

const within = (t: Scrutinised, place: Place) =>
	and(
		place.boardId ? eq(t.boardId, place.boardId) : undefined,
		eq(t.cycleId, place.cycleId),
		place.district === undefined
			? undefined
			: place.district === null
				? isNull(t.districtId)
				: eq(t.districtId, place.district)
	);

/**
 * A board, and the districts its scrutiny may be filed under: its own for a board covering
 * districts; any of the tenant's for a board covering a type of setting, whose settings
 * may be anywhere.
 */
async function boardContext(tx: Tx, boardId: string) {
	const [board] = await tx
		.select({
			id: areaBoard.id,
			name: organisation.name,
			scope: areaBoard.scope,
			settingType: areaBoard.settingType
		})
		.from(areaBoard)
		.innerJoin(organisation, rowOf(organisation, areaBoard.tenantId, areaBoard.id))
		.where(eq(areaBoard.id, boardId));
	if (!board) return undefined;
	const ofBoard = exists(
		tx
			.select({ one: sql`1` })
			.from(areaBoardDistrict)
			.where(
				and(
					eq(areaBoardDistrict.tenantId, district.tenantId),
					eq(areaBoardDistrict.districtId, district.id),
					eq(areaBoardDistrict.areaBoardId, boardId)
				)
			)
	);
	const districts = await tx
		.select({ id: district.id, name: district.name })
		.from(district)
		.where(board.scope === 'districts' ? ofBoard : undefined)
		.orderBy(asc(district.name));
	return { ...board, districts };
}
type BoardContext = NonNullable<Awaited<ReturnType<typeof boardContext>>>;

/** The tenant's cycles, newest deadline first. */
const cyclesOf = (tx: Tx) =>
	tx
		.select({
			id: evaluationCycle.id,
			name: evaluationCycle.name,
			status: evaluationCycle.status,
			deadline: evaluationCycle.deadline
		})
		.from(evaluationCycle)
		.orderBy(desc(evaluationCycle.deadline), desc(evaluationCycle.createdAt));
type CycleChoice = Awaited<ReturnType<typeof cyclesOf>>[number];

/** The cycle asked for if it is the tenant's, else the one a scrutiny page opens on. */
const chosenCycle = (cycles: CycleChoice[], cycleId: string) =>
	cycles.find((c) => c.id === cycleId) ?? defaultCycle(cycles) ?? null;

/** How the audit log names where an item sits: "South Kent Area Board, 2026/27, Ashford". */
const subjectOf = (p: { boardName: string; cycleName: string; districtName: string | null }) =>
	`${p.boardName}, ${p.cycleName}, ${p.districtName ?? 'whole area'}`;

// ---------------------------------------------------------------------------------------------
// Reading items with their names

const boardOrg = alias(organisation, 'scrutiny_board');
const settingOrg = alias(organisation, 'scrutiny_setting');
const author = alias(appUser, 'scrutiny_author');
const answerer = alias(appUser, 'scrutiny_answerer');

const placeColumns = (t: Scrutinised) => ({
	boardId: t.boardId,
	boardName: boardOrg.name,
	cycleId: t.cycleId,
	cycleName: evaluationCycle.name,
	districtId: t.districtId,
	districtName: district.name
});

const notesQuery = (tx: Tx) =>
	tx
		.select({
			id: boardNote.id,
			...placeColumns(boardNote),
			body: boardNote.body,
			authorName: author.name,
			createdAt: boardNote.createdAt,
			updatedAt: boardNote.updatedAt,
			version: boardNote.version
		})
		.from(boardNote)
		.innerJoin(boardOrg, rowOf(boardOrg, boardNote.tenantId, boardNote.boardId))
		.innerJoin(evaluationCycle, rowOf(evaluationCycle, boardNote.tenantId, boardNote.cycleId))
		.leftJoin(district, rowOf(district, boardNote.tenantId, boardNote.districtId))
		.leftJoin(author, eq(author.id, boardNote.authorId))
		.$dynamic();
export type ScrutinyNote = Awaited<ReturnType<typeof notesQuery>>[number];

const questionsQuery = (tx: Tx) =>
	tx
		.select({
			id: boardQuestion.id,
			...placeColumns(boardQuestion),
			addressedTo: boardQuestion.addressedTo,
			settingId: boardQuestion.settingId,
			settingName: settingOrg.name,
			question: boardQuestion.question,
			askedByName: author.name,
			askedAt: boardQuestion.askedAt,
			answer: boardQuestion.answer,
			answeredByName: answerer.name,
			answeredAt: boardQuestion.answeredAt,
			version: boardQuestion.version
		})
		.from(boardQuestion)
		.innerJoin(boardOrg, rowOf(boardOrg, boardQuestion.tenantId, boardQuestion.boardId))
		.innerJoin(
			evaluationCycle,
			rowOf(evaluationCycle, boardQuestion.tenantId, boardQuestion.cycleId)
		)
		.leftJoin(district, rowOf(district, boardQuestion.tenantId, boardQuestion.districtId))
		.leftJoin(settingOrg, rowOf(settingOrg, boardQuestion.tenantId, boardQuestion.settingId))
		.leftJoin(author, eq(author.id, boardQuestion.askedBy))
		.leftJoin(answerer, eq(answerer.id, boardQuestion.answeredBy))
		.$dynamic();
export type ScrutinyQuestion = Awaited<ReturnType<typeof questionsQuery>>[number];

const actionsQuery = (tx: Tx) =>
	tx
		.select({
			id: boardAction.id,
			...placeColumns(boardAction),
			what: boardAction.what,
			owner: boardAction.owner,
			dueDate: boardAction.dueDate,
			status: boardAction.status,
			createdByName: author.name,
			createdAt: boardAction.createdAt,
			updatedAt: boardAction.updatedAt,
			version: boardAction.version
		})
		.from(boardAction)
		.innerJoin(boardOrg, rowOf(boardOrg, boardAction.tenantId, boardAction.boardId))
		.innerJoin(evaluationCycle, rowOf(evaluationCycle, boardAction.tenantId, boardAction.cycleId))
		.leftJoin(district, rowOf(district, boardAction.tenantId, boardAction.districtId))
		.leftJoin(author, eq(author.id, boardAction.createdBy))
		.$dynamic();
type ActionRow = Awaited<ReturnType<typeof actionsQuery>>[number];
export type ScrutinyAction = ActionRow & { overdue: boolean; daysOverdue: number };

const withOverdue = (rows: ActionRow[], today: string): ScrutinyAction[] =>
	rows.map((row) => {
		const overdue = isOverdue(row, today);
		return { ...row, overdue, daysOverdue: overdue ? daysBetween(row.dueDate, today) : 0 };
	});

// Newest notes first; questions awaiting an answer before answered ones; actions not done
// before done ones, earliest due first (so overdue ones lead).
const NOTE_ORDER = [desc(boardNote.createdAt), desc(boardNote.id)];
const QUESTION_ORDER = [
	asc(sql`${boardQuestion.answeredAt} is not null`),
	desc(boardQuestion.askedAt),
	desc(boardQuestion.id)
];
const ACTION_ORDER = [
	asc(sql`${boardAction.status} = 'done'`),
	asc(boardAction.dueDate),
	asc(boardAction.createdAt),
	asc(boardAction.id)
];

/** How many of the questions counted still await an answer. */
const unansweredCount = () =>
	sql<number>`count(*) filter (where ${isNull(boardQuestion.answeredAt)})`.mapWith(Number);

/** How many notes, questions (and unanswered) and actions (and overdue) a place holds. */
async function tallies(tx: Tx, place: Place, today: string) {
	const [[notes], [questions], [actions]] = await Promise.all([
		tx.select({ n: count() }).from(boardNote).where(within(boardNote, place)),
		tx
			.select({
				n: count(),
				unanswered: unansweredCount()
			})
			.from(boardQuestion)
			.where(within(boardQuestion, place)),
		tx
			.select({
				n: count(),
				overdue: sql<number>`count(*) filter (where ${and(
					ne(boardAction.status, 'done'),
					lt(boardAction.dueDate, today)
				)})`.mapWith(Number)
			})
			.from(boardAction)
			.where(within(boardAction, place))
	]);
	return {
		notes: notes?.n ?? 0,
		questions: questions?.n ?? 0,
		unanswered: questions?.unanswered ?? 0,
		actions: actions?.n ?? 0,
		overdue: actions?.overdue ?? 0
	};
}
export type ScrutinyTallies = Awaited<ReturnType<typeof tallies>>;

export type ScrutinyPage =
	| { show: 'notes'; rows: ScrutinyNote[] }
	| { show: 'questions'; rows: ScrutinyQuestion[] }
	| { show: 'actions'; rows: ScrutinyAction[] };

/** One page of one list at a place. */
async function listPage(
	tx: Tx,
	show: ScrutinyList,
	place: Place,
	page: number,
	today: string
): Promise<ScrutinyPage> {
	const offset = (page - 1) * SCRUTINY_PAGE_SIZE;
	switch (show) {
		case 'notes':
			return {
				show,
				rows: await notesQuery(tx)
					.where(within(boardNote, place))
					.orderBy(...NOTE_ORDER)
					.limit(SCRUTINY_PAGE_SIZE)
					.offset(offset)
			};
		case 'questions':
			return {
				show,
				rows: await questionsQuery(tx)
					.where(within(boardQuestion, place))
					.orderBy(...QUESTION_ORDER)
					.limit(SCRUTINY_PAGE_SIZE)
					.offset(offset)
			};
		case 'actions':
			return {
				show,
				rows: withOverdue(
					await actionsQuery(tx)
						.where(within(boardAction, place))
						.orderBy(...ACTION_ORDER)
						.limit(SCRUTINY_PAGE_SIZE)
						.offset(offset),
					today
				)
			};
	}
}

/** The settings of a board's scope a question may be put to, in one district when given. */
async function settingChoices(tx: Tx, boardId: string, districtId: string | null) {
	return tx
		.select({ value: setting.id, label: organisation.name })
		.from(setting)
		.innerJoin(organisation, rowOf(organisation, setting.tenantId, setting.id))
		.innerJoin(
			areaBoard,
			and(eq(areaBoard.tenantId, setting.tenantId), eq(areaBoard.id, boardId), inBoardScope(tx))
		)
		.where(districtId ? eq(setting.districtId, districtId) : undefined)
		.orderBy(asc(organisation.name));
}

// ---------------------------------------------------------------------------------------------
// The pages

/**
 * A board member's scrutiny page: their board, the cycles and districts to choose from, the
 * chosen place (the newest open cycle and the whole area unless asked otherwise), how much
 * each list holds, and one page of the chosen list. Undefined for anyone not on a board.
 */
export async function boardScrutiny(scope: Scope, query: ScrutinyQuery, today = todayInEngland()) {
	const boardId = boardOf(scope);
	if (!boardId) return undefined;
	return inTenant(scope, async (tx) => {
		const [board, cycles] = await Promise.all([boardContext(tx, boardId), cyclesOf(tx)]);
		if (!board) return undefined;
		const cycle = chosenCycle(cycles, query.cycleId);
		const districtId = board.districts.find((d) => d.id === query.district)?.id ?? null;
		if (!cycle) return { board, cycles, cycle, districtId, view: null };
		const place = { boardId, cycleId: cycle.id, district: districtId };
		const [counts, list, settings] = await Promise.all([
			tallies(tx, place, today),
			listPage(tx, query.show, place, query.page, today),
			query.show === 'questions' ? settingChoices(tx, boardId, districtId) : []
		]);
		return { board, cycles, cycle, districtId, view: { counts, list, settings } };
	});
}

/**
 * The LA's view of every board's scrutiny: the boards, cycles and districts to filter by, the
 * chosen filters (a cycle always; a board and a place when chosen), how much each list holds,
 * and one page of the chosen list. Undefined for anyone but LA staff.
 */
export async function laScrutiny(
	scope: Scope,
	query: ScrutinyQuery & { boardId: string },
	today = todayInEngland()
) {
	if (!isLaStaff(scope)) return undefined;
	return inTenant(scope, async (tx) => {
		const [boards, districts, cycles] = await Promise.all([
			tx
				.select({ id: areaBoard.id, name: organisation.name })
				.from(areaBoard)
				.innerJoin(organisation, rowOf(organisation, areaBoard.tenantId, areaBoard.id))
				.orderBy(asc(organisation.name)),
			tx
				.select({ id: district.id, name: district.name })
				.from(district)
				.orderBy(asc(district.name)),
			cyclesOf(tx)
		]);
		const boardId = boards.some((b) => b.id === query.boardId) ? query.boardId : '';
		const districtChoice =
			query.district === null ? null : districts.find((d) => d.id === query.district)?.id;
		const cycle = chosenCycle(cycles, query.cycleId);
		const filters = { boards, districts, cycles, boardId, district: districtChoice, cycle };
		if (!cycle) return { ...filters, view: null };
		const place = { boardId: boardId || undefined, cycleId: cycle.id, district: districtChoice };
		const [counts, list] = await Promise.all([
			tallies(tx, place, today),
			listPage(tx, query.show, place, query.page, today)
		]);
		return { ...filters, view: { counts, list } };
	});
}

const addressedToSetting = (settingId: string) =>
	and(eq(boardQuestion.addressedTo, 'setting'), eq(boardQuestion.settingId, settingId));

/**
 * A page of the questions area boards put to the caller's setting, those awaiting an answer
 * first, and how many await one. Undefined for anyone but the setting's head or SENCO.
 */
export async function questionsForSetting(scope: Scope, page: number) {
	const who = answererOf(scope);
	if (!who || !('settingId' in who)) return undefined;
	return inTenant(scope, async (tx) => {
		const mine = addressedToSetting(who.settingId);
		const [rows, [total]] = await Promise.all([
			questionsQuery(tx)
				.where(mine)
				.orderBy(...QUESTION_ORDER)
				.limit(SCRUTINY_PAGE_SIZE)
				.offset((page - 1) * SCRUTINY_PAGE_SIZE),
			tx
				.select({
					n: count(),
					unanswered: unansweredCount()
				})
				.from(boardQuestion)
				.where(mine)
		]);
		return { rows, total: total?.n ?? 0, unanswered: total?.unanswered ?? 0 };
	});
}

/**
 * The notes, questions and actions of one cycle and place (a district, or null for the whole
 * area), names resolved, for the board report: the caller's own board for a board member
 * (who may name no other), the named board or every board for LA staff. Undefined when the
 * caller may not read it, or the cycle, board or district is not one they can see.
 */
export async function scrutinyFor(
	scope: Scope,
	at: { cycleId: string; districtId: string | null; boardId?: string },
	today = todayInEngland()
): Promise<
	{ notes: ScrutinyNote[]; questions: ScrutinyQuestion[]; actions: ScrutinyAction[] } | undefined
> {
	const own = boardOf(scope);
	if (own ? at.boardId !== undefined && at.boardId !== own : !isLaStaff(scope)) return undefined;
	const boardId = own ?? at.boardId;
	const ids = [at.cycleId, at.districtId, boardId].filter((v): v is string => !!v);
	if (!ids.every(isRecordId)) return undefined;
	return inTenant(scope, async (tx) => {
		const [[cycle], board] = await Promise.all([
			tx
				.select({ id: evaluationCycle.id })
				.from(evaluationCycle)
				.where(eq(evaluationCycle.id, at.cycleId)),
			boardId ? boardContext(tx, boardId) : undefined
		]);
		if (!cycle || (boardId && !board)) return undefined;
		if (at.districtId) {
			const [found] = await tx
				.select({ id: district.id })
				.from(district)
				.where(eq(district.id, at.districtId));
			if (!found || (board && !board.districts.some((d) => d.id === at.districtId)))
				return undefined;
		}
		const place = { boardId, cycleId: at.cycleId, district: at.districtId };
		const [notes, questions, actions] = await Promise.all([
			notesQuery(tx)
				.where(within(boardNote, place))
				.orderBy(...NOTE_ORDER),
			questionsQuery(tx)
				.where(within(boardQuestion, place))
				.orderBy(...QUESTION_ORDER),
			actionsQuery(tx)
				.where(within(boardAction, place))
				.orderBy(...ACTION_ORDER)
		]);
		return { notes, questions, actions: withOverdue(actions, today) };
	});
}

// ---------------------------------------------------------------------------------------------
// Board members' changes

export type SaveResult<F extends string, T> =
	{ ok: true; id: string } | Invalid<F | 'districtId'> | StaleWith<T> | typeof NOT_FOUND;

export type RemoveResult = typeof DONE | typeof STALE | typeof NOT_FOUND;

/** An answered question is on record: it can no longer be changed or withdrawn. */
export const ANSWERED = { ok: false, reason: 'answered' } as const;

/** Runs a board member's change with their board; anyone else is refused as not found. */
async function asBoardMember<R>(
	scope: Scope,
	work: (tx: Tx, board: BoardContext) => Promise<R>
): Promise<R | typeof NOT_FOUND> {
	const boardId = boardOf(scope);
	if (!boardId) return NOT_FOUND;
	return inTenant(scope, async (tx) => {
		const board = await boardContext(tx, boardId);
		return board ? work(tx, board) : NOT_FOUND;
	});
}

/**
 * Where a new item goes: a cycle of the tenant (else not found) and a district the board may
 * file scrutiny under, or none for its whole area.
 */
async function placeFor(tx: Tx, board: BoardContext, input: Placement) {
	if (!isRecordId(input.cycleId)) return NOT_FOUND;
	const [cycle] = await tx
		.select({ name: evaluationCycle.name })
		.from(evaluationCycle)
		.where(eq(evaluationCycle.id, input.cycleId));
	if (!cycle) return NOT_FOUND;
	const chosen = input.districtId ? board.districts.find((d) => d.id === input.districtId) : null;
	if (chosen === undefined)
		return invalid(
			'districtId',
			`That district is not in the area of ${board.name}. Choose one of its districts or its whole area.`
		);
	return {
		cycleId: input.cycleId,
		districtId: chosen?.id ?? null,
		subject: subjectOf({
			boardName: board.name,
			cycleName: cycle.name,
			districtName: chosen?.name ?? null
		})
	};
}

/** Whether a form's values are those saved already, so there is nothing to change. */
const same = <T extends object>(saved: T, input: T) =>
	(Object.keys(saved) as (keyof T)[]).every((k) => saved[k] === input[k]);

// Notes

/** Only the fields of a note, whatever else the object carries (a row, a whole form). */
const noteValues = (note: NoteInput): NoteInput => ({ body: note.body });

const findNote = async (tx: Tx, boardId: string, id: string) =>
	isRecordId(id)
		? (await notesQuery(tx).where(and(eq(boardNote.id, id), eq(boardNote.boardId, boardId))))[0]
		: undefined;

/** A note of the caller's board, for its change and delete pages; undefined for any other. */
export async function noteToChange(scope: Scope, id: string) {
	const found = await asBoardMember(scope, (tx, board) => findNote(tx, board.id, id));
	return found && 'id' in found ? found : undefined;
}

/** A board member adds a note to their board's scrutiny of a cycle and place. */
export async function addNote(
	scope: Scope,
	input: NoteInput & Placement
): Promise<SaveResult<keyof NoteInput, NoteInput>> {
	return asBoardMember(scope, async (tx, board) => {
		const place = await placeFor(tx, board, input);
		if ('ok' in place) return place;
		const [row] = await tx
			.insert(boardNote)
			.values({
				tenantId: scope.tenantId,
				boardId: board.id,
				cycleId: place.cycleId,
				districtId: place.districtId,
				body: input.body,
				authorId: scope.userId
			})
			.returning({ id: boardNote.id });
		await writeAudit(tx, scope, {
			action: 'board.note-added',
			subject: place.subject,
			detail: { after: { body: input.body } }
		});
		return { ok: true, id: row!.id };
	});
}

/** A board member changes a note read at `version`; a stale save gets what is saved now. */
export async function updateNote(
	scope: Scope,
	id: string,
	version: number,
	input: NoteInput
): Promise<SaveResult<keyof NoteInput, NoteInput>> {
	return asBoardMember(scope, async (tx, board) => {
		const before = await findNote(tx, board.id, id);
		if (!before) return NOT_FOUND;
		if (before.version !== version) return staleWith(noteValues(before), before.version);
		if (same(noteValues(before), noteValues(input))) return { ok: true, id };
		const updated = await tx
			.update(boardNote)
			.set({ body: input.body, version: version + 1, updatedAt: new Date() })
			.where(and(eq(boardNote.id, id), eq(boardNote.version, version)))
			.returning({ id: boardNote.id });
		if (!updated.length) {
			const now = await findNote(tx, board.id, id);
			return now ? staleWith(noteValues(now), now.version) : NOT_FOUND;
		}
		await writeAudit(tx, scope, {
			action: 'board.note-changed',
			subject: subjectOf(before),
			detail: { before: noteValues(before), after: noteValues(input) }
		});
		return { ok: true, id };
	});
}

/** A board member deletes a note, as it was when they confirmed (`version`). */
export async function removeNote(scope: Scope, id: string, version: number): Promise<RemoveResult> {
	return asBoardMember(scope, async (tx, board) => {
		const before = await findNote(tx, board.id, id);
		if (!before) return NOT_FOUND;
		if (before.version !== version) return STALE;
		const removed = await tx
			.delete(boardNote)
			.where(and(eq(boardNote.id, id), eq(boardNote.version, version)))
			.returning({ id: boardNote.id });
		if (!removed.length) return STALE;
		await writeAudit(tx, scope, {
			action: 'board.note-removed',
			subject: subjectOf(before),
			detail: { before: noteValues(before) }
		});
		return DONE;
	});
}

// Questions

const questionValues = (q: ScrutinyQuestion): QuestionInput => ({
	addressedTo: q.addressedTo,
	settingId: q.settingId ?? '',
	question: q.question
});

/** What the audit log keeps of a question: who it is for by name. */
const questionAudit = (
	q: { addressedTo: string; question: string },
	settingName: string | null
) => ({
	for: q.addressedTo === 'la' ? 'the local authority' : settingName,
	question: q.question
});

const findQuestion = async (tx: Tx, boardId: string, id: string) =>
	isRecordId(id)
		? (
				await questionsQuery(tx).where(
					and(eq(boardQuestion.id, id), eq(boardQuestion.boardId, boardId))
				)
			)[0]
		: undefined;

/**
 * A question of the caller's board with the settings it may be put to, for its change and
 * delete pages; undefined for any other board's.
 */
export async function questionToChange(scope: Scope, id: string) {
	const found = await asBoardMember(scope, async (tx, board) => {
		const question = await findQuestion(tx, board.id, id);
		if (!question) return undefined;
		return { question, settings: await settingChoices(tx, board.id, question.districtId) };
	});
	return found && 'question' in found ? found : undefined;
}

/**
 * The setting a question is put to, which must be in the board's scope and, for a question
 * filed under a district, in that district. Null for a question to the LA.
 */
async function addresseeOf(
	tx: Tx,
	board: BoardContext,
	districtId: string | null,
	input: QuestionInput
): Promise<{ id: string; name: string } | null | Invalid<'settingId'>> {
	if (input.addressedTo === 'la') return null;
	const choices = await settingChoices(tx, board.id, districtId);
	const found = choices.find((s) => s.value === input.settingId);
	if (found) return { id: found.value, name: found.label };
	const where = districtId
		? board.districts.find((d) => d.id === districtId)?.name
		: `the area of ${board.name}`;
	return invalid(
		'settingId',
		`That setting is not in ${where}. Choose a setting from the list, or put the question to the local authority.`
	);
}

/** A board member puts a question to the LA or to a setting in the board's scope. */
export async function addQuestion(
	scope: Scope,
	input: QuestionInput & Placement
): Promise<SaveResult<keyof QuestionInput, QuestionInput>> {
	return asBoardMember(scope, async (tx, board) => {
		const place = await placeFor(tx, board, input);
		if ('ok' in place) return place;
		const addressee = await addresseeOf(tx, board, place.districtId, input);
		if (addressee && 'ok' in addressee) return addressee;
		const [row] = await tx
			.insert(boardQuestion)
			.values({
				tenantId: scope.tenantId,
				boardId: board.id,
				cycleId: place.cycleId,
				districtId: place.districtId,
				addressedTo: input.addressedTo,
				settingId: addressee?.id ?? null,
				question: input.question,
				askedBy: scope.userId
			})
			.returning({ id: boardQuestion.id });
		await writeAudit(tx, scope, {
			action: 'board.question-added',
			subject: place.subject,
			detail: { after: questionAudit(input, addressee?.name ?? null) }
		});
		return { ok: true, id: row!.id };
	});
}

/**
 * A board member changes a question read at `version`, until it is answered; a stale save
 * gets what is saved now.
 */
export async function updateQuestion(
	scope: Scope,
	id: string,
	version: number,
	input: QuestionInput
): Promise<SaveResult<keyof QuestionInput, QuestionInput> | typeof ANSWERED> {
	return asBoardMember(scope, async (tx, board) => {
		const before = await findQuestion(tx, board.id, id);
		if (!before) return NOT_FOUND;
		if (isLocked(before)) return ANSWERED;
		if (before.version !== version) return staleWith(questionValues(before), before.version);
		const addressee = await addresseeOf(tx, board, before.districtId, input);
		if (addressee && 'ok' in addressee) return addressee;
		const after: QuestionInput = {
			addressedTo: input.addressedTo,
			settingId: addressee?.id ?? '',
			question: input.question
		};
		if (same(questionValues(before), after)) return { ok: true, id };
		// An answer given since the page was read moved the version on, so it is not overwritten.
		const updated = await tx
			.update(boardQuestion)
			.set({
				addressedTo: input.addressedTo,
				settingId: addressee?.id ?? null,
				question: input.question,
				version: version + 1,
				updatedAt: new Date()
			})
			.where(and(eq(boardQuestion.id, id), eq(boardQuestion.version, version)))
			.returning({ id: boardQuestion.id });
		if (!updated.length) {
			const now = await findQuestion(tx, board.id, id);
			if (!now) return NOT_FOUND;
			return isLocked(now) ? ANSWERED : staleWith(questionValues(now), now.version);
		}
		await writeAudit(tx, scope, {
			action: 'board.question-changed',
			subject: subjectOf(before),
			detail: {
				before: questionAudit(before, before.settingName),
				after: questionAudit(input, addressee?.name ?? null)
			}
		});
		return { ok: true, id };
	});
}

/** A board member withdraws a question not yet answered, as it was when they confirmed. */
export async function removeQuestion(
	scope: Scope,
	id: string,
	version: number
): Promise<RemoveResult | typeof ANSWERED> {
	return asBoardMember(scope, async (tx, board) => {
		const before = await findQuestion(tx, board.id, id);
		if (!before) return NOT_FOUND;
		if (isLocked(before)) return ANSWERED;
		if (before.version !== version) return STALE;
		const removed = await tx
			.delete(boardQuestion)
			.where(
				and(
					eq(boardQuestion.id, id),
					eq(boardQuestion.version, version),
					isNull(boardQuestion.answeredAt)
				)
			)
			.returning({ id: boardQuestion.id });
		if (!removed.length) return STALE;
		await writeAudit(tx, scope, {
			action: 'board.question-removed',
			subject: subjectOf(before),
			detail: { before: questionAudit(before, before.settingName) }
		});
		return DONE;
	});
}

// Actions

/** Only the fields of an action, whatever else the object carries (a row, a placed form). */
const actionValues = (a: BoardActionInput): BoardActionInput => ({
	what: a.what,
	owner: a.owner,
	dueDate: a.dueDate,
	status: a.status
});

const findAction = async (tx: Tx, boardId: string, id: string) =>
	isRecordId(id)
		? (
				await actionsQuery(tx).where(and(eq(boardAction.id, id), eq(boardAction.boardId, boardId)))
			)[0]
		: undefined;

/** An action of the caller's board, for its change and delete pages; undefined for any other. */
export async function actionToChange(scope: Scope, id: string) {
	const found = await asBoardMember(scope, (tx, board) => findAction(tx, board.id, id));
	return found && 'id' in found ? found : undefined;
}

/** A board member adds an action, with its owner and due date. */
export async function addBoardAction(
	scope: Scope,
	input: BoardActionInput & Placement
): Promise<SaveResult<keyof BoardActionInput, BoardActionInput>> {
	return asBoardMember(scope, async (tx, board) => {
		const place = await placeFor(tx, board, input);
		if ('ok' in place) return place;
		const values = actionValues(input);
		const [row] = await tx
			.insert(boardAction)
			.values({
				tenantId: scope.tenantId,
				boardId: board.id,
				cycleId: place.cycleId,
				districtId: place.districtId,
				...values,
				createdBy: scope.userId
			})
			.returning({ id: boardAction.id });
		await writeAudit(tx, scope, {
			action: 'board.action-added',
			subject: place.subject,
			detail: { after: values }
		});
		return { ok: true, id: row!.id };
	});
}

/** A board member changes an action read at `version`; a stale save gets what is saved now. */
export async function updateBoardAction(
	scope: Scope,
	id: string,
	version: number,
	input: BoardActionInput
): Promise<SaveResult<keyof BoardActionInput, BoardActionInput>> {
	return asBoardMember(scope, async (tx, board) => {
		const before = await findAction(tx, board.id, id);
		if (!before) return NOT_FOUND;
		if (before.version !== version) return staleWith(actionValues(before), before.version);
		const after = actionValues(input);
		if (same(actionValues(before), after)) return { ok: true, id };
		const updated = await tx
			.update(boardAction)
			.set({ ...after, version: version + 1, updatedAt: new Date() })
			.where(and(eq(boardAction.id, id), eq(boardAction.version, version)))
			.returning({ id: boardAction.id });
		if (!updated.length) {
			const now = await findAction(tx, board.id, id);
			return now ? staleWith(actionValues(now), now.version) : NOT_FOUND;
		}
		await writeAudit(tx, scope, {
			action: 'board.action-changed',
			subject: subjectOf(before),
			detail: { before: actionValues(before), after }
		});
		return { ok: true, id };
	});
}

/** A board member deletes an action, as it was when they confirmed (`version`). */
export async function removeBoardAction(
	scope: Scope,
	id: string,
	version: number
): Promise<RemoveResult> {
	return asBoardMember(scope, async (tx, board) => {
		const before = await findAction(tx, board.id, id);
		if (!before) return NOT_FOUND;
		if (before.version !== version) return STALE;
		const removed = await tx
			.delete(boardAction)
			.where(and(eq(boardAction.id, id), eq(boardAction.version, version)))
			.returning({ id: boardAction.id });
		if (!removed.length) return STALE;
		await writeAudit(tx, scope, {
			action: 'board.action-removed',
			subject: subjectOf(before),
			detail: { before: actionValues(before) }
		});
		return DONE;
	});
}

// ---------------------------------------------------------------------------------------------
// Answers

export type AnswerResult =
	typeof DONE | typeof NOT_FOUND | typeof FORBIDDEN | StaleWith<AnswerValues>;

/**
 * A question the caller may read as an answerer: any question for LA staff (who answer only
 * those put to the LA), or one put to the caller's own setting.
 */
async function questionFor(tx: Tx, who: NonNullable<ReturnType<typeof answererOf>>, id: string) {
	if (!isRecordId(id)) return undefined;
	const mine = 'settingId' in who ? addressedToSetting(who.settingId) : undefined;
	const [found] = await questionsQuery(tx).where(and(eq(boardQuestion.id, id), mine));
	return found;
}

const answerValues = (q: ScrutinyQuestion): AnswerValues => ({
	question: q.question,
	answer: q.answer ?? ''
});

/** Whether the caller answers this question: the LA those put to it, a setting its own. */
const answers = (who: NonNullable<ReturnType<typeof answererOf>>, q: ScrutinyQuestion) =>
	'la' in who ? q.addressedTo === 'la' : q.settingId === who.settingId;

/**
 * A question for the answer page, and whether the caller may answer it. Undefined when the
 * caller does not answer questions, or this one is not put to their setting.
 */
export async function questionToAnswer(scope: Scope, id: string) {
	const who = answererOf(scope);
	if (!who) return undefined;
	return inTenant(scope, async (tx) => {
		const question = await questionFor(tx, who, id);
		return question ? { question, mayAnswer: answers(who, question) } : undefined;
	});
}

/**
 * The LA (for a question put to it) or the setting's head or SENCO (for one put to their
 * setting) answers, or changes the answer, as read at `version`. A question changed or
 * answered by someone else since is refused with what is saved now.
 */
export async function answerQuestion(
	scope: Scope,
	id: string,
	version: number,
	answer: string
): Promise<AnswerResult> {
	const who = answererOf(scope);
	if (!who) return NOT_FOUND;
	return inTenant(scope, async (tx) => {
		const before = await questionFor(tx, who, id);
		if (!before) return NOT_FOUND;
		if (!answers(who, before)) return FORBIDDEN;
		if (before.version !== version) return staleWith(answerValues(before), before.version);
		if (before.answer === answer) return DONE;
		const updated = await tx
			.update(boardQuestion)
			.set({
				answer,
				answeredBy: scope.userId,
				answeredAt: new Date(),
				version: version + 1,
				updatedAt: new Date()
			})
			.where(and(eq(boardQuestion.id, id), eq(boardQuestion.version, version)))
			.returning({ id: boardQuestion.id });
		if (!updated.length) {
			const now = await questionFor(tx, who, id);
			return now ? staleWith(answerValues(now), now.version) : NOT_FOUND;
		}
		await writeAudit(tx, scope, {
			action: before.answer === null ? 'board.question-answered' : 'board.answer-changed',
			subject: subjectOf(before),
			detail: {
				question: before.question,
				...(before.answer === null ? {} : { before: before.answer }),
				after: answer
			}
		});
		return DONE;
	});
}
