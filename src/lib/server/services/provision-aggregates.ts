import { sql } from 'drizzle-orm';
import {
	filteredPopulationId,
	filteredPopulations,
	NO_FILTER,
	parseBoardFilter,
	type BoardFilter
} from '../../domain/board-filters';
import { todayInEngland } from '../../domain/dates';
import { SETTING_TYPE_LABELS } from '../../domain/organisation';
import { academicYearOf, type AcademicYear } from '../../domain/provision';
import {
	needColumn,
	outcomeColumn,
	provisionAggregates,
	provisionColumn,
	registerColumn,
	viewChoices,
	type AggregateView,
	type AreaKey,
	type GroupNames,
	type Grouping,
	type Population,
	type SettingFigures,
	type TierKey
} from '../../domain/provision-aggregates';
import type { ProvisionReport } from '../../domain/provision-tables';
import type { Scope } from '../auth/guards';
import { rowsOf } from '../db/client';
import { area } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { memoiseByInput } from '../memo';
import {
	filterChoices,
	tenantSettings,
	viewerPopulation,
	type TenantSettings
} from './board-populations';

/** Weeks of a provision record `r`, counted as weeksOf in domain/provision.ts counts them. */
const weeksOfRecord = (today: string) => {
	const days = sql`coalesce(r.end_date, ${today}::date) - r.start_date + 1`;
	return sql`coalesce(r.weeks, case when ${days} <= 0 then 0
		else least(52, greatest(1, round((${days}) / 7.0))) end)`;
};

/** Each setting's own figures, by column, for the register today and provision in the year. */
export async function figuresBySetting(tx: Tx, today: string, year: AcademicYear) {
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

/** Every view of every population's figures for a year, and the reader of one of them. */
async function viewsOf(tx: Tx, data: TenantSettings, today: string, year: AcademicYear) {
	const [areas, figures] = await Promise.all([
		tx.select({ id: area.id, name: area.name }).from(area),
		figuresBySetting(tx, today, year)
	]);
	const withFigures: SettingFigures[] = data.settings.map((s) => ({
		...s,
		figures: figures.get(s.id) ?? new Map()
	}));
	// Each viewer's population under every filter the board views offer.
	const filtered = filteredPopulations(data.populations, data.settings).map((p) => ({
		id: p.id,
		settingIds: new Set(p.members.map((s) => s.id))
	}));
	const view = everyView({
		settings: withFigures,
		populations: filtered,
		names: {
			district: new Map(data.districts.map((d) => [d.id, d.name])),
			area: new Map(areas.map((a) => [a.id, a.name])),
			community: new Map(data.communities.map((c) => [c.id, c.name])),
			setting_type: new Map(Object.entries(SETTING_TYPE_LABELS))
		}
	});
	return (viewer: string, filter: BoardFilter, grouping: Grouping) =>
		view(filteredPopulationId(viewer, filter), grouping);
}

/**
 * The provision figures the caller may see, grouped one way, for a school year, narrowed by
 * a filter: the LA's staff see the whole tenant, a board member their board's scope; null
 * for anyone else, or for a filter that leaves no setting.
 * Every population is suppressed together (see domain/provision-aggregates.ts).
 */
export async function provisionAggregatesFor(
	scope: Scope,
	grouping: Grouping,
	year: AcademicYear = academicYearOf(todayInEngland()),
	filter: BoardFilter = NO_FILTER
): Promise<AggregateView | null> {
	const viewer = viewerPopulation(scope);
	if (!viewer) return null;
	const today = todayInEngland();
	return inTenant(scope, async (tx) => {
		const view = await viewsOf(tx, await tenantSettings(tx), today, year);
		return view(viewer, filter, grouping);
	});
}

/**
 * The provision view a query string asks for (`by`, `year` and the board filters): the
 * choices to offer, the filter with what of it could not be applied, and the figures, null
 * when the filter leaves no setting. Null for a caller who has no provision view.
 */
export async function provisionReport(
	scope: Scope,
	params: URLSearchParams
): Promise<ProvisionReport | null> {
	const viewer = viewerPopulation(scope);
	if (!viewer) return null;
	const today = todayInEngland();
	const { grouping, year, years } = viewChoices(params, today);
	return inTenant(scope, async (tx) => {
		const data = await tenantSettings(tx);
		const population = data.populations.find((p) => p.id === viewer);
		if (!population) return null;
		const choices = filterChoices(population.settingIds, data);
		const { filter, problems } = parseBoardFilter(params, choices);
		const view = await viewsOf(tx, data, today, year);
		return {
			grouping,
			year: year.label,
			years,
			choices,
			filter,
			problems,
			view: view(viewer, filter, grouping)
		};
	});
}

/** Every view, suppressed together; the same figures again reuse the last answer. */
const everyView = memoiseByInput(
	(input: { settings: SettingFigures[]; populations: Population[]; names: GroupNames }) =>
		provisionAggregates(input.settings, input.populations, input.names)
);
