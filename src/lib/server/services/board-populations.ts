import { and, asc, eq } from 'drizzle-orm';
import type { FilterChoices } from '../../domain/board-filters';
import type { Scope } from '../auth/guards';
import {
	areaBoard,
	areaBoardDistrict,
	community,
	district,
	organisation,
	setting
} from '../db/schema';
import { rowOf } from '../db/joins';
import type { Tx } from '../db/tenant';
import { stampedCache } from '../stamped';

// Who may see which settings in the LA and board views: the LA the whole tenant, each board
// its own scope. Every view suppresses all of these together, so each is built for every call.

/** The population id of the whole tenant. */
export const TENANT_POPULATION = 'tenant';

/** The population the caller views: the tenant for LA staff, their board's scope for a member. */
export function viewerPopulation(scope: Scope): string | null {
	const { organisationKind, organisationId } = scope.membership;
	if (organisationKind === 'la') return TENANT_POPULATION;
	if (organisationKind === 'area_board') return `board:${organisationId}`;
	return null;
}

/** Every setting of the tenant, where it sits, and the names of its places. */
async function readTenantSettings(tx: Tx) {
	const [settings, districts, communities, boards, boardDistricts] = await Promise.all([
		tx
			.select({
				id: setting.id,
				districtId: setting.districtId,
				areaId: district.areaId,
				communityId: setting.communityId,
				settingType: setting.settingType,
				phase: setting.phase,
				roll: setting.numberOfPupils
			})
			.from(setting)
			.leftJoin(
				district,
				and(eq(district.tenantId, setting.tenantId), eq(district.id, setting.districtId))
			),
		tx.select({ id: district.id, name: district.name }).from(district),
		tx
			.select({ id: community.id, name: community.name, districtId: community.districtId })
			.from(community),
		tx
			.select({
				id: areaBoard.id,
				name: organisation.name,
				scope: areaBoard.scope,
				settingType: areaBoard.settingType
			})
			.from(areaBoard)
			.innerJoin(organisation, rowOf(organisation, areaBoard.tenantId, areaBoard.id))
			.orderBy(asc(organisation.name)),
		tx
			.select({ boardId: areaBoardDistrict.areaBoardId, districtId: areaBoardDistrict.districtId })
			.from(areaBoardDistrict)
	]);
	const populations = [
		{ id: TENANT_POPULATION, settingIds: new Set(settings.map((s) => s.id)) },
		...boards.map((b) => {
			const covered = new Set(
				boardDistricts.filter((d) => d.boardId === b.id).map((d) => d.districtId)
			);
			const inScope = (s: (typeof settings)[number]) =>
				b.scope === 'districts'
					? s.districtId !== null && covered.has(s.districtId)
					: s.settingType === b.settingType;
			return {
				id: `board:${b.id}`,
				settingIds: new Set(settings.filter(inScope).map((s) => s.id))
			};
		})
	];
	return {
		settings,
		districts,
		communities,
		populations,
		boards: boards.map((b) => ({ id: b.id, name: b.name }))
	};
}

/** Every setting of the tenant with its places and populations, as `tenantSettings` reads them. */
export type TenantSettings = Awaited<ReturnType<typeof readTenantSettings>>;

const tenantSettingsCache = stampedCache<TenantSettings>(64);

/** Every setting of the tenant, where it sits, and the names of its places; kept while the view stamp holds. */
export const tenantSettings = (tx: Tx) =>
	tenantSettingsCache(tx, 'settings', () => readTenantSettings(tx));

/** The places a viewer may filter by: the districts and communities its settings sit in. */
export function filterChoices(memberIds: ReadonlySet<string>, data: TenantSettings): FilterChoices {
	const members = data.settings.filter((s) => memberIds.has(s.id));
	const districts = new Set(members.map((s) => s.districtId));
	const communities = new Set(members.map((s) => s.communityId));
	const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
	return {
		districts: data.districts
			.filter((d) => districts.has(d.id))
			.map((d) => ({ value: d.id, label: d.name }))
			.sort(byName),
		communities: data.communities
			.filter((c) => communities.has(c.id))
			.map((c) => ({ value: c.id, label: c.name, districtId: c.districtId }))
			.sort(byName)
	};
}

/**
 * Whose view the caller sees: their own population, or for LA staff the board a query
 * string's `board` names, as that board sees it; with a problem to show when it names a board
 * they cannot see.
 */
export function chosenViewer(own: string, data: TenantSettings, params: URLSearchParams) {
	const boards = own === TENANT_POPULATION ? data.boards : [];
	const asked = params.get('board') || null;
	const board = boards.find((b) => b.id === asked) ?? null;
	const viewer = board ? `board:${board.id}` : own;
	return {
		boards,
		board,
		viewer,
		population: data.populations.find((p) => p.id === viewer),
		problem:
			asked && boards.length > 0 && !board
				? 'The area board asked for is not one you can see, so the whole county is shown.'
				: null
	};
}
