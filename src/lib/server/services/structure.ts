import { and, asc, count, eq, sql } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import { STRUCTURE_LEVELS, type StructureKind, type UnitInput } from '../../schemas/structure';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { area, areaBoardDistrict, community, district, setting } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';

/** What the caller must fix before a record can be saved: one field and what to say. */
export type Invalid<F extends string> = { ok: false; reason: 'invalid'; field: F; message: string };
export const NOT_FOUND = { ok: false, reason: 'not-found' } as const;

/** Something that still depends on a record, stopping its deletion. */
export interface Dependent {
	count: number;
	/** Plural-aware noun: "settings", "area board". */
	noun: string;
	/** Where the user can deal with them, if there is a page for it. */
	href?: string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

interface Unit {
	id: string;
	name: string;
	parentId: string | null;
	parentName: string | null;
}

/** The per-level queries; everything else about saving and deleting is shared. */
interface Level {
	table: typeof area | typeof district | typeof community;
	uniqueIndex: string;
	find(tx: Tx, id: string): Promise<Unit | undefined>;
	insert(tx: Tx, tenantId: string, name: string, parentId: string | null): Promise<string>;
	update(tx: Tx, id: string, name: string, parentId: string | null): Promise<unknown>;
	remove(tx: Tx, id: string): Promise<unknown>;
	dependents(tx: Tx, id: string): Promise<Dependent[]>;
}

const countWhere = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;

const LEVELS: Record<StructureKind, Level> = {
	area: {
		table: area,
		uniqueIndex: 'area_name_key',
		find: async (tx, id) =>
			(
				await tx
					.select({
						id: area.id,
						name: area.name,
						parentId: sql<string | null>`null`,
						parentName: sql<string | null>`null`
					})
					.from(area)
					.where(eq(area.id, id))
			)[0],
		insert: async (tx, tenantId, name) =>
			(await tx.insert(area).values({ tenantId, name }).returning({ id: area.id }))[0]!.id,
		update: (tx, id, name) => tx.update(area).set({ name }).where(eq(area.id, id)),
		remove: (tx, id) => tx.delete(area).where(eq(area.id, id)),
		dependents: async (tx, id) => {
			const n = await countWhere(
				tx.select({ n: count() }).from(district).where(eq(district.areaId, id))
			);
			return [{ count: n, noun: plural(n, 'district', 'districts'), href: '/la/structure' }];
		}
	},
	district: {
		table: district,
		uniqueIndex: 'district_name_key',
		find: async (tx, id) =>
			(
				await tx
					.select({
						id: district.id,
						name: district.name,
						parentId: district.areaId,
						parentName: area.name
					})
					.from(district)
					.leftJoin(area, and(eq(area.tenantId, district.tenantId), eq(area.id, district.areaId)))
					.where(eq(district.id, id))
			)[0],
		insert: async (tx, tenantId, name, areaId) =>
			(
				await tx.insert(district).values({ tenantId, name, areaId }).returning({ id: district.id })
			)[0]!.id,
		update: (tx, id, name, areaId) =>
			tx.update(district).set({ name, areaId }).where(eq(district.id, id)),
		remove: (tx, id) => tx.delete(district).where(eq(district.id, id)),
		dependents: async (tx, id) => {
			const [settings, communities, boards] = await Promise.all([
				countWhere(tx.select({ n: count() }).from(setting).where(eq(setting.districtId, id))),
				countWhere(tx.select({ n: count() }).from(community).where(eq(community.districtId, id))),
				countWhere(
					tx
						.select({ n: count() })
						.from(areaBoardDistrict)
						.where(eq(areaBoardDistrict.districtId, id))
				)
			]);
			return [
				{
					count: settings,
					noun: plural(settings, 'setting', 'settings'),
					href: `/la/settings?district=${id}`
				},
				{
					count: communities,
					noun: plural(communities, 'community of schools', 'communities of schools'),
					href: '/la/structure/communities'
				},
				{
					count: boards,
					noun: plural(boards, 'area board covering it', 'area boards covering it'),
					href: '/la/boards'
				}
			];
		}
	},
	community: {
		table: community,
		uniqueIndex: 'community_name_key',
		find: async (tx, id) =>
			(
				await tx
					.select({
						id: community.id,
						name: community.name,
						parentId: community.districtId,
						parentName: district.name
					})
					.from(community)
					.leftJoin(
						district,
						and(eq(district.tenantId, community.tenantId), eq(district.id, community.districtId))
					)
					.where(eq(community.id, id))
			)[0],
		insert: async (tx, tenantId, name, districtId) =>
			(
				await tx
					.insert(community)
					.values({ tenantId, name, districtId })
					.returning({ id: community.id })
			)[0]!.id,
		update: (tx, id, name, districtId) =>
			tx.update(community).set({ name, districtId }).where(eq(community.id, id)),
		remove: (tx, id) => tx.delete(community).where(eq(community.id, id)),
		dependents: async (tx, id) => {
			const n = await countWhere(
				tx.select({ n: count() }).from(setting).where(eq(setting.communityId, id))
			);
			return [{ count: n, noun: plural(n, 'setting', 'settings') }];
		}
	}
};

const findUnit = (tx: Tx, kind: StructureKind, id: string) =>
	isRecordId(id) ? LEVELS[kind].find(tx, id) : Promise.resolve(undefined);

const auditView = (unit: Pick<Unit, 'name' | 'parentName'>, kind: StructureKind) => {
	const parent = STRUCTURE_LEVELS[kind].parent;
	return parent ? { name: unit.name, [parent]: unit.parentName } : { name: unit.name };
};

/** The tenant's areas, districts and communities with what each holds, for the overview. */
export async function listStructure(scope: Scope) {
	return inTenant(scope, async (tx) => {
		// How many rows of a table point at each district, to join onto the districts below.
		const perDistrict = (
			table: typeof setting | typeof community | typeof areaBoardDistrict,
			name: string
		) =>
			tx
				.select({
					tenantId: table.tenantId,
					districtId: table.districtId,
					n: count().as(`${name}_count`)
				})
				.from(table)
				.groupBy(table.tenantId, table.districtId)
				.as(`${name}_per_district`);
		const settings = perDistrict(setting, 'settings');
		const communitiesPerDistrict = perDistrict(community, 'communities');
		const boards = perDistrict(areaBoardDistrict, 'boards');
		const counted = (sub: ReturnType<typeof perDistrict>) =>
			and(eq(sub.tenantId, district.tenantId), eq(sub.districtId, district.id));
		const [areas, districts, [communities]] = await Promise.all([
			tx
				.select({ id: area.id, name: area.name, districts: count(district.id) })
				.from(area)
				.leftJoin(district, and(eq(district.tenantId, area.tenantId), eq(district.areaId, area.id)))
				.groupBy(area.tenantId, area.id)
				.orderBy(asc(area.name)),
			tx
				.select({
					id: district.id,
					name: district.name,
					areaId: district.areaId,
					areaName: area.name,
					settings: sql<number>`coalesce(${settings.n}, 0)::int`,
					communities: sql<number>`coalesce(${communitiesPerDistrict.n}, 0)::int`,
					boards: sql<number>`coalesce(${boards.n}, 0)::int`
				})
				.from(district)
				.leftJoin(area, and(eq(area.tenantId, district.tenantId), eq(area.id, district.areaId)))
				.leftJoin(settings, counted(settings))
				.leftJoin(communitiesPerDistrict, counted(communitiesPerDistrict))
				.leftJoin(boards, counted(boards))
				.orderBy(asc(district.name)),
			tx.select({ n: count() }).from(community)
		]);
		return { areas, districts, communities: communities?.n ?? 0 };
	});
}

export const COMMUNITIES_PAGE_SIZE = 50;

/** A page of the tenant's communities of schools with their district and number of settings. */
export async function listCommunities(scope: Scope, page: number) {
	return inTenant(scope, async (tx) => {
		const [rows, [total]] = await Promise.all([
			tx
				.select({
					id: community.id,
					name: community.name,
					districtName: district.name,
					settings: count(setting.id)
				})
				.from(community)
				.leftJoin(
					district,
					and(eq(district.tenantId, community.tenantId), eq(district.id, community.districtId))
				)
				.leftJoin(
					setting,
					and(eq(setting.tenantId, community.tenantId), eq(setting.communityId, community.id))
				)
				.groupBy(community.tenantId, community.id, district.name)
				.orderBy(asc(community.name))
				.limit(COMMUNITIES_PAGE_SIZE)
				.offset((page - 1) * COMMUNITIES_PAGE_SIZE),
			tx.select({ n: count() }).from(community)
		]);
		return { rows, total: total?.n ?? 0 };
	});
}

/** Areas, districts and communities as choices for the tenant's forms. */
export async function structureOptions(scope: Scope) {
	return inTenant(scope, async (tx) => {
		const [areas, districts, communities] = await Promise.all([
			tx.select({ value: area.id, label: area.name }).from(area).orderBy(asc(area.name)),
			tx
				.select({ value: district.id, label: district.name })
				.from(district)
				.orderBy(asc(district.name)),
			tx
				.select({
					value: community.id,
					label: sql<string>`${community.name} || coalesce(' (' || ${district.name} || ')', '')`
				})
				.from(community)
				.leftJoin(
					district,
					and(eq(district.tenantId, community.tenantId), eq(district.id, community.districtId))
				)
				.orderBy(asc(community.name))
		]);
		return { area: areas, district: districts, community: communities };
	});
}

/** Choices for what a record of this kind sits in (areas for a district); none for an area. */
export async function parentOptions(scope: Scope, kind: StructureKind) {
	const parent = STRUCTURE_LEVELS[kind].parent;
	return parent ? (await structureOptions(scope))[parent] : [];
}

/** One area, district or community with what it sits in, or null if the tenant has none such. */
export async function getUnit(scope: Scope, kind: StructureKind, id: string) {
	return inTenant(scope, async (tx) => (await findUnit(tx, kind, id)) ?? null);
}

/** A record, and whatever still depends on it, for the delete confirmation page. */
export async function unitForDeletion(scope: Scope, kind: StructureKind, id: string) {
	return inTenant(scope, async (tx) => {
		const unit = await findUnit(tx, kind, id);
		if (!unit) return null;
		const dependents = (await LEVELS[kind].dependents(tx, id)).filter((d) => d.count > 0);
		return { ...unit, dependents };
	});
}

export type SaveUnitResult = { ok: true; id: string } | Invalid<keyof UnitInput> | typeof NOT_FOUND;

/** Adds (id null) or changes an area, district or community; names are unique per tenant. */
export async function saveUnit(
	scope: Scope,
	kind: StructureKind,
	id: string | null,
	input: UnitInput
): Promise<SaveUnitResult> {
	const level = LEVELS[kind];
	const parentKind = STRUCTURE_LEVELS[kind].parent;
	try {
		return await inTenant(scope, async (tx): Promise<SaveUnitResult> => {
			const parent =
				parentKind && input.parentId ? await findUnit(tx, parentKind, input.parentId) : null;
			if (parentKind && input.parentId && !parent) {
				return {
					ok: false,
					reason: 'invalid',
					field: 'parentId',
					message: `Select ${STRUCTURE_LEVELS[parentKind].aOne} from the list`
				};
			}
			const after = { name: input.name, parentName: parent?.name ?? null };
			if (id === null) {
				const created = await level.insert(tx, scope.tenantId, input.name, parent?.id ?? null);
				await writeAudit(tx, scope, {
					action: `${kind}.created`,
					subject: input.name,
					detail: { after: auditView(after, kind) }
				});
				return { ok: true, id: created };
			}
			const before = await findUnit(tx, kind, id);
			if (!before) return NOT_FOUND;
			if (before.name === input.name && before.parentId === (parent?.id ?? null)) {
				return { ok: true, id };
			}
			await level.update(tx, id, input.name, parent?.id ?? null);
			await writeAudit(tx, scope, {
				action: `${kind}.updated`,
				subject: input.name,
				detail: { before: auditView(before, kind), after: auditView(after, kind) }
			});
			return { ok: true, id };
		});
	} catch (e) {
		if (brokenConstraint(e, '23505') !== level.uniqueIndex) throw e;
		return {
			ok: false,
			reason: 'invalid',
			field: 'name',
			message: `There is already ${STRUCTURE_LEVELS[kind].aOne} called ${input.name}`
		};
	}
}

export type DeleteUnitResult =
	| { ok: true; name: string }
	| { ok: false; reason: 'in-use'; dependents: Dependent[] }
	| typeof NOT_FOUND;

/** Deletes an area, district or community, refusing while anything still depends on it. */
export async function deleteUnit(
	scope: Scope,
	kind: StructureKind,
	id: string
): Promise<DeleteUnitResult> {
	const level = LEVELS[kind];
	try {
		return await inTenant(scope, async (tx): Promise<DeleteUnitResult> => {
			const unit = await findUnit(tx, kind, id);
			if (!unit) return NOT_FOUND;
			// Anything attached from now on waits for this transaction (its foreign key check
			// needs the row), so the dependents counted next are all there will be.
			await tx.execute(
				sql`select 1 from ${level.table} where ${level.table.id} = ${id} for update`
			);
			const dependents = (await level.dependents(tx, id)).filter((d) => d.count > 0);
			if (dependents.length) return { ok: false, reason: 'in-use', dependents };
			await level.remove(tx, id);
			await writeAudit(tx, scope, {
				action: `${kind}.deleted`,
				subject: unit.name,
				detail: { before: auditView(unit, kind) }
			});
			return { ok: true, name: unit.name };
		});
	} catch (e) {
		// Attached between the check and the delete after all: say what, afresh.
		if (brokenConstraint(e, '23503') === null) throw e;
		const now = await unitForDeletion(scope, kind, id);
		return now ? { ok: false, reason: 'in-use', dependents: now.dependents } : NOT_FOUND;
	}
}
