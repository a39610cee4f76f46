import { and, asc, countDistinct, eq, exists, inArray, ne, or, sql } from 'drizzle-orm';
import type { SettingType } from '../../domain/organisation';
import type { BoardInput } from '../../schemas/boards';
import { isRecordId } from '../../domain/ids';
import type { Scope } from '../auth/guards';
import {
	areaBoard,
	areaBoardDistrict,
	district,
	membership,
	organisation,
	setting
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { deleteOrganisation, holdersOf, peopleIn, type DeleteOrganisationResult } from './settings';
import { brokenConstraint } from '../db/errors';
import { NOT_FOUND, type Invalid } from './structure';

const joinOrganisation = and(
	eq(organisation.tenantId, areaBoard.tenantId),
	eq(organisation.id, areaBoard.id)
);

/** A setting is in a board's scope by its district, or by its type for a type-scoped board. */
export const inBoardScope = (tx: Tx) =>
	or(
		and(
			eq(areaBoard.scope, 'districts'),
			exists(
				tx
					.select({ one: sql`1` })
					.from(areaBoardDistrict)
					.where(
						and(
							eq(areaBoardDistrict.tenantId, areaBoard.tenantId),
							eq(areaBoardDistrict.areaBoardId, areaBoard.id),
							eq(areaBoardDistrict.districtId, setting.districtId)
						)
					)
			)
		),
		and(eq(areaBoard.scope, 'setting_type'), eq(setting.settingType, areaBoard.settingType))
	);

/** Each board's districts, by board id, in name order. */
async function districtsByBoard(tx: Tx, boardId?: string) {
	const rows = await tx
		.select({ boardId: areaBoardDistrict.areaBoardId, id: district.id, name: district.name })
		.from(areaBoardDistrict)
		.innerJoin(
			district,
			and(
				eq(district.tenantId, areaBoardDistrict.tenantId),
				eq(district.id, areaBoardDistrict.districtId)
			)
		)
		.where(boardId ? eq(areaBoardDistrict.areaBoardId, boardId) : undefined)
		.orderBy(asc(district.name));
	const byBoard = new Map<string, { id: string; name: string }[]>();
	for (const { boardId: b, ...d } of rows) byBoard.set(b, [...(byBoard.get(b) ?? []), d]);
	return byBoard;
}

/** The tenant's area boards with what they cover, how many settings that is, and members. */
export async function listBoards(scope: Scope) {
	return inTenant(scope, async (tx) => {
		const [boards, districts] = await Promise.all([
			tx
				.select({
					id: areaBoard.id,
					name: organisation.name,
					scope: areaBoard.scope,
					settingType: areaBoard.settingType,
					settings: countDistinct(setting.id),
					members: countDistinct(membership.id)
				})
				.from(areaBoard)
				.innerJoin(organisation, joinOrganisation)
				.leftJoin(setting, and(eq(setting.tenantId, areaBoard.tenantId), inBoardScope(tx)))
				.leftJoin(
					membership,
					and(
						eq(membership.tenantId, areaBoard.tenantId),
						eq(membership.organisationId, areaBoard.id)
					)
				)
				.groupBy(areaBoard.tenantId, areaBoard.id, organisation.name)
				.orderBy(asc(organisation.name)),
			districtsByBoard(tx)
		]);
		return boards.map((b) => ({ ...b, districts: districts.get(b.id) ?? [] }));
	});
}

async function readBoard(tx: Tx, id: string) {
	if (!isRecordId(id)) return undefined;
	const [board] = await tx
		.select({
			id: areaBoard.id,
			name: organisation.name,
			scope: areaBoard.scope,
			settingType: areaBoard.settingType,
			version: areaBoard.version
		})
		.from(areaBoard)
		.innerJoin(organisation, joinOrganisation)
		.where(eq(areaBoard.id, id));
	if (!board) return undefined;
	return { ...board, districts: (await districtsByBoard(tx, id)).get(id) ?? [] };
}
type BoardRecord = NonNullable<Awaited<ReturnType<typeof readBoard>>>;

/** A saved board as the form shows it. */
export const boardFormValues = (board: BoardRecord): BoardInput => ({
	name: board.name,
	scope: board.scope,
	districtIds: board.districts.map((d) => d.id),
	settingType: board.settingType ?? ''
});

/** What the audit log records of a board: district names rather than ids. */
const auditView = (input: BoardInput, districtNames: string[]) =>
	input.scope === 'districts'
		? { name: input.name, scope: input.scope, districts: districtNames }
		: { name: input.name, scope: input.scope, settingType: input.settingType };

/** One area board with its members, or null if the tenant has no such board. */
export async function getBoard(scope: Scope, id: string) {
	return inTenant(scope, async (tx) => {
		const board = await readBoard(tx, id);
		return board ? { ...board, people: await peopleIn(tx, board.id) } : null;
	});
}

/** What one board covers and how many settings that is, or null if the tenant has no such board. */
export async function boardCoverage(scope: Scope, id: string) {
	return inTenant(scope, async (tx) => {
		const board = await readBoard(tx, id);
		if (!board) return null;
		const [covered] = await tx
			.select({ n: countDistinct(setting.id) })
			.from(areaBoard)
			.innerJoin(setting, and(eq(setting.tenantId, areaBoard.tenantId), inBoardScope(tx)))
			.where(eq(areaBoard.id, id));
		return {
			scope: board.scope,
			settingType: board.settingType,
			districts: board.districts,
			settings: covered?.n ?? 0
		};
	});
}

type BoardInvalid = Invalid<keyof BoardInput>;
export type SaveBoardResult =
	| { ok: true; id: string }
	| BoardInvalid
	| { ok: false; reason: 'conflict'; current: BoardInput; version: number }
	| typeof NOT_FOUND;

const nameTaken = (input: BoardInput): BoardInvalid => ({
	ok: false,
	reason: 'invalid',
	field: 'name',
	message: `There is already an area board called ${input.name}`
});

/** The districts chosen (names, in order), after checking the name is free and they exist. */
async function checkBoard(
	tx: Tx,
	id: string | null,
	input: BoardInput
): Promise<BoardInvalid | string[]> {
	const [clash] = await tx
		.select({ id: organisation.id })
		.from(organisation)
		.where(
			and(
				eq(organisation.kind, 'area_board'),
				sql`lower(${organisation.name}) = lower(${input.name})`,
				id ? ne(organisation.id, id) : undefined
			)
		);
	if (clash) return nameTaken(input);
	if (input.scope !== 'districts') return [];
	const found = await tx
		.select({ name: district.name })
		.from(district)
		.where(inArray(district.id, input.districtIds))
		.orderBy(asc(district.name));
	if (found.length !== new Set(input.districtIds).size) {
		const message = 'Select districts from the list';
		return { ok: false, reason: 'invalid', field: 'districtIds', message };
	}
	return found.map((d) => d.name);
}

async function writeDistricts(tx: Tx, scope: Scope, boardId: string, input: BoardInput) {
	await tx.delete(areaBoardDistrict).where(eq(areaBoardDistrict.areaBoardId, boardId));
	if (input.scope !== 'districts') return;
	await tx.insert(areaBoardDistrict).values(
		[...new Set(input.districtIds)].map((districtId) => ({
			tenantId: scope.tenantId,
			areaBoardId: boardId,
			districtId
		}))
	);
}

const boardColumns = (input: BoardInput) => ({
	scope: input.scope,
	settingType: input.scope === 'setting_type' ? (input.settingType as SettingType) : null
});

async function saving(
	input: BoardInput,
	work: () => Promise<SaveBoardResult>
): Promise<SaveBoardResult> {
	try {
		return await work();
	} catch (e) {
		// Another board took the name between the check and the write.
		if (brokenConstraint(e, '23505') === 'organisation_board_name_key') return nameTaken(input);
		// A chosen district was deleted while the board was being saved.
		if (brokenConstraint(e, '23503') === null) throw e;
		const message = 'One of the districts you chose no longer exists. Check the list';
		return { ok: false, reason: 'invalid', field: 'districtIds', message };
	}
}

/** Adds an area board: its organisation, board and district rows in one transaction. */
export async function createBoard(scope: Scope, input: BoardInput): Promise<SaveBoardResult> {
	return saving(input, () =>
		inTenant(scope, async (tx) => {
			const districtNames = await checkBoard(tx, null, input);
			if (!Array.isArray(districtNames)) return districtNames;
			const [org] = await tx
				.insert(organisation)
				.values({ tenantId: scope.tenantId, kind: 'area_board', name: input.name })
				.returning({ id: organisation.id });
			const id = org!.id;
			await tx.insert(areaBoard).values({ tenantId: scope.tenantId, id, ...boardColumns(input) });
			await writeDistricts(tx, scope, id, input);
			await writeAudit(tx, scope, {
				action: 'board.created',
				subject: input.name,
				detail: { after: auditView(input, districtNames) }
			});
			return { ok: true, id };
		})
	);
}

/** Changes a board read at `version`; if someone saved it since, returns what they saved. */
export async function updateBoard(
	scope: Scope,
	id: string,
	version: number,
	input: BoardInput
): Promise<SaveBoardResult> {
	return saving(input, () =>
		inTenant(scope, async (tx): Promise<SaveBoardResult> => {
			const before = await readBoard(tx, id);
			if (!before) return NOT_FOUND;
			const conflict = (now: BoardRecord) =>
				({
					ok: false,
					reason: 'conflict',
					current: boardFormValues(now),
					version: now.version
				}) as const;
			if (before.version !== version) return conflict(before);
			const districtNames = await checkBoard(tx, id, input);
			if (!Array.isArray(districtNames)) return districtNames;
			const beforeView = auditView(
				boardFormValues(before),
				before.districts.map((d) => d.name)
			);
			const afterView = auditView(input, districtNames);
			if (JSON.stringify(beforeView) === JSON.stringify(afterView)) return { ok: true, id };
			const updated = await tx
				.update(areaBoard)
				.set({ ...boardColumns(input), version: sql`${areaBoard.version} + 1` })
				.where(and(eq(areaBoard.id, id), eq(areaBoard.version, version)))
				.returning({ id: areaBoard.id });
			if (!updated.length) {
				const now = await readBoard(tx, id);
				return now ? conflict(now) : NOT_FOUND;
			}
			await tx
				.update(organisation)
				.set({ name: input.name, updatedAt: new Date() })
				.where(eq(organisation.id, id));
			await writeDistricts(tx, scope, id, input);
			await writeAudit(tx, scope, {
				action: 'board.updated',
				subject: input.name,
				detail: { before: beforeView, after: afterView }
			});
			return { ok: true, id };
		})
	);
}

/** A board's name and who still holds roles there, for the delete confirmation page. */
export async function boardForDeletion(scope: Scope, id: string) {
	return inTenant(scope, async (tx) => {
		const board = await readBoard(tx, id);
		return board ? { id: board.id, name: board.name, ...(await holdersOf(tx, id)) } : null;
	});
}

/** Deletes an area board, unless people hold roles there. */
export async function deleteBoard(scope: Scope, id: string): Promise<DeleteOrganisationResult> {
	return inTenant(scope, async (tx) => {
		const board = await readBoard(tx, id);
		if (!board) return NOT_FOUND;
		return deleteOrganisation(
			tx,
			scope,
			{ id, kind: 'area_board', name: board.name },
			{
				action: 'board.deleted',
				before: auditView(
					boardFormValues(board),
					board.districts.map((d) => d.name)
				)
			}
		);
	});
}
