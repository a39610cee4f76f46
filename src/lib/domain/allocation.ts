import type { SettingType } from './organisation';
import type { GroupShape } from './peer-review';

/**
 * Peer-review allocation: which settings review which in a round, and who goes.
 *
 * Pure and deterministic: the same settings, reviewers and conflicts give the same proposal
 * whatever order they arrive in, so the LA sees a stable starting point to edit.
 */

export type PhaseGroup = 'early_years' | 'primary' | 'secondary' | 'specialist';

/** Phase groups in the order their groups are numbered. */
export const PHASE_GROUPS = ['early_years', 'primary', 'secondary', 'specialist'] as const;

/** Phase groups as a heading or filter choice reads them: "Early years". */
export const PHASE_GROUP_LABELS: Record<PhaseGroup, string> = {
	early_years: 'Early years',
	primary: 'Primary',
	secondary: 'Secondary',
	specialist: 'Special schools and PRUs'
};

/** Phase groups as they read inside a sentence ("No other primary setting…"). */
export const PHASE_GROUP_WORDS: Record<PhaseGroup, string> = {
	early_years: 'early years',
	primary: 'primary',
	secondary: 'secondary',
	specialist: 'specialist'
};

/**
 * Which settings can review each other. Early years settings form their own group, special
 * schools and PRUs another (their practice is closer to each other's than to any mainstream
 * phase). A mainstream school is primary when its GIAS phase mentions primary, infant or junior
 * (so 'Middle deemed primary' is primary); every other phase counts as secondary: secondary,
 * all-through, middle deemed secondary, 16 plus and phases we don't know.
 */
export function phaseGroup(s: { settingType: SettingType; phase: string }): PhaseGroup {
	if (s.settingType === 'early_years') return 'early_years';
	if (s.settingType === 'special' || s.settingType === 'pru') return 'specialist';
	return /primary|infant|junior/i.test(s.phase) ? 'primary' : 'secondary';
}

/** Groups never grow beyond this, which keeps the exhaustive search within a group small. */
export const MAX_GROUP_SIZE = 7;

export interface AllocationRules {
	groupShape: GroupShape;
	/** Used when groupShape is 'clusters': 3..7. */
	clusterSize: number;
	/** 1..3: people reviewing each host. */
	reviewersPerReview: number;
	/** No two settings review each other. */
	noReciprocal: boolean;
}

export interface AllocationSetting {
	id: string;
	name: string;
	settingType: SettingType;
	phase: string;
	districtId: string | null;
	communityId: string | null;
}

/** A person and their home setting. */
export interface AllocationReviewer {
	userId: string;
	settingId: string;
}

/** The person may not review that setting. */
export interface ConflictOfInterest {
	userId: string;
	settingId: string;
}

export interface ProposedReview {
	hostId: string;
	reviewers: { userId: string; settingId: string; lead: boolean }[];
}

export interface ProposedAllocation {
	/** Numbered from 1. */
	groups: { number: number; settingIds: string[] }[];
	/** One per host that could be given reviewers. */
	reviews: ProposedReview[];
	/** Hosts left without any reviewer, with a plain-English reason. */
	unallocated: { settingId: string; reason: string }[];
}

const withArticle = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/**
 * Why this person may not review this host in this allocation, or null when they may. Used both
 * by proposeAllocation and by the LA's manual edits. `reviewsSoFar` lists (reviewer setting ->
 * host setting) pairs already in the allocation, for the reciprocity rule.
 */
export function reviewerRefusal(input: {
	host: { id: string; settingType: SettingType; phase: string };
	reviewer: AllocationReviewer;
	/** undefined: home setting not in the round. */
	reviewerSetting: { id: string; settingType: SettingType; phase: string } | undefined;
	conflicts: ConflictOfInterest[];
	reviewsSoFar: { fromSettingId: string; hostId: string }[];
	noReciprocal: boolean;
}): string | null {
	const { host, reviewer, reviewerSetting } = input;
	if (reviewer.settingId === host.id) return 'Nobody may review their own setting.';
	if (!reviewerSetting) return "This reviewer's setting is not taking part in this round.";
	const hostGroup = phaseGroup(host);
	const reviewerGroup = phaseGroup(reviewerSetting);
	if (hostGroup !== reviewerGroup) {
		return `This reviewer comes from ${withArticle(PHASE_GROUP_WORDS[reviewerGroup])} setting and the host is ${withArticle(PHASE_GROUP_WORDS[hostGroup])} setting; reviewers come from settings of the same phase.`;
	}
	if (input.conflicts.some((c) => c.userId === reviewer.userId && c.settingId === host.id)) {
		return 'This reviewer has declared a conflict of interest with this setting.';
	}
	const reciprocal = input.reviewsSoFar.some(
		(r) => r.fromSettingId === host.id && r.hostId === reviewer.settingId
	);
	if (input.noReciprocal && reciprocal) {
		return "The host setting already reviews this reviewer's setting, and this round does not allow two settings to review each other.";
	}
	return null;
}

const clampInt = (value: number, min: number, max: number, fallback: number) =>
	Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;

/** Plain code-unit comparison: locale-independent, so the order is the same on every machine. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Missing community or district sorts after every named one. */
const byOptionalText = (a: string | null, b: string | null) =>
	a === b ? 0 : a === null ? 1 : b === null ? -1 : byText(a, b);

/** Phase group, then community, district, name and id, so neighbours end up grouped together. */
function compareSettings(a: AllocationSetting, b: AllocationSetting): number {
	return (
		PHASE_GROUPS.indexOf(phaseGroup(a)) - PHASE_GROUPS.indexOf(phaseGroup(b)) ||
		byOptionalText(a.communityId, b.communityId) ||
		byOptionalText(a.districtId, b.districtId) ||
		byText(a.name, b.name) ||
		byText(a.id, b.id) ||
		// Only duplicate ids get this far; these keep even those independent of input order.
		byText(a.settingType, b.settingType) ||
		byText(a.phase, b.phase)
	);
}

/**
 * Sizes of the groups a phase group of `count` settings splits into, as even as possible.
 * About count / shape-size groups, but never a group of one, never more than MAX_GROUP_SIZE,
 * and at least 3 per group when reciprocal reviews are barred (a pair could only review each
 * other), so pairs merge into triads.
 */
export function groupSizes(count: number, rules: AllocationRules): number[] {
	if (count <= 0) return [];
	const target =
		rules.groupShape === 'pairs'
			? 2
			: rules.groupShape === 'triads'
				? 3
				: clampInt(rules.clusterSize, 3, MAX_GROUP_SIZE, 4);
	const smallest = rules.noReciprocal && count >= 3 ? 3 : 2;
	const wanted = Math.max(Math.round(count / target), Math.ceil(count / MAX_GROUP_SIZE));
	const groups = Math.max(1, Math.min(wanted, Math.floor(count / smallest)));
	const base = Math.floor(count / groups);
	return Array.from({ length: groups }, (_, i) => base + (i < count % groups ? 1 : 0));
}

/**
 * Which setting's people review each host (host id -> setting id); a host missing from the map
 * gets nobody. Tries settings in the order given (rotation first) and searches every
 * combination, so it covers all hosts whenever any assignment can, otherwise as many as it can.
 * Each host lists the settings that have someone free to review it, best first.
 */
function chooseReviewingSettings(
	hosts: { id: string; candidates: string[] }[],
	noReciprocal: boolean
): Map<string, string> {
	const from = new Map<string, string>();
	// At most how many hosts from index i on can be covered: the bound for pruning.
	const coverableFrom = hosts.map(
		(_, i) => hosts.slice(i).filter((h) => h.candidates.length).length
	);
	const coverable = (i: number) => coverableFrom[i] ?? 0;
	let best = new Map(from);
	let bestCovered = 0;

	// Returns true once every coverable host is covered: nothing better exists. Only hosts
	// before `i` are ever in `from`, so the reciprocity check sees settled choices alone.
	const visit = (i: number, covered: number): boolean => {
		if (covered + coverable(i) <= bestCovered) return false;
		const host = hosts[i];
		if (!host) {
			best = new Map(from);
			bestCovered = covered;
			return covered === coverable(0);
		}
		for (const candidate of host.candidates) {
			if (noReciprocal && from.get(candidate) === host.id) continue;
			from.set(host.id, candidate);
			if (visit(i + 1, covered + 1)) return true;
		}
		from.delete(host.id);
		return visit(i + 1, covered);
	};
	visit(0, 0);
	return best;
}

/** The items of a sorted list whose key has not been seen earlier in it. */
function firstOfEach<T>(sorted: T[], key: (item: T) => string): T[] {
	const seen = new Set<string>();
	return sorted.filter((item) => {
		const k = key(item);
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
}

/** The person with the fewest so far by `count`, ties broken by userId. */
function leastUsed<T extends { userId: string }>(people: T[], count: Map<string, number>): T {
	return people.reduce((best, p) => {
		const diff = (count.get(p.userId) ?? 0) - (count.get(best.userId) ?? 0);
		return diff < 0 || (diff === 0 && p.userId < best.userId) ? p : best;
	});
}

/** What allocating one group needs from the whole round; `load` and `leads` carry across groups. */
interface RoundContext {
	settingById: Map<string, AllocationSetting>;
	peopleBySetting: Map<string, AllocationReviewer[]>;
	/** A person may be a peer reviewer from more than one setting; none of them is theirs to review. */
	homesOf: Map<string, Set<string>>;
	/** Declared conflicts by the setting they concern, so each check scans only that host's. */
	conflictsByHost: Map<string, ConflictOfInterest[]>;
	noReciprocal: boolean;
	perReview: number;
	/** Reviews each person has been given so far. */
	load: Map<string, number>;
	/** Reviews each person leads so far. */
	leads: Map<string, number>;
}

/**
 * Proposes groups and reviews for a round. Groups form within a phase group; each host is
 * reviewed only by people from other settings of its group, never from their own setting or
 * with a declared conflict, and (when barred) never by a setting it reviews. Reviewers whose
 * home setting isn't in the round are ignored. The LA edits the result before it is saved.
 */
export function proposeAllocation(input: {
	settings: AllocationSetting[];
	reviewers: AllocationReviewer[];
	conflicts: ConflictOfInterest[];
	rules: AllocationRules;
}): ProposedAllocation {
	const settings = firstOfEach([...input.settings].sort(compareSettings), (s) => s.id);
	const ctx: RoundContext = {
		settingById: new Map(settings.map((s) => [s.id, s])),
		peopleBySetting: new Map(),
		homesOf: new Map(),
		conflictsByHost: new Map(),
		noReciprocal: input.rules.noReciprocal,
		perReview: clampInt(input.rules.reviewersPerReview, 1, 3, 1),
		load: new Map(),
		leads: new Map()
	};
	const reviewers = firstOfEach(
		input.reviewers
			.filter((r) => ctx.settingById.has(r.settingId))
			.sort((a, b) => byText(a.userId, b.userId) || byText(a.settingId, b.settingId)),
		(r) => JSON.stringify([r.userId, r.settingId])
	);
	for (const c of input.conflicts) {
		ctx.conflictsByHost.set(c.settingId, [...(ctx.conflictsByHost.get(c.settingId) ?? []), c]);
	}
	for (const r of reviewers) {
		ctx.peopleBySetting.set(r.settingId, [...(ctx.peopleBySetting.get(r.settingId) ?? []), r]);
		ctx.homesOf.set(r.userId, (ctx.homesOf.get(r.userId) ?? new Set()).add(r.settingId));
	}

	const result: ProposedAllocation = { groups: [], reviews: [], unallocated: [] };
	for (const pg of PHASE_GROUPS) {
		const members = settings.filter((s) => phaseGroup(s) === pg);
		let start = 0;
		for (const size of groupSizes(members.length, input.rules)) {
			const group = members.slice(start, start + size);
			start += size;
			const number = result.groups.length + 1;
			result.groups.push({ number, settingIds: group.map((s) => s.id) });
			const [only] = group;
			if (only && group.length === 1) {
				result.unallocated.push({
					settingId: only.id,
					reason: `No other ${PHASE_GROUP_WORDS[pg]} setting takes part in this round.`
				});
			} else {
				const { reviews, unallocated } = allocateGroup(group, number, ctx);
				result.reviews.push(...reviews);
				result.unallocated.push(...unallocated);
			}
		}
	}
	return result;
}

/** Reviews for the hosts of one group of two or more settings, and why any host has none. */
function allocateGroup(
	group: AllocationSetting[],
	number: number,
	ctx: RoundContext
): Pick<ProposedAllocation, 'reviews' | 'unallocated'> {
	const edges: { fromSettingId: string; hostId: string }[] = [];
	const peopleOf = (settingId: string) => ctx.peopleBySetting.get(settingId) ?? [];
	const othersFor = (host: AllocationSetting) =>
		group.flatMap((s) => (s.id === host.id ? [] : peopleOf(s.id)));
	const may = (host: AllocationSetting, person: AllocationReviewer, withReciprocity: boolean) =>
		!ctx.homesOf.get(person.userId)?.has(host.id) &&
		reviewerRefusal({
			host,
			reviewer: person,
			reviewerSetting: ctx.settingById.get(person.settingId),
			conflicts: ctx.conflictsByHost.get(host.id) ?? [],
			reviewsSoFar: edges,
			noReciprocal: withReciprocity && ctx.noReciprocal
		}) === null;

	// Rotation order: the setting before the host first, then the one before that, wrapping round.
	const hosts = group.map((host, i) => ({
		id: host.id,
		candidates: [...group.slice(0, i).reverse(), ...group.slice(i + 1).reverse()]
			.filter((s) => peopleOf(s.id).some((p) => may(host, p, false)))
			.map((s) => s.id)
	}));
	const from = chooseReviewingSettings(hosts, ctx.noReciprocal);

	const chosen = new Map<string, AllocationReviewer[]>();
	const add = (host: AllocationSetting, person: AllocationReviewer) => {
		chosen.set(host.id, [...(chosen.get(host.id) ?? []), person]);
		ctx.load.set(person.userId, (ctx.load.get(person.userId) ?? 0) + 1);
		edges.push({ fromSettingId: person.settingId, hostId: host.id });
	};
	for (const host of group) {
		const settingId = from.get(host.id);
		// The search has already kept reciprocity between the settings it picked.
		const free = settingId ? peopleOf(settingId).filter((p) => may(host, p, false)) : [];
		if (free.length > 0) add(host, leastUsed(free, ctx.load));
	}
	for (let round = 1; round < ctx.perReview; round++) {
		for (const host of group) {
			const people = chosen.get(host.id);
			if (!people) continue;
			const free = othersFor(host).filter(
				(p) => !people.some((q) => q.userId === p.userId) && may(host, p, true)
			);
			if (free.length > 0) add(host, leastUsed(free, ctx.load));
		}
	}

	const reviews: ProposedReview[] = [];
	const unallocated: ProposedAllocation['unallocated'] = [];
	for (const host of group) {
		const people = chosen.get(host.id);
		if (!people) {
			unallocated.push({ settingId: host.id, reason: whyNoReviewer(host) });
			continue;
		}
		const lead = leastUsed(people, ctx.leads);
		ctx.leads.set(lead.userId, (ctx.leads.get(lead.userId) ?? 0) + 1);
		reviews.push({ hostId: host.id, reviewers: people.map((p) => ({ ...p, lead: p === lead })) });
	}
	return { reviews, unallocated };

	function whyNoReviewer(host: AllocationSetting): string {
		const others = othersFor(host).filter((p) => !ctx.homesOf.get(p.userId)?.has(host.id));
		if (others.length === 0) {
			return `None of the other settings in group ${number} has a peer reviewer.`;
		}
		if (!others.some((p) => may(host, p, false))) {
			return `Every peer reviewer in the other settings of group ${number} has declared a conflict of interest with this setting.`;
		}
		return `Only reciprocal reviews were possible in group ${number}, and this round does not allow two settings to review each other.`;
	}
}
