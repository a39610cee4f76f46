import { PHASE_GROUPS, phaseGroup, type PhaseGroup } from './allocation';
import { isRecordId } from './ids';
import { SETTING_TYPES, type SettingType } from './organisation';

/**
 * The filters of the area board and LA views: a district or a community of schools, a phase
 * group and a setting type. Pure.
 *
 * The filtered populations are part of the suppression system (see board-picture.ts), so
 * the places a filter can narrow to are a fixed list: one place (a district, or a community,
 * which lies in one) and one kind of setting (a phase group or a setting type). Every phase
 * group and setting type pair names either one of them alone or nothing, so asking for both
 * adds no population the system lacks.
 */

export interface BoardFilter {
	districtId: string | null;
	communityId: string | null;
	phase: PhaseGroup | null;
	settingType: SettingType | null;
}

export const NO_FILTER: BoardFilter = {
	districtId: null,
	communityId: null,
	phase: null,
	settingType: null
};

/** Where a setting sits, as far as the filters are concerned. */
export interface FilterableSetting {
	districtId: string | null;
	communityId: string | null;
	settingType: SettingType;
	phase: string;
}

/** A place or kind the viewer may filter by, as a choice in a list. */
export interface FilterOption {
	value: string;
	label: string;
}

/** The communities, each with its district: a community lies in one district. */
export interface FilterChoices {
	districts: readonly FilterOption[];
	communities: readonly (FilterOption & { districtId: string | null })[];
}

const pick = <T extends string>(values: readonly T[], value: string | null): T | null =>
	value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;

/**
 * The filter asked for in a query string, keeping only districts and communities the viewer
 * may see. A community outside the district chosen is dropped with a message, as is any
 * place the viewer cannot filter by.
 */
export function parseBoardFilter(
	params: URLSearchParams,
	choices: FilterChoices
): { filter: BoardFilter; problems: string[] } {
	const problems: string[] = [];
	const place = (name: string, options: readonly FilterOption[], what: string) => {
		const value = params.get(name);
		if (!value) return null;
		if (isRecordId(value) && options.some((o) => o.value === value)) return value;
		problems.push(`The ${what} asked for is not one you can see, so all are shown.`);
		return null;
	};
	const districtId = place('district', choices.districts, 'district');
	let communityId = place('community', choices.communities, 'community of schools');
	const community = choices.communities.find((c) => c.value === communityId);
	if (community && districtId && community.districtId !== districtId) {
		problems.push(`${community.label} is not in the district chosen, so it is not applied.`);
		communityId = null;
	}
	const phaseParam = params.get('phase');
	const typeParam = params.get('type');
	const phase = pick(PHASE_GROUPS, phaseParam);
	const settingType = pick(SETTING_TYPES, typeParam);
	if (phaseParam && !phase) problems.push('That phase is not one we know, so all are shown.');
	if (typeParam && !settingType)
		problems.push('That setting type is not one we know, so all are shown.');
	return { filter: { districtId, communityId, phase, settingType }, problems };
}

/** The filter as a query string, without what filters nothing. */
export function boardFilterQuery(filter: BoardFilter): URLSearchParams {
	const query = new URLSearchParams();
	if (filter.districtId) query.set('district', filter.districtId);
	if (filter.communityId) query.set('community', filter.communityId);
	if (filter.phase) query.set('phase', filter.phase);
	if (filter.settingType) query.set('type', filter.settingType);
	return query;
}

export const isBoardFiltered = (filter: BoardFilter) =>
	!!(filter.districtId || filter.communityId || filter.phase || filter.settingType);

/** Whether a setting is inside the filter. */
export function matchesBoardFilter(filter: BoardFilter, s: FilterableSetting): boolean {
	return (
		(!filter.districtId || s.districtId === filter.districtId) &&
		(!filter.communityId || s.communityId === filter.communityId) &&
		(!filter.phase || phaseGroup(s) === filter.phase) &&
		(!filter.settingType || s.settingType === filter.settingType)
	);
}

/**
 * Every filter a viewer can ask for, each once: no place, each district and each community
 * the settings sit in, crossed with no kind, each phase group and each setting type. The
 * suppression system holds the population of each of these.
 */
export function everyBoardFilter(settings: readonly FilterableSetting[]): BoardFilter[] {
	const districts = new Set(settings.flatMap((s) => (s.districtId ? [s.districtId] : [])));
	const communities = new Set(settings.flatMap((s) => (s.communityId ? [s.communityId] : [])));
	const places: Pick<BoardFilter, 'districtId' | 'communityId'>[] = [
		{ districtId: null, communityId: null },
		...[...districts].sort().map((districtId) => ({ districtId, communityId: null })),
		...[...communities].sort().map((communityId) => ({ districtId: null, communityId }))
	];
	const kinds: Pick<BoardFilter, 'phase' | 'settingType'>[] = [
		{ phase: null, settingType: null },
		...PHASE_GROUPS.map((phase) => ({ phase, settingType: null })),
		...SETTING_TYPES.map((settingType) => ({ phase: null, settingType }))
	];
	return places.flatMap((place) => kinds.map((kind) => ({ ...place, ...kind })));
}

/**
 * A key for a filter, the same whichever way it was reached: a community stands for its
 * district too, and a phase group and a setting type that agree for the narrower of the two
 * (see everyBoardFilter). A pair that disagrees keeps both, and so names no population.
 */
export function boardFilterKey(f: BoardFilter): string {
	let { districtId, phase, settingType } = f;
	if (f.communityId) districtId = null;
	if (phase && settingType) {
		if (settingType === 'mainstream' && (phase === 'primary' || phase === 'secondary'))
			settingType = null;
		// Other types lie wholly in one phase group, whatever the GIAS phase says.
		else if (phaseGroup({ settingType, phase: '' }) === phase) phase = null;
	}
	return [districtId, f.communityId, phase, settingType].map((v) => v ?? '').join('/');
}

/** The id of a population narrowed by a filter. */
export const filteredPopulationId = (populationId: string, filter: BoardFilter) =>
	`${populationId}|${boardFilterKey(filter)}`;

/**
 * Each population under every filter its settings allow, as a population of its own, with
 * the filter that made it. Empty ones are left out.
 */
export function filteredPopulations<S extends FilterableSetting & { id: string }>(
	populations: readonly { id: string; settingIds: ReadonlySet<string> }[],
	settings: readonly S[]
): { id: string; filter: BoardFilter; members: S[] }[] {
	const byId = new Map(settings.map((s) => [s.id, s]));
	return populations.flatMap((population) => {
		const members = [...population.settingIds].flatMap((id) => byId.get(id) ?? []);
		return everyBoardFilter(members).flatMap((filter) => {
			const inView = members.filter((s) => matchesBoardFilter(filter, s));
			return inView.length === 0
				? []
				: [{ id: filteredPopulationId(population.id, filter), filter, members: inView }];
		});
	});
}
