import { and, eq, sql } from 'drizzle-orm';
import { todayInEngland } from '../../domain/dates';
import { SETTING_TYPE_LABELS } from '../../domain/organisation';
import { academicYearOf, type AcademicYear } from '../../domain/provision';
import {
	needColumn,
	outcomeColumn,
	provisionAggregates,
	provisionColumn,
	registerColumn,
	type AggregateView,
	type AreaKey,
	type Grouping,
	type Population,
	type SettingFigures,
	type TierKey
} from '../../domain/provision-aggregates';
import type { Scope } from '../auth/guards';
import { rowsOf } from '../db/client';
import { area, areaBoard, areaBoardDistrict, community, district, setting } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';

/** Weeks of a provision record `r`, counted as weeksOf in domain/provision.ts counts them. */
const weeksOfRecord = (today: string) => {
	const days = sql`coalesce(r.end_date, ${today}::date) - r.start_date + 1`;
	return sql`coalesce(r.weeks, case when ${days} <= 0 then 0
		else least(52, greatest(1, round((${days}) / 7.0))) end)`;
};

/** Each setting's own figures, by column, for the register today and provision in the year. */
async function figuresBySetting(tx: Tx, today: string, year: AcademicYear) {
	const weeks = weeksOfRecord(today);
	const [register, provision, outcomes] = await Promise.all([
		tx.execute(sql`
			select setting_id, sen_status, primary_need, count(*)::int as n
			from sen_pupil
			where removed_on is null or removed_on > ${today}::date
			group by setting_id, sen_status, primary_need`),
		tx.execute(sql`
			with placed as (
				select r.setting_id, r.pupil_id, i.area_of_need, i.tier,
					i.sessions_per_week * i.minutes_per_session / 60.0 * ${weeks} as hours,
					round(i.sessions_per_week * i.minutes_per_session / 60.0 * ${weeks}
						* i.hourly_cost_pence / i.group_size) as cost
				from provision_record r
				join intervention i on i.tenant_id = r.tenant_id and i.id = r.intervention_id
				where r.start_date between ${year.start}::date and ${year.end}::date
			)
			select setting_id, area_of_need, tier, count(distinct pupil_id)::int as pupils,
				sum(hours)::float8 as hours, sum(cost)::float8 as cost
			from placed
			group by grouping sets ((setting_id, area_of_need, tier), (setting_id, area_of_need),
				(setting_id, tier), (setting_id))`),
		tx.execute(sql`
			select setting_id, outcome, count(*)::int as n
			from provision_record
			where start_date between ${year.start}::date and ${year.end}::date and outcome is not null
			group by setting_id, outcome`)
	]);
	const figures = new Map<string, Map<string, number>>();
	const add = (settingId: string, column: string, value: number) => {
		const own = figures.get(settingId) ?? new Map<string, number>();
		own.set(column, (own.get(column) ?? 0) + value);
		figures.set(settingId, own);
	};
	for (const r of rowsOf<{
		setting_id: string;
		sen_status: 'K' | 'E';
		primary_need: string;
		n: number;
	}>(register)) {
		add(r.setting_id, registerColumn(r.sen_status), r.n);
		add(r.setting_id, registerColumn('*'), r.n);
		add(r.setting_id, needColumn(r.primary_need), r.n);
	}
	for (const r of rowsOf<{
		setting_id: string;
		area_of_need: AreaKey | null;
		tier: TierKey | null;
		pupils: number;
		hours: number;
		cost: number;
	}>(provision)) {
		const a = r.area_of_need ?? '*';
		const t = r.tier ?? '*';
		add(r.setting_id, provisionColumn('pupils', a, t), r.pupils);
		add(r.setting_id, provisionColumn('hours', a, t), r.hours);
		add(r.setting_id, provisionColumn('cost', a, t), r.cost);
	}
	for (const r of rowsOf<{ setting_id: string; outcome: string; n: number }>(outcomes)) {
		add(r.setting_id, outcomeColumn(r.outcome), r.n);
		add(r.setting_id, outcomeColumn('all'), r.n);
		if (r.outcome !== 'too_early') add(r.setting_id, outcomeColumn('completed'), r.n);
	}
	return figures;
}

/** Who may see which population: the LA sees the tenant, each board its own scope. */
const TENANT = 'tenant';
const viewerPopulation = (scope: Scope) =>
	scope.membership.organisationKind === 'la'
		? TENANT
		: scope.membership.organisationKind === 'area_board'
			? `board:${scope.membership.organisationId}`
			: null;

/**
 * The provision figures the caller may see, grouped one way, for a school year: the LA's
 * staff see the whole tenant, a board member their board's scope; null for anyone else.
 * Every population is suppressed together (see domain/provision-aggregates.ts).
 */
export async function provisionAggregatesFor(
	scope: Scope,
	grouping: Grouping,
	year: AcademicYear = academicYearOf(todayInEngland())
): Promise<AggregateView | null> {
	const viewer = viewerPopulation(scope);
	if (!viewer) return null;
	const today = todayInEngland();
	return inTenant(scope, async (tx) => {
		const [settings, districts, areas, communities, boards, boardDistricts, figures] =
			await Promise.all([
				tx
					.select({
						id: setting.id,
						districtId: setting.districtId,
						areaId: district.areaId,
						communityId: setting.communityId,
						settingType: setting.settingType,
						roll: setting.numberOfPupils
					})
					.from(setting)
					.leftJoin(
						district,
						and(eq(district.tenantId, setting.tenantId), eq(district.id, setting.districtId))
					),
				tx.select({ id: district.id, name: district.name }).from(district),
				tx.select({ id: area.id, name: area.name }).from(area),
				tx.select({ id: community.id, name: community.name }).from(community),
				tx
					.select({ id: areaBoard.id, scope: areaBoard.scope, settingType: areaBoard.settingType })
					.from(areaBoard),
				tx
					.select({
						boardId: areaBoardDistrict.areaBoardId,
						districtId: areaBoardDistrict.districtId
					})
					.from(areaBoardDistrict),
				figuresBySetting(tx, today, year)
			]);
		const withFigures: SettingFigures[] = settings.map((s) => ({
			...s,
			figures: figures.get(s.id) ?? new Map()
		}));
		const populations: Population[] = [
			{ id: TENANT, settingIds: new Set(settings.map((s) => s.id)) },
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
		const view = provisionAggregates(withFigures, populations, {
			district: new Map(districts.map((d) => [d.id, d.name])),
			area: new Map(areas.map((a) => [a.id, a.name])),
			community: new Map(communities.map((c) => [c.id, c.name])),
			setting_type: new Map(Object.entries(SETTING_TYPE_LABELS))
		});
		return view(viewer, grouping);
	});
}
