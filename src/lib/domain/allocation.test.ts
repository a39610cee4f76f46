import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	groupSizes,
	phaseGroup,
	proposeAllocation,
	reviewerRefusal,
	type AllocationReviewer,
	type AllocationRules,
	type AllocationSetting,
	type ConflictOfInterest,
	type ProposedAllocation
} from './allocation';
import { GROUP_SHAPES } from './peer-review';
import { PHASES } from './establishment';
import { SETTING_TYPES } from './organisation';

type Input = Parameters<typeof proposeAllocation>[0];

const setting = (id: string, extra: Partial<AllocationSetting> = {}): AllocationSetting => ({
	id,
	name: id,
	settingType: 'mainstream',
	phase: 'Primary',
	districtId: null,
	communityId: null,
	...extra
});
const person = (userId: string, settingId: string): AllocationReviewer => ({ userId, settingId });
const rules = (extra: Partial<AllocationRules> = {}): AllocationRules => ({
	groupShape: 'triads',
	clusterSize: 4,
	reviewersPerReview: 1,
	noReciprocal: false,
	...extra
});
/** host id -> the user ids reviewing it, in order. */
const reviewedBy = (a: ProposedAllocation) =>
	Object.fromEntries(a.reviews.map((r) => [r.hostId, r.reviewers.map((p) => p.userId)]));
const groupIds = (a: ProposedAllocation) => a.groups.map((g) => g.settingIds);

describe('phaseGroup', () => {
	it.each([
		['early_years', 'Nursery', 'early_years'],
		['early_years', '', 'early_years'],
		['special', 'Secondary', 'specialist'],
		['pru', 'Not applicable', 'specialist'],
		['mainstream', 'Primary', 'primary'],
		['mainstream', 'Middle deemed primary', 'primary'],
		['mainstream', 'infant and junior', 'primary'],
		['mainstream', 'Secondary', 'secondary'],
		['mainstream', 'All-through', 'secondary'],
		['mainstream', 'Middle deemed secondary', 'secondary'],
		['mainstream', '16 plus', 'secondary'],
		['mainstream', '', 'secondary']
	] as const)('%s with phase "%s" is %s', (settingType, phase, group) => {
		expect(phaseGroup({ settingType, phase })).toBe(group);
	});
});

describe('groupSizes', () => {
	it('splits into groups of the chosen shape, as evenly as possible', () => {
		expect(groupSizes(0, rules())).toEqual([]);
		expect(groupSizes(6, rules({ groupShape: 'pairs' }))).toEqual([2, 2, 2]);
		expect(groupSizes(7, rules({ groupShape: 'triads' }))).toEqual([4, 3]);
		expect(groupSizes(11, rules({ groupShape: 'clusters', clusterSize: 5 }))).toEqual([6, 5]);
	});

	it('never leaves a group of one, nor one larger than seven', () => {
		expect(groupSizes(5, rules({ groupShape: 'pairs' }))).toEqual([3, 2]);
		expect(groupSizes(10, rules({ groupShape: 'clusters', clusterSize: 7 }))).toEqual([5, 5]);
		expect(groupSizes(1, rules())).toEqual([1]);
	});

	it('merges pairs into groups of three or more when reciprocal reviews are barred', () => {
		expect(groupSizes(6, rules({ groupShape: 'pairs', noReciprocal: true }))).toEqual([3, 3]);
		expect(groupSizes(5, rules({ groupShape: 'pairs', noReciprocal: true }))).toEqual([5]);
		expect(groupSizes(2, rules({ groupShape: 'pairs', noReciprocal: true }))).toEqual([2]);
	});
});

describe('proposeAllocation examples', () => {
	const triad = [setting('ash'), setting('beech'), setting('cedar')];
	const triadPeople = [person('ann', 'ash'), person('bob', 'beech'), person('cat', 'cedar')];

	it('rotates a triad: each setting is reviewed by the one before it', () => {
		const a = proposeAllocation({
			settings: triad,
			reviewers: triadPeople,
			conflicts: [],
			rules: rules({ noReciprocal: true })
		});
		expect(a.groups).toEqual([{ number: 1, settingIds: ['ash', 'beech', 'cedar'] }]);
		expect(a.reviews).toEqual([
			{ hostId: 'ash', reviewers: [{ userId: 'cat', settingId: 'cedar', lead: true }] },
			{ hostId: 'beech', reviewers: [{ userId: 'ann', settingId: 'ash', lead: true }] },
			{ hostId: 'cedar', reviewers: [{ userId: 'bob', settingId: 'beech', lead: true }] }
		]);
		expect(a.unallocated).toEqual([]);
	});

	it('forms local groups: community, then district, then name', () => {
		const a = proposeAllocation({
			settings: [
				setting('p1', { name: 'Zeal', communityId: 'north' }),
				setting('p2', { name: 'Able', communityId: 'south' }),
				setting('p3', { name: 'Moss', communityId: 'north' }),
				setting('p4', { name: 'Bell', communityId: 'south' })
			],
			reviewers: [],
			conflicts: [],
			rules: rules({ groupShape: 'pairs' })
		});
		expect(groupIds(a)).toEqual([
			['p3', 'p1'],
			['p2', 'p4']
		]);
	});

	it('merges pairs into triads when two settings may not review each other', () => {
		const settings = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) =>
			setting(id, { phase: 'Secondary' })
		);
		const reviewers = settings.map((s) => person(`${s.id}-lead`, s.id));
		const paired = proposeAllocation({
			settings,
			reviewers,
			conflicts: [],
			rules: rules({ groupShape: 'pairs' })
		});
		expect(groupIds(paired)).toEqual([
			['a', 'b'],
			['c', 'd'],
			['e', 'f']
		]);
		expect(reviewedBy(paired)).toMatchObject({ a: ['b-lead'], b: ['a-lead'] });

		const merged = proposeAllocation({
			settings,
			reviewers,
			conflicts: [],
			rules: rules({ groupShape: 'pairs', noReciprocal: true })
		});
		expect(groupIds(merged)).toEqual([
			['a', 'b', 'c'],
			['d', 'e', 'f']
		]);
		expect(reviewedBy(merged)).toEqual({
			a: ['c-lead'],
			b: ['a-lead'],
			c: ['b-lead'],
			d: ['f-lead'],
			e: ['d-lead'],
			f: ['e-lead']
		});
	});

	it('leaves a lone early years setting unallocated and says why', () => {
		const a = proposeAllocation({
			settings: [...triad, setting('acorns', { settingType: 'early_years', phase: 'Nursery' })],
			reviewers: [...triadPeople, person('dee', 'acorns')],
			conflicts: [],
			rules: rules()
		});
		expect(groupIds(a)).toEqual([['acorns'], ['ash', 'beech', 'cedar']]);
		expect(a.unallocated).toEqual([
			{ settingId: 'acorns', reason: 'No other early years setting takes part in this round.' }
		]);
		expect(a.reviews.map((r) => r.hostId)).toEqual(['ash', 'beech', 'cedar']);
		expect(a.reviews.flatMap((r) => r.reviewers.map((p) => p.userId))).not.toContain('dee');
	});

	it('routes around a conflict of interest', () => {
		const input = {
			settings: triad,
			reviewers: triadPeople,
			conflicts: [{ userId: 'ann', settingId: 'beech' }]
		};
		const a = proposeAllocation({ ...input, rules: rules() });
		expect(reviewedBy(a)).toEqual({ ash: ['cat'], beech: ['cat'], cedar: ['bob'] });

		// Barring reciprocal reviews as well leaves only the reverse rotation.
		const b = proposeAllocation({ ...input, rules: rules({ noReciprocal: true }) });
		expect(reviewedBy(b)).toEqual({ ash: ['bob'], beech: ['cat'], cedar: ['ann'] });
	});

	it('says why a host has no reviewer', () => {
		const pair = [setting('ash'), setting('beech')];
		const nobody = proposeAllocation({
			settings: pair,
			reviewers: [person('ann', 'ash')],
			conflicts: [],
			rules: rules()
		});
		expect(reviewedBy(nobody)).toEqual({ beech: ['ann'] });
		expect(nobody.unallocated).toEqual([
			{ settingId: 'ash', reason: 'None of the other settings in group 1 has a peer reviewer.' }
		]);

		const conflicted = proposeAllocation({
			settings: pair,
			reviewers: [person('ann', 'ash'), person('bob', 'beech')],
			conflicts: [{ userId: 'bob', settingId: 'ash' }],
			rules: rules()
		});
		expect(conflicted.unallocated).toEqual([
			{
				settingId: 'ash',
				reason:
					'Every peer reviewer in the other settings of group 1 has declared a conflict of interest with this setting.'
			}
		]);

		const reciprocal = proposeAllocation({
			settings: pair,
			reviewers: [person('ann', 'ash'), person('bob', 'beech')],
			conflicts: [],
			rules: rules({ noReciprocal: true })
		});
		expect(reviewedBy(reciprocal)).toEqual({ ash: ['bob'] });
		expect(reciprocal.unallocated).toEqual([
			{
				settingId: 'beech',
				reason:
					'Only reciprocal reviews were possible in group 1, and this round does not allow two settings to review each other.'
			}
		]);
	});

	it('fills each review from the least-loaded people and spreads the lead role', () => {
		const reviewers = triad.flatMap((s) => [person(`${s.id}-1`, s.id), person(`${s.id}-2`, s.id)]);
		const a = proposeAllocation({
			settings: triad,
			reviewers,
			conflicts: [],
			rules: rules({ reviewersPerReview: 2 })
		});
		expect(reviewedBy(a)).toEqual({
			ash: ['cedar-1', 'beech-2'],
			beech: ['ash-1', 'ash-2'],
			cedar: ['beech-1', 'ash-1']
		});
		const leads = a.reviews.map((r) => r.reviewers.filter((p) => p.lead).map((p) => p.userId));
		expect(leads).toEqual([['beech-2'], ['ash-1'], ['beech-1']]);
	});

	it('ignores reviewers whose setting is not in the round', () => {
		const a = proposeAllocation({
			settings: triad,
			reviewers: [person('zed', 'elsewhere'), person('ann', 'ash')],
			conflicts: [],
			rules: rules()
		});
		expect(reviewedBy(a)).toEqual({ beech: ['ann'], cedar: ['ann'] });
		expect(a.unallocated.map((u) => u.settingId)).toEqual(['ash']);
	});
});

describe('reviewerRefusal', () => {
	const host = { id: 'ash', settingType: 'mainstream', phase: 'Primary' } as const;
	const beech = { id: 'beech', settingType: 'mainstream', phase: 'Primary' } as const;
	const base = {
		host,
		reviewer: person('bob', 'beech'),
		reviewerSetting: beech,
		conflicts: [] as ConflictOfInterest[],
		reviewsSoFar: [] as { fromSettingId: string; hostId: string }[],
		noReciprocal: true
	};

	it('allows a person from another setting of the same phase', () => {
		expect(reviewerRefusal(base)).toBeNull();
	});

	it('refuses a person reviewing their own setting', () => {
		expect(
			reviewerRefusal({ ...base, reviewer: person('ann', 'ash'), reviewerSetting: host })
		).toBe('Nobody may review their own setting.');
	});

	it('refuses a declared conflict of interest', () => {
		expect(reviewerRefusal({ ...base, conflicts: [{ userId: 'bob', settingId: 'ash' }] })).toBe(
			'This reviewer has declared a conflict of interest with this setting.'
		);
		expect(
			reviewerRefusal({ ...base, conflicts: [{ userId: 'bob', settingId: 'cedar' }] })
		).toBeNull();
	});

	it('refuses a reciprocal review only when the round bars them', () => {
		const reviewsSoFar = [{ fromSettingId: 'ash', hostId: 'beech' }];
		expect(reviewerRefusal({ ...base, reviewsSoFar })).toBe(
			"The host setting already reviews this reviewer's setting, and this round does not allow two settings to review each other."
		);
		expect(reviewerRefusal({ ...base, reviewsSoFar, noReciprocal: false })).toBeNull();
	});

	it('refuses a person from a setting of a different phase', () => {
		expect(
			reviewerRefusal({
				...base,
				reviewerSetting: { id: 'beech', settingType: 'early_years', phase: 'Nursery' }
			})
		).toBe(
			'This reviewer comes from an early years setting and the host is a primary setting; reviewers come from settings of the same phase.'
		);
	});

	it('refuses a person whose setting is not in the round', () => {
		expect(reviewerRefusal({ ...base, reviewerSetting: undefined })).toBe(
			"This reviewer's setting is not taking part in this round."
		);
	});
});

// ---- Properties over random rounds ----

const settingArb = fc.record({
	id: fc.integer({ min: 0, max: 9999 }).map((n) => `set-${n}`),
	name: fc.constantFrom('Ash', 'Beech', 'Cedar'),
	settingType: fc.constantFrom(...SETTING_TYPES),
	phase: fc.constantFrom(...PHASES, 'Infant', ''),
	districtId: fc.constantFrom(null, 'd1', 'd2'),
	communityId: fc.constantFrom(null, 'c1', 'c2'),
	peerReviewers: fc.integer({ min: 0, max: 3 })
});

const rulesArb: fc.Arbitrary<AllocationRules> = fc.record({
	groupShape: fc.constantFrom(...GROUP_SHAPES),
	clusterSize: fc.integer({ min: 3, max: 7 }),
	reviewersPerReview: fc.integer({ min: 1, max: 3 }),
	noReciprocal: fc.boolean()
});

/** The item at n, wrapping round; the list must not be empty. */
function pick<T>(list: T[], n: number): T {
	const item = list[n % list.length];
	if (item === undefined) throw new Error('pick from an empty list');
	return item;
}

/** A random round: 0..30 settings, 0..3 reviewers each, conflicts mostly within the same phase. */
const inputArb: fc.Arbitrary<Input> = fc
	.record({
		drawn: fc.uniqueArray(settingArb, { selector: (s) => s.id, maxLength: 30 }),
		outsiders: fc.integer({ min: 0, max: 2 }),
		conflicts: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 40 }),
		rules: rulesArb
	})
	.map(({ drawn, outsiders, conflicts, rules }) => {
		const settings = drawn.map(({ peerReviewers: _, ...s }) => s);
		const inRound = drawn.flatMap((s) =>
			Array.from({ length: s.peerReviewers }, (_, k) => person(`${s.id}-p${k}`, s.id))
		);
		const outside = Array.from({ length: outsiders }, (_, k) =>
			person(`outsider-${k}`, 'not-in-round')
		);
		const conflictList = inRound.length
			? conflicts.map(([p, s, samePhase]) => {
					const r = pick(inRound, p);
					const home = settings.find((x) => x.id === r.settingId);
					const pool = samePhase
						? settings.filter((x) => home && phaseGroup(x) === phaseGroup(home))
						: settings;
					return { userId: r.userId, settingId: pick(pool, s).id };
				})
			: [];
		return { settings, reviewers: [...inRound, ...outside], conflicts: conflictList, rules };
	});

/** Independent check: can every host of the group get one reviewing setting under the rules? */
function oracleCoversAll(group: string[], input: Input): boolean {
	const conflicted = new Set(input.conflicts.map((c) => `${c.userId}|${c.settingId}`));
	const hosts = group.map((host) => ({
		host,
		options: group.filter(
			(from) =>
				from !== host &&
				input.reviewers.some((r) => r.settingId === from && !conflicted.has(`${r.userId}|${host}`))
		)
	}));
	const reviewerOf = new Map<string, string>();
	const tryHost = (k: number): boolean => {
		const next = hosts[k];
		if (!next) return true;
		const { host, options } = next;
		return options.some((from) => {
			if (input.rules.noReciprocal && reviewerOf.get(from) === host) return false;
			reviewerOf.set(host, from);
			const ok = tryHost(k + 1);
			reviewerOf.delete(host);
			return ok;
		});
	};
	return tryHost(0);
}

describe('proposeAllocation properties', () => {
	it('keeps every rule: no self-review, conflicts, same group and phase, no reciprocity, 1..n people, one lead', () => {
		fc.assert(
			fc.property(inputArb, (input) => {
				const a = proposeAllocation(input);
				const groupOf = new Map(a.groups.flatMap((g) => g.settingIds.map((id) => [id, g.number])));
				const byId = new Map(input.settings.map((s) => [s.id, s]));
				const homes = new Set(input.reviewers.map((r) => `${r.userId}|${r.settingId}`));
				const conflicted = new Set(input.conflicts.map((c) => `${c.userId}|${c.settingId}`));
				const edges: { from: string; to: string }[] = [];
				for (const review of a.reviews) {
					const host = byId.get(review.hostId)!;
					expect(host).toBeDefined();
					expect(review.reviewers.length).toBeGreaterThanOrEqual(1);
					expect(review.reviewers.length).toBeLessThanOrEqual(input.rules.reviewersPerReview);
					expect(new Set(review.reviewers.map((p) => p.userId)).size).toBe(review.reviewers.length);
					expect(review.reviewers.filter((p) => p.lead)).toHaveLength(1);
					for (const p of review.reviewers) {
						expect(homes.has(`${p.userId}|${p.settingId}`)).toBe(true);
						expect(p.settingId).not.toBe(host.id);
						expect(conflicted.has(`${p.userId}|${host.id}`)).toBe(false);
						expect(groupOf.get(p.settingId)).toBe(groupOf.get(host.id));
						expect(phaseGroup(byId.get(p.settingId)!)).toBe(phaseGroup(host));
						edges.push({ from: p.settingId, to: host.id });
					}
				}
				if (input.rules.noReciprocal) {
					for (const { from, to } of edges) {
						expect(edges.some((e) => e.from === to && e.to === from)).toBe(false);
					}
				}
			})
		);
	});

	it('puts every participant in exactly one group, of a sensible size, and exactly one outcome', () => {
		fc.assert(
			fc.property(inputArb, (input) => {
				const a = proposeAllocation(input);
				const ids = input.settings.map((s) => s.id).sort();
				const grouped = a.groups.flatMap((g) => g.settingIds);
				expect([...grouped].sort()).toEqual(ids);
				expect(a.groups.map((g) => g.number)).toEqual(a.groups.map((_, i) => i + 1));
				const outcomes = [
					...a.reviews.map((r) => r.hostId),
					...a.unallocated.map((u) => u.settingId)
				];
				expect(outcomes.sort()).toEqual(ids);
				for (const u of a.unallocated) expect(u.reason).toMatch(/\w+.*\.$/);

				const byId = new Map(input.settings.map((s) => [s.id, s]));
				const sizesByPhase = new Map<string, number[]>();
				for (const g of a.groups) {
					const phases = new Set(g.settingIds.map((id) => phaseGroup(byId.get(id)!)));
					expect(phases.size).toBe(1);
					const pg = [...phases].join();
					sizesByPhase.set(pg, [...(sizesByPhase.get(pg) ?? []), g.settingIds.length]);
				}
				for (const sizes of sizesByPhase.values()) {
					const m = sizes.reduce((x, y) => x + y, 0);
					expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
					expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
					if (m >= 2) expect(Math.min(...sizes)).toBeGreaterThanOrEqual(2);
					if (m >= 3 && input.rules.noReciprocal) {
						expect(Math.min(...sizes)).toBeGreaterThanOrEqual(3);
					}
				}
			})
		);
	});

	it('reviews every host of a group whenever some assignment could', () => {
		fc.assert(
			fc.property(inputArb, (input) => {
				const a = proposeAllocation(input);
				const reviewed = new Set(a.reviews.map((r) => r.hostId));
				for (const g of a.groups) {
					if (oracleCoversAll(g.settingIds, input)) {
						for (const id of g.settingIds) expect(reviewed.has(id)).toBe(true);
					}
				}
			})
		);
	});

	it('without the reciprocity bar, gives each host as many reviewers as its group allows', () => {
		fc.assert(
			fc.property(
				inputArb.filter((i) => !i.rules.noReciprocal),
				(input) => {
					const a = proposeAllocation(input);
					const conflicted = new Set(input.conflicts.map((c) => `${c.userId}|${c.settingId}`));
					const count = new Map(a.reviews.map((r) => [r.hostId, r.reviewers.length]));
					for (const g of a.groups) {
						for (const host of g.settingIds) {
							const free = input.reviewers.filter(
								(r) =>
									r.settingId !== host &&
									g.settingIds.includes(r.settingId) &&
									!conflicted.has(`${r.userId}|${host}`)
							).length;
							expect(count.get(host) ?? 0).toBe(Math.min(free, input.rules.reviewersPerReview));
						}
					}
				}
			)
		);
	});

	it('gives the same proposal whatever order the input arrives in', () => {
		const shuffledArb = inputArb.chain((input) =>
			fc.record({
				input: fc.constant(input),
				shuffled: fc.record({
					settings: fc.shuffledSubarray(input.settings, { minLength: input.settings.length }),
					reviewers: fc.shuffledSubarray(input.reviewers, { minLength: input.reviewers.length }),
					conflicts: fc.shuffledSubarray(input.conflicts, { minLength: input.conflicts.length }),
					rules: fc.constant(input.rules)
				})
			})
		);
		fc.assert(
			fc.property(shuffledArb, ({ input, shuffled }) => {
				expect(proposeAllocation(shuffled)).toEqual(proposeAllocation(input));
			})
		);
	});
});
