/**
 * CPD demand across settings: what the LA and the area boards see of the gaps in settings'
 * signed-off self-evaluations and of the catalogue offers in their CPD plans, so the LA can
 * tell which offers are wanted and which common gaps no offer addresses. Pure: the service
 * supplies each setting's gaps (ranked by gaps.ts) and plan.
 *
 * ## What is counted
 * - A criterion (a framework's criterion code, whatever the version) counts the settings for
 *   which it is a gap, out of the settings that signed off against its framework.
 * - An area of need, or the whole setting, counts the settings with at least one gap in it,
 *   out of the settings that signed off.
 * - An offer counts the settings whose CPD plan for the cycle includes it, out of the settings
 *   with a plan, and the places planned on it in all (whatever stage each item is at).
 * - A common gap with no offer is a criterion that is a gap for at least COMMISSION_AT
 *   settings and that no active offer is mapped to, so the LA can commission one.
 * A setting's gaps are those of its gap report, except that peer-agreed ratings count only
 * from reviews it shared with the board: its peers' findings are the board's to see only
 * then, and the LA sees what the boards see, so that all the views are one system.
 *
 * ## Small numbers
 * As on the board views (board-picture.ts), every population someone can view (the LA's whole
 * tenant and each board's scope) is suppressed together, one measure at a time, so that no
 * view, and no difference between two views, gives away any of these when it is 1-4:
 * - the number counted (shown as `<5`; 0 shows as 0);
 * - the number not counted, since the reader knows how many there were to count (the
 *   settings that signed off against the framework, or that have a plan);
 * - either of them among the settings that keep their results private, since the settings
 *   that share theirs are named beside a gap's count and are known to the board anyway;
 *   a setting sharing only its summary is private here, as the board sees none of its
 *   criteria (board-shared.ts) and a gap is a criterion's;
 * - the places that 1-4 settings planned on an offer; places show only beside a count shown,
 *   as 0 places would say that no setting planned the offer.
 * The settings of the tenant fall into atoms, the sets that every population takes whole or
 * not at all; each atom's private figures are hidden cells, each population's count a shown
 * cell summing them with what its named settings are known to contribute (suppression.ts).
 *
 * Where fewer than MIN_PRIVATE_SETTINGS settings of a population keep their results private
 * (for offers: have a plan, as plans are never shared by name), its counts of that measure
 * are not shown at all, as a framework's ratings are not on the board views: with so few,
 * any count says too much about each of them.
 *
 * Which rows a table has, and their order, depend only on what it shows, the settings it
 * names and the catalogue, never on a hidden count nor on settings outside the view: the gaps
 * table leaves out only counts shown as 0 (where gaps are not counted, it lists the gaps of
 * the settings named); the table of gaps with no offer lists a gap only where what its row
 * shows says it is a gap for COMMISSION_AT settings or more (see `knownCommon`); the offers
 * table lists every active offer, and a withdrawn one only where what its row shows says a
 * plan here includes it (see `plannedHere`).
 */

import { MIN_PRIVATE_SETTINGS, type PicturePopulation } from './board-picture';
import { AREAS_OF_NEED } from './framework';
import { AREA_LABELS, type AreaKey } from './gaps';
import {
	isSmallCount,
	SMALL_COUNT_LIMIT,
	suppress,
	type Cell,
	type Disclosure,
	type Line
} from './suppression';

/** A gap of at least this many settings with no offer addressing it is worth commissioning. */
export const COMMISSION_AT = 5;

/** Areas of need, then the whole setting, as the areas table lists them. */
export const AREA_KEYS: readonly AreaKey[] = [...AREAS_OF_NEED, 'whole_setting'];

export interface DemandFramework {
	id: string;
	name: string;
}

export interface DemandCriterion {
	/** `criterionKey` (cpd.ts): one criterion across the versions of its framework. */
	key: string;
	framework: DemandFramework;
	code: string;
	title: string;
	/** Its areas of need, or the whole setting when it is tagged with none. */
	areas: readonly AreaKey[];
	/** The titles of the active catalogue offers mapped to it. */
	offers: readonly string[];
}

export interface DemandOffer {
	id: string;
	title: string;
	provider: string;
	active: boolean;
}

/** One setting of the tenant, as far as CPD demand goes. */
export interface DemandSetting {
	id: string;
	/**
	 * Its name when it shares its signed-off self-evaluation with the board in full, null
	 * otherwise: the board sees criteria only of those, so naming any other beside a
	 * criterion's gap would tell it more than the setting chose to share.
	 */
	sharedName: string | null;
	/** Its signed-off self-evaluation of the cycle: the criteria and areas it has gaps in. */
	evaluation: {
		frameworkId: string;
		gaps: ReadonlySet<string>;
		areas: ReadonlySet<AreaKey>;
	} | null;
	/** Its CPD plan for the cycle: the places planned on each catalogue offer in it. */
	plan: ReadonlyMap<string, number> | null;
}

export interface DemandInput {
	settings: readonly DemandSetting[];
	frameworks: readonly DemandFramework[];
	/** Every criterion of the framework versions the settings signed off against, each once. */
	criteria: readonly DemandCriterion[];
	/** The whole catalogue, withdrawn offers too. */
	offers: readonly DemandOffer[];
	populations: readonly PicturePopulation[];
}

export interface FrameworkDemand {
	framework: DemandFramework;
	/** The settings here that signed off against it. */
	settings: Disclosure;
	/** Whether its gaps are counted here (enough settings keep their results private). */
	counted: boolean;
}

export interface GapDemand {
	criterion: DemandCriterion;
	/** The settings here for which it is a gap. */
	settings: Disclosure;
	/** Out of: the settings here that signed off against its framework. */
	of: Disclosure;
	/** The settings here with the gap that share everything with the board, by name. */
	sharing: string[];
}

export interface AreaDemand {
	key: AreaKey;
	label: string;
	settings: Disclosure;
}

export interface OfferDemand {
	offer: DemandOffer;
	settings: Disclosure;
	places: Disclosure;
}

/** One population's view of CPD demand in a cycle. */
export interface DemandView {
	/** The settings here with a signed-off self-evaluation. */
	signedOff: Disclosure;
	/** The frameworks the settings here signed off against, by name. */
	frameworks: FrameworkDemand[];
	/** Most common first (see `byShown`). */
	gaps: GapDemand[];
	areasCounted: boolean;
	areas: AreaDemand[];
	/** The settings here with a CPD plan for the cycle. */
	plans: Disclosure;
	offersCounted: boolean;
	/** Active offers, and withdrawn ones whose count says a plan here includes them. */
	offers: OfferDemand[];
	/** Gaps known to be of COMMISSION_AT settings or more that no active offer addresses. */
	unmet: GapDemand[];
}

/** How a count with no other reason to hide it shows: `<5` for 1-4. */
const countShown = (n: number): Disclosure =>
	isSmallCount(n) ? { kind: 'suppressed', reason: 'small' } : { kind: 'value', value: n };

/** A count not shown because too few settings here keep their results private. */
const NOT_COUNTED: Disclosure = { kind: 'suppressed', reason: 'sensitive' };

/** An amount not shown because the count beside it is not. */
const BESIDE_HIDDEN: Disclosure = { kind: 'suppressed', reason: 'sensitive' };

/** One setting as one measure sees it: counted or not, known by name or not. */
interface Member {
	id: string;
	counted: boolean;
	known: boolean;
	/** Places, for offers; every member of a measure with amounts is private. */
	amount: number;
}

interface Tally {
	count: Disclosure;
	counted: boolean;
}

/**
 * Whether a population's counts of a measure show at all (see the module comment); with no
 * settings to count, every count is 0 and says nothing.
 */
const countable = (members: readonly Member[]) =>
	members.length === 0 || members.filter((m) => !m.known).length >= MIN_PRIVATE_SETTINGS;

/** The atoms: each setting's, named by the populations that hold it, and their populations. */
function atomsOf(settings: readonly DemandSetting[], populations: readonly PicturePopulation[]) {
	const atomOf = new Map<string, string>();
	const holders = new Map<string, ReadonlySet<string>>();
	for (const s of settings) {
		const held = populations.filter((p) => p.settingIds.has(s.id)).map((p) => p.id);
		const atom = JSON.stringify(held.sort());
		atomOf.set(s.id, atom);
		holders.set(atom, new Set(held));
	}
	return { atomOf, holders };
}

type Atoms = ReturnType<typeof atomsOf>;

/** Each atom's private members of a measure: how many are counted, how many not, their amount. */
function privateFigures(members: readonly Member[], { atomOf }: Atoms) {
	const atoms = new Map<string, { counted: number; not: number; amount: number }>();
	for (const m of members) {
		if (m.known) continue;
		const atom = atomOf.get(m.id)!;
		const figures = atoms.get(atom) ?? { counted: 0, not: 0, amount: 0 };
		if (m.counted) {
			figures.counted += 1;
			figures.amount += m.amount;
		} else figures.not += 1;
		atoms.set(atom, figures);
	}
	return atoms;
}

/** One measure's counts in every population, suppressed together (see the module comment). */
function tallies(
	members: readonly Member[],
	populations: readonly PicturePopulation[],
	atoms: Atoms
): Map<string, Tally> {
	const figures = privateFigures(members, atoms);
	const cells: Cell[] = [...figures].flatMap(([atom, f]) => [
		{ id: `${atom}|counted`, value: f.counted, shown: false },
		{ id: `${atom}|not`, value: f.not, shown: false }
	]);
	const lines: Line[] = [];
	const countedIn = new Map<string, boolean>();
	for (const population of populations) {
		const here = members.filter((m) => population.settingIds.has(m.id));
		const shown = countable(here);
		const count = here.filter((m) => m.counted).length;
		const parts = [...figures.keys()].filter((a) => atoms.holders.get(a)!.has(population.id));
		const id = (column: string) => `${population.id}|${column}`;
		const known = (counted: boolean) => here.filter((m) => m.known && m.counted === counted).length;
		countedIn.set(population.id, shown);
		cells.push(
			{ id: id('all'), value: here.length, shown: true, fixed: true },
			{ id: id('known counted'), value: known(true), shown: true, fixed: true },
			{ id: id('known not'), value: known(false), shown: true, fixed: true },
			{ id: id('counted'), value: count, shown },
			{ id: id('not'), value: here.length - count, shown: false }
		);
		lines.push(
			{ total: id('counted'), parts: [id('known counted'), ...parts.map((a) => `${a}|counted`)] },
			{ total: id('not'), parts: [id('known not'), ...parts.map((a) => `${a}|not`)] },
			{ total: id('all'), parts: [id('counted'), id('not')] }
		);
	}
	const shown = suppress(cells, lines);
	return new Map(
		[...countedIn].map(([population, counted]) => [
			population,
			{ count: counted ? shown.get(`${population}|counted`)! : NOT_COUNTED, counted }
		])
	);
}

/**
 * The amounts that go with a measure's counts (places on an offer), every member private:
 * shown only beside a count shown as a number, since an amount of 0 would say the count is 0,
 * and withheld wherever it would let the amount of 1-4 settings, or one beside a hidden
 * count, be worked out.
 */
function amounts(
	members: readonly Member[],
	populations: readonly PicturePopulation[],
	atoms: Atoms,
	counts: ReadonlyMap<string, Tally>
): Map<string, Disclosure> {
	const figures = privateFigures(members, atoms);
	const cells: Cell[] = [...figures].map(([atom, f]) => ({
		id: atom,
		value: f.amount,
		shown: false,
		sensitive: isSmallCount(f.counted) && f.amount > 0
	}));
	const lines: Line[] = [];
	for (const population of populations) {
		const shown = counts.get(population.id)!.count.kind === 'value';
		const parts = [...figures.keys()].filter((a) => atoms.holders.get(a)!.has(population.id));
		cells.push({
			id: population.id,
			value: members
				.filter((m) => m.counted && population.settingIds.has(m.id))
				.reduce((sum, m) => sum + m.amount, 0),
			shown,
			sensitive: !shown
		});
		if (parts.length > 0) lines.push({ total: population.id, parts });
	}
	const shown = suppress(cells, lines);
	return new Map(populations.map((p) => [p.id, shown.get(p.id) ?? BESIDE_HIDDEN]));
}

const isZero = (d: Disclosure) => d.kind === 'value' && d.value === 0;

/**
 * Whether an offer's count says that a plan here includes it: a number above 0, or `<5`. A `c`
 * may be 0, and a withdrawn offer listed with it could only have come from a plan elsewhere.
 */
const plannedHere = (d: Disclosure) => (d.kind === 'value' ? d.value > 0 : d.reason === 'small');

/**
 * Whether what a row shows says its criterion is a gap for COMMISSION_AT settings or more. A
 * count shown says so itself; `c` is never 1-4, so with a setting named it is 5 or more; and
 * the settings named are a gap's settings at least. A `c` with none named may be 0.
 */
function knownCommon({ settings, sharing }: GapDemand) {
	const atLeast =
		settings.kind === 'value'
			? settings.value
			: settings.reason === 'secondary' && sharing.length > 0
				? Math.max(SMALL_COUNT_LIMIT, sharing.length)
				: sharing.length;
	return atLeast >= COMMISSION_AT;
}

/** Shown numbers largest first, then `c` (0 or 5 and over), then `<5`. */
function shownRank(d: Disclosure): [number, number] {
	if (d.kind === 'value') return [0, -d.value];
	return d.reason === 'small' ? [2, 0] : [1, 0];
}

const byRank = (a: Disclosure, b: Disclosure) => {
	const [x, y] = [shownRank(a), shownRank(b)];
	return x[0] - y[0] || x[1] - y[1];
};

/** Most common first by what is shown, then more settings named, then framework and code. */
const byShown = (a: GapDemand, b: GapDemand) =>
	byRank(a.settings, b.settings) ||
	b.sharing.length - a.sharing.length ||
	a.criterion.framework.name.localeCompare(b.criterion.framework.name) ||
	a.criterion.code.localeCompare(b.criterion.code, 'en-GB', { numeric: true });

/**
 * Every population's view of CPD demand, suppressed together, and a reader of one view
 * (null for a population the input lacks).
 */
export function cpdDemandViews(input: DemandInput): (populationId: string) => DemandView | null {
	const { populations } = input;
	const atoms = atomsOf(input.settings, populations);
	const evaluated = input.settings.flatMap((s) =>
		s.evaluation ? [{ ...s, evaluation: s.evaluation }] : []
	);
	const planned = input.settings.flatMap((s) => (s.plan ? [{ ...s, plan: s.plan }] : []));
	// A self-evaluation shared in full is known by name; a plan never is.
	const member = (s: DemandSetting, counted: boolean): Member => ({
		id: s.id,
		counted,
		known: s.sharedName !== null,
		amount: 0
	});
	const planner = (s: DemandSetting, offerId: string | null): Member => ({
		id: s.id,
		counted: offerId !== null && s.plan!.has(offerId),
		known: false,
		amount: offerId === null ? 0 : (s.plan!.get(offerId) ?? 0)
	});
	const against = (frameworkId: string) =>
		evaluated.filter((s) => s.evaluation.frameworkId === frameworkId);

	const gapTallies = input.criteria.map((criterion) => ({
		criterion,
		tally: tallies(
			against(criterion.framework.id).map((s) => member(s, s.evaluation.gaps.has(criterion.key))),
			populations,
			atoms
		)
	}));
	const areaTallies = AREA_KEYS.map((key) => ({
		key,
		tally: tallies(
			evaluated.map((s) => member(s, s.evaluation.areas.has(key))),
			populations,
			atoms
		)
	}));
	// A withdrawn offer no plan includes counts 0 in every view, so is listed in none.
	const plannedAnywhere = new Set(planned.flatMap((s) => [...s.plan.keys()]));
	const offerTallies = input.offers
		.filter((o) => o.active || plannedAnywhere.has(o.id))
		.map((offer) => {
			const members = planned.map((s) => planner(s, offer.id));
			const tally = tallies(members, populations, atoms);
			return { offer, tally, places: amounts(members, populations, atoms, tally) };
		});

	return (populationId) => {
		const population = populations.find((p) => p.id === populationId);
		if (!population) return null;
		const here = <S extends { id: string }>(list: readonly S[]) =>
			list.filter((s) => population.settingIds.has(s.id));
		const frameworks = input.frameworks
			.map((framework) => {
				const members = here(against(framework.id)).map((s) => member(s, false));
				return {
					framework,
					settings: countShown(members.length),
					counted: countable(members),
					n: members.length
				};
			})
			.filter((f) => f.n > 0)
			.sort((a, b) => a.framework.name.localeCompare(b.framework.name));
		const ofFramework = new Map(frameworks.map((f) => [f.framework.id, f.settings]));

		const gaps = gapTallies
			.flatMap(({ criterion, tally }) => {
				const t = tally.get(populationId)!;
				const sharing = here(evaluated)
					.filter((s) => s.sharedName !== null && s.evaluation.gaps.has(criterion.key))
					.map((s) => s.sharedName!)
					.sort((a, b) => a.localeCompare(b));
				const row: GapDemand = {
					criterion,
					settings: t.count,
					of: ofFramework.get(criterion.framework.id)!,
					sharing
				};
				return (t.counted ? isZero(t.count) : sharing.length === 0) ? [] : [row];
			})
			.sort(byShown);
		const unmet = gaps.filter((g) => g.criterion.offers.length === 0 && knownCommon(g));

		const areas = areaTallies.map(({ key, tally }) => ({
			key,
			label: AREA_LABELS[key],
			settings: tally.get(populationId)!.count
		}));
		const offers = offerTallies
			.map(({ offer, tally, places }) => ({
				offer,
				settings: tally.get(populationId)!.count,
				places: places.get(populationId)!
			}))
			.filter((o) => o.offer.active || plannedHere(o.settings))
			.sort((a, b) => byRank(a.settings, b.settings) || a.offer.title.localeCompare(b.offer.title));
		const signedOff = here(evaluated).map((s) => member(s, false));
		const plans = here(planned).map((s) => planner(s, null));
		return {
			signedOff: countShown(signedOff.length),
			frameworks: frameworks.map(({ framework, settings, counted }) => ({
				framework,
				settings,
				counted
			})),
			gaps,
			areasCounted: countable(signedOff),
			areas,
			plans: countShown(plans.length),
			offersCounted: countable(plans),
			offers,
			unmet
		};
	};
}
