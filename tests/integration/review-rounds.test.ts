import { and, asc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { phaseGroup } from '../../src/lib/domain/allocation';
import {
	conflictSchema,
	roundFormSchema,
	type RoundInput
} from '../../src/lib/schemas/review-rounds';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	agreedRating,
	evaluationCycle,
	frameworkCriterion,
	frameworkSection,
	judgement,
	membership,
	organisation,
	peerReview,
	reviewReviewer,
	reviewRoundSetting,
	selfEvaluation,
	tenantUser
} from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import {
	conflictForWithdrawal,
	declareConflict,
	declareOwnConflict,
	listConflicts,
	ownConflicts,
	withdrawConflict
} from '../../src/lib/server/services/conflicts-of-interest';
import {
	addPeerReviewer,
	listPeerReviewers,
	peerReviewerForRemoval,
	registerCandidates,
	removePeerReviewer
} from '../../src/lib/server/services/peer-reviewers';
import { myReviews } from '../../src/lib/server/services/peer-reviews';
import { cycleCalibration } from '../../src/lib/server/services/review-calibration';
import {
	createRound,
	deleteRound,
	listRounds,
	roundFormValues,
	updateRound
} from '../../src/lib/server/services/review-rounds';
import {
	confirmRound,
	getRound,
	proposeRoundAllocation,
	type RoundView
} from '../../src/lib/server/services/round-allocation';
import {
	participantChoices,
	setParticipants
} from '../../src/lib/server/services/round-participants';
import {
	addReviewer,
	makeLead,
	removeReviewer
} from '../../src/lib/server/services/round-reviewers';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor, useAdminScopes } from './support/fixtures';
import { seedOakfieldReview } from './support/peer-review';

const db = useTestDatabase();
const admin = useAdminScopes();

/** Matches a message containing the text (typed, so it sits in a typed expectation). */
const including = (text: string): string => expect.stringContaining(text) as string;

const OAKFIELD = 'Oakfield Primary School';
const WILLOWBROOK = 'Willowbrook Primary School';
const CLIFFSIDE = 'Cliffside Primary School';
const ACORNS = 'Little Acorns Pre-School';

let settingId: (name: string) => string;
let cycles: { previous: string; current: string; northbury: string };
let people: { sam: Scope; ruth: Scope; grace: Scope; head: Scope };
let officer: Scope;

beforeAll(async () => {
	const names = await inTenant(admin.kent, (tx) =>
		tx.select({ id: organisation.id, name: organisation.name }).from(organisation)
	);
	settingId = (name) => names.find((n) => n.name === name)!.id;
	const cycleId = async (scope: Scope, name: string) =>
		(
			await inTenant(scope, (tx) =>
				tx.select().from(evaluationCycle).where(eq(evaluationCycle.name, name))
			)
		)[0]!.id;
	cycles = {
		previous: await cycleId(admin.kent, '2025/26'),
		current: await cycleId(admin.kent, '2026/27'),
		northbury: await cycleId(admin.northbury, '2026/27')
	};
	people = {
		sam: await scopeFor('senco@kent.test'),
		ruth: await scopeFor('reviewer@kent.test'),
		grace: await scopeFor('reviewer2@kent.test'),
		head: await scopeFor('head@kent.test')
	};
	officer = { ...admin.kent, membership: { ...admin.kent.membership, role: 'officer' } };
});

const rules = (extra: Partial<RoundInput> = {}): RoundInput => ({
	name: 'Primary triads 2026/27',
	cycleId: cycles.current,
	groupShape: 'triads',
	clusterSize: 4,
	reviewersPerReview: 1,
	noReciprocal: true,
	...extra
});

async function newRound(name: string, extra: Partial<RoundInput> = {}) {
	const result = await createRound(admin.kent, rules({ name, ...extra }));
	if (!result.ok) throw new Error(`Round not created: ${JSON.stringify(result)}`);
	return result.id;
}

async function roundView(id: string): Promise<RoundView> {
	const view = await getRound(admin.kent, id);
	if (!view) throw new Error('No round');
	return view;
}

const hostsOf = (view: RoundView) => view.groups.flatMap((g) => g.hosts);
const hostNamed = (view: RoundView, name: string) => hostsOf(view).find((h) => h.name === name)!;
const reviewersOf = (view: RoundView, name: string) =>
	hostNamed(view, name).review?.reviewers.map((p) => p.name) ?? [];

async function withSettings(id: string, names: string[]) {
	const ids = names.map(settingId);
	const { round } = await roundView(id);
	const result = await setParticipants(admin.kent, id, round.version, ids, ids);
	expect(result).toEqual({ ok: true });
}

async function propose(id: string) {
	const { round } = await roundView(id);
	const result = await proposeRoundAllocation(admin.kent, id, round.version);
	expect(result.ok).toBe(true);
	return roundView(id);
}

/** The register entry id of a person from a setting. */
async function registerId(name: string, setting: string) {
	const all = await listPeerReviewers(admin.kent, 1);
	return all.rows.find((r) => r.name === name && r.settingName === setting)!.id;
}

describe('creating and changing a round', () => {
	it('creates a round in planning, lists it with its cycle and counts, and audits it', async () => {
		const id = await newRound('Spring review round');
		const listed = (await listRounds(admin.kent)).find((r) => r.id === id);
		expect(listed).toEqual({
			id,
			name: 'Spring review round',
			status: 'planning',
			cycleName: '2026/27',
			participants: 0,
			reviews: 0,
			finalised: 0
		});
		const event = await latestAudit(admin.kent, 'review-round.created');
		expect(event?.subject).toBe('Spring review round');
		expect(event?.detail).toMatchObject({ after: { cycle: '2026/27', groups: 'Triads' } });
	});

	it('refuses a name already used in the tenant, whatever its case', async () => {
		await newRound('Autumn cluster round');
		expect(await createRound(admin.kent, rules({ name: 'AUTUMN CLUSTER ROUND' }))).toMatchObject({
			ok: false,
			reason: 'invalid',
			field: 'name',
			message: 'There is already a round called AUTUMN CLUSTER ROUND'
		});
	});

	it('refuses a cycle that is not the tenant’s', async () => {
		expect(
			await createRound(admin.kent, rules({ name: 'Foreign cycle', cycleId: cycles.northbury }))
		).toMatchObject({ ok: false, field: 'cycleId', message: 'Select a cycle from the list' });
	});

	it('gives a message for each invalid field of the form', () => {
		const parsed = roundFormSchema.safeParse({
			...rules(),
			name: '  ',
			cycleId: 'not-an-id',
			groupShape: 'rings',
			clusterSize: 9,
			reviewersPerReview: 0,
			version: 0
		});
		expect(parsed.success).toBe(false);
		const messages = Object.fromEntries(
			parsed.error!.issues.map((i) => [i.path.join('.'), i.message])
		);
		expect(messages).toEqual({
			name: 'Enter a name for the round, like Spring 2026 primary reviews',
			cycleId: 'Select the cycle the round belongs to',
			groupShape: 'Select how settings are grouped',
			clusterSize: 'Select a cluster size from 3 to 7',
			reviewersPerReview: 'Select 1, 2 or 3 reviewers for each review'
		});
	});

	it('changes a planned round, refusing a stale version with what is saved now', async () => {
		const id = await newRound('Round to change');
		const { round } = await roundView(id);
		const changed = rules({ name: 'Round changed', groupShape: 'clusters', clusterSize: 5 });
		expect(await updateRound(admin.kent, id, round.version, changed)).toEqual({ ok: true, id });
		const event = await latestAudit(admin.kent, 'review-round.changed');
		expect(event?.detail).toEqual({
			before: { name: 'Round to change', groups: 'Triads', clusterSize: null },
			after: { name: 'Round changed', groups: 'Clusters', clusterSize: 5 }
		});
		const stale = await updateRound(admin.kent, id, round.version, rules({ name: 'Too late' }));
		expect(stale).toMatchObject({
			ok: false,
			reason: 'conflict',
			current: { name: 'Round changed', clusterSize: 5 },
			version: round.version + 1
		});
	});

	it('deletes a planned round after audit, and forgets it', async () => {
		const id = await newRound('Round to delete');
		await withSettings(id, [OAKFIELD, WILLOWBROOK]);
		expect(await deleteRound(admin.kent, id)).toEqual({ ok: true });
		expect(await getRound(admin.kent, id)).toBeNull();
		const event = await latestAudit(admin.kent, 'review-round.deleted');
		expect(event?.subject).toBe('Round to delete');
		expect(event?.detail).toMatchObject({ before: { settings: 2 } });
	});
});

describe('the settings taking part', () => {
	it('adds ticked settings among those shown and leaves the others as they were', async () => {
		const id = await newRound('Participants round');
		await withSettings(id, [OAKFIELD, WILLOWBROOK]);
		const { round } = await roundView(id);
		// A filtered page showed Cliffside and Willowbrook; only Cliffside stays ticked.
		const result = await setParticipants(
			admin.kent,
			id,
			round.version,
			[settingId(CLIFFSIDE), settingId(WILLOWBROOK)],
			[settingId(CLIFFSIDE)]
		);
		expect(result).toEqual({ ok: true });
		const view = await roundView(id);
		// Listed by district, then name: Oakfield is in Ashford, Cliffside in Dover.
		expect(hostsOf(view).map((h) => h.name)).toEqual([OAKFIELD, CLIFFSIDE]);
		expect((await latestAudit(admin.kent, 'review-round.changed'))?.detail).toEqual({
			settingsAdded: [CLIFFSIDE],
			settingsRemoved: [WILLOWBROOK]
		});
		const page = await participantChoices(admin.kent, id, {
			q: '',
			district: '',
			phase: 'primary',
			taking: false
		});
		expect(page!.settings.every((s) => phaseGroup(s) === 'primary')).toBe(true);
		expect(page!.settings.filter((s) => s.taking).map((s) => s.name)).toEqual([
			OAKFIELD,
			CLIFFSIDE
		]);
	});

	it('refuses settings that are not the tenant’s, and a stale version', async () => {
		const id = await newRound('Foreign participants');
		const { round } = await roundView(id);
		const fenmoor = await inTenant(admin.northbury, (tx) =>
			tx
				.select({ id: organisation.id })
				.from(organisation)
				.where(eq(organisation.name, 'Fenmoor Primary School'))
		);
		expect(
			await setParticipants(admin.kent, id, round.version, [fenmoor[0]!.id], [fenmoor[0]!.id])
		).toMatchObject({ ok: false, reason: 'invalid', field: 'settingIds' });
		expect(
			await setParticipants(admin.kent, id, round.version + 3, [settingId(OAKFIELD)], [])
		).toEqual({ ok: false, reason: 'stale' });
	});
});

describe('proposing and editing an allocation', () => {
	let roundId: string;
	beforeAll(async () => {
		roundId = await newRound('Allocation round');
		await withSettings(roundId, [OAKFIELD, WILLOWBROOK, CLIFFSIDE, ACORNS]);
	});

	it('groups settings by phase and has every primary reviewed, by nobody from its own setting and never both ways', async () => {
		const view = await propose(roundId);
		const acorns = hostNamed(view, ACORNS);
		const primaries = [OAKFIELD, WILLOWBROOK, CLIFFSIDE].map((n) => hostNamed(view, n));
		// One group of the three primaries; the pre-school sits alone with nobody to review it.
		expect(new Set(primaries.map((p) => p.groupNumber)).size).toBe(1);
		expect(acorns.groupNumber).not.toBe(primaries[0]!.groupNumber);
		expect(acorns.review).toBeNull();
		expect(acorns.reason).toContain('reviewers come from settings of the same phase');
		const edges: [string, string][] = [];
		for (const host of primaries) {
			expect(host.covered).toBe(true);
			expect(host.review!.reviewers).toHaveLength(1);
			expect(host.review!.reviewers[0]!.isLead).toBe(true);
			const from = host.review!.reviewers[0]!.settingId;
			expect(from).not.toBe(host.id);
			edges.push([from, host.id]);
		}
		for (const [from, to] of edges)
			expect(edges.some(([f, t]) => f === to && t === from)).toBe(false);
		// Written to the tables too: group numbers, reviews and reviewers.
		const written = await inTenant(admin.kent, async (tx) => ({
			grouped: await tx
				.select()
				.from(reviewRoundSetting)
				.where(eq(reviewRoundSetting.roundId, roundId)),
			reviews: await tx.select().from(peerReview).where(eq(peerReview.roundId, roundId))
		}));
		expect(written.grouped.every((g) => g.groupNumber !== null)).toBe(true);
		expect(written.reviews).toHaveLength(3);
		expect((await latestAudit(admin.kent, 'review-round.allocated'))?.detail).toMatchObject({
			reviews: 3,
			unallocated: [including(ACORNS)]
		});
	});

	it('records a conflict only once its reviewer is off the review, then respects it', async () => {
		let view = await roundView(roundId);
		expect(reviewersOf(view, OAKFIELD)).toEqual(['Grace Lin']);
		const conflict = {
			userId: people.grace.userId,
			settingId: settingId(OAKFIELD),
			reason: 'Her sister teaches there'
		};
		expect(await declareConflict(admin.kent, conflict)).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'settingId',
			message: `Grace Lin is reviewing ${OAKFIELD} in Allocation round. Take them off that review on the round's page first, then record the conflict.`
		});
		expect(
			await removeReviewer(admin.kent, roundId, view.round.version, {
				reviewId: hostNamed(view, OAKFIELD).review!.id,
				userId: people.grace.userId
			})
		).toEqual({ ok: true });
		// A planned review left with nobody goes, and the page says why Oakfield has no reviewer.
		view = await roundView(roundId);
		expect(hostNamed(view, OAKFIELD).review).toBeNull();
		expect(hostNamed(view, OAKFIELD).reason).toBe('One person in its group could review it.');
		expect(await declareConflict(admin.kent, conflict)).toEqual({ ok: true });
		expect((await latestAudit(admin.kent, 'conflict-of-interest.declared'))?.subject).toBe(
			`Grace Lin, ${OAKFIELD}`
		);
		view = await propose(roundId);
		expect(reviewersOf(view, OAKFIELD)).toEqual(['Ruth Okafor']);
		expect(reviewersOf(view, WILLOWBROOK)).toEqual(['Grace Lin']);
		expect(reviewersOf(view, CLIFFSIDE)).toEqual(['Sam Patel']);
	});

	it('refuses manual additions that break a rule, with the rule’s own words', async () => {
		const { round } = await roundView(roundId);
		// Room for a second reviewer, so only the rules stand in the way.
		await updateRound(admin.kent, roundId, round.version, {
			...roundFormValues(round),
			reviewersPerReview: 2
		});
		const add = async (host: string, person: string, from: string) =>
			addReviewer(admin.kent, roundId, (await roundView(roundId)).round.version, {
				hostId: settingId(host),
				peerReviewerId: await registerId(person, from)
			});
		expect(await add(OAKFIELD, 'Sam Patel', OAKFIELD)).toEqual({
			ok: false,
			reason: 'refused',
			message: 'Nobody may review their own setting.'
		});
		expect(await add(OAKFIELD, 'Grace Lin', CLIFFSIDE)).toEqual({
			ok: false,
			reason: 'refused',
			message: 'This reviewer has declared a conflict of interest with this setting.'
		});
		// Willowbrook (Ruth) reviews Oakfield, so Oakfield's Sam may not review Willowbrook.
		expect(await add(WILLOWBROOK, 'Sam Patel', OAKFIELD)).toMatchObject({
			ok: false,
			reason: 'refused',
			message: including('does not allow two settings to review each other')
		});
		expect(await add(OAKFIELD, 'Ruth Okafor', WILLOWBROOK)).toMatchObject({
			ok: false,
			message: `Ruth Okafor already reviews ${OAKFIELD}.`
		});
		// Erin, once registered, comes from an early years setting: not a primary's reviewer.
		const candidates = await registerCandidates(admin.kent, 'erin');
		expect(candidates.rows.map((r) => [r.name, r.settingName])).toEqual([['Erin Walsh', ACORNS]]);
		expect(await addPeerReviewer(admin.kent, candidates.rows[0]!.membershipId)).toEqual({
			ok: true,
			name: 'Erin Walsh'
		});
		expect(await add(OAKFIELD, 'Erin Walsh', ACORNS)).toMatchObject({
			ok: false,
			message: including('reviewers come from settings of the same phase')
		});
		// Nothing was changed by the refusals.
		const view = await roundView(roundId);
		expect(reviewersOf(view, OAKFIELD)).toEqual(['Ruth Okafor']);
		expect(reviewersOf(view, WILLOWBROOK)).toEqual(['Grace Lin']);
		expect(reviewersOf(view, CLIFFSIDE)).toEqual(['Sam Patel']);
	});

	it('adds, makes lead and removes reviewers, keeping one lead, each audited', async () => {
		// In a triad where no two settings review each other, a second reviewer would always
		// come from a setting the host reviews; this round now allows that.
		const { round } = await roundView(roundId);
		await updateRound(admin.kent, roundId, round.version, {
			...roundFormValues(round),
			noReciprocal: false
		});
		const sam = await registerId('Sam Patel', OAKFIELD);
		const add = await addReviewer(admin.kent, roundId, (await roundView(roundId)).round.version, {
			hostId: settingId(WILLOWBROOK),
			peerReviewerId: sam
		});
		expect(add).toEqual({ ok: true });
		expect((await latestAudit(admin.kent, 'review-round.reviewer-added'))?.detail).toMatchObject({
			reviewer: 'Sam Patel',
			from: OAKFIELD,
			host: WILLOWBROOK,
			lead: false
		});
		let view = await roundView(roundId);
		let review = hostNamed(view, WILLOWBROOK).review!;
		expect(review.reviewers.map((p) => [p.name, p.isLead])).toEqual([
			['Grace Lin', true],
			['Sam Patel', false]
		]);
		expect(
			await makeLead(admin.kent, roundId, view.round.version, {
				reviewId: review.id,
				userId: people.sam.userId
			})
		).toEqual({ ok: true });
		expect((await latestAudit(admin.kent, 'review-round.lead-changed'))?.detail).toMatchObject({
			before: 'Grace Lin',
			after: 'Sam Patel'
		});
		view = await roundView(roundId);
		review = hostNamed(view, WILLOWBROOK).review!;
		expect(review.reviewers.map((p) => [p.name, p.isLead])).toEqual([
			['Sam Patel', true],
			['Grace Lin', false]
		]);
		expect(
			await removeReviewer(admin.kent, roundId, view.round.version, {
				reviewId: review.id,
				userId: people.sam.userId
			})
		).toEqual({ ok: true });
		expect((await latestAudit(admin.kent, 'review-round.reviewer-removed'))?.detail).toMatchObject({
			reviewer: 'Sam Patel',
			newLead: 'Grace Lin'
		});
		view = await roundView(roundId);
		review = hostNamed(view, WILLOWBROOK).review!;
		expect(review.reviewers.map((p) => [p.name, p.isLead])).toEqual([['Grace Lin', true]]);
		// Sam goes back on, so the review has two reviewers when the round is confirmed.
		await addReviewer(admin.kent, roundId, view.round.version, {
			hostId: settingId(WILLOWBROOK),
			peerReviewerId: sam
		});
		expect(reviewersOf(await roundView(roundId), WILLOWBROOK)).toEqual(['Grace Lin', 'Sam Patel']);
	});

	it('refuses an edit made on a stale version of the round', async () => {
		const view = await roundView(roundId);
		const review = hostNamed(view, WILLOWBROOK).review!;
		expect(
			await makeLead(admin.kent, roundId, view.round.version - 1, {
				reviewId: review.id,
				userId: people.sam.userId
			})
		).toEqual({ ok: false, reason: 'stale' });
	});

	it('refuses to confirm while a setting has no reviewer, naming it', async () => {
		const { round } = await roundView(roundId);
		expect(await confirmRound(admin.kent, roundId, round.version)).toEqual({
			ok: false,
			reason: 'incomplete',
			settings: [ACORNS]
		});
		expect((await roundView(roundId)).round.status).toBe('planning');
	});

	it('flags a conflict a reviewer declared since the allocation, and will not confirm it', async () => {
		let { round } = await roundView(roundId);
		await setParticipants(admin.kent, roundId, round.version, [settingId(ACORNS)], []);
		// The round is still planned, so Sam knows nothing of it and may declare the conflict.
		expect(
			await declareOwnConflict(people.sam, {
				settingId: settingId(WILLOWBROOK),
				reason: 'My partner teaches there'
			})
		).toEqual({ ok: true });
		const view = await roundView(roundId);
		expect(
			hostNamed(view, WILLOWBROOK).review!.reviewers.map((p) => [p.name, p.conflicted])
		).toEqual([
			['Grace Lin', false],
			['Sam Patel', true]
		]);
		round = view.round;
		expect(await confirmRound(admin.kent, roundId, round.version)).toEqual({
			ok: false,
			reason: 'conflicted',
			pairs: [`Sam Patel reviewing ${WILLOWBROOK}`]
		});
		const [conflict] = (await ownConflicts(people.sam)).conflicts;
		expect(await withdrawConflict(people.sam, conflict!.id, true)).toEqual({ ok: true });
	});

	it('confirms once every setting is reviewed, and the people see their reviews', async () => {
		let { round } = await roundView(roundId);
		expect(
			await setParticipants(admin.kent, roundId, round.version, [settingId(ACORNS)], [])
		).toEqual({ ok: true });
		round = (await roundView(roundId)).round;
		expect(await confirmRound(admin.kent, roundId, round.version)).toEqual({ ok: true });
		const view = await roundView(roundId);
		expect(view.round.status).toBe('confirmed');
		expect(view.round.confirmedAt).not.toBeNull();
		expect((await latestAudit(admin.kent, 'review-round.confirmed'))?.detail).toEqual({
			settings: 3,
			reviews: 3
		});
		const ruth = await myReviews(people.ruth);
		expect(
			ruth.reviewing.filter((r) => r.roundName === 'Allocation round').map((r) => r.hostName)
		).toEqual([OAKFIELD]);
		const head = await myReviews(people.head);
		expect(head.hosting.some((r) => r.roundName === 'Allocation round')).toBe(true);
	});

	it('keeps a confirmed round’s set-up, settings and allocation as they are', async () => {
		const { round } = await roundView(roundId);
		expect(await updateRound(admin.kent, roundId, round.version, roundFormValues(round))).toEqual({
			ok: false,
			reason: 'not-planning'
		});
		expect(await setParticipants(admin.kent, roundId, round.version, [], [])).toEqual({
			ok: false,
			reason: 'not-planning'
		});
		expect(await proposeRoundAllocation(admin.kent, roundId, round.version)).toMatchObject({
			ok: false,
			reason: 'refused'
		});
		expect(await deleteRound(admin.kent, roundId)).toEqual({ ok: false, reason: 'not-planning' });
	});

	it('after confirming, changes reviewers only while a review is allocated or in preparation', async () => {
		let view = await roundView(roundId);
		const oakfield = hostNamed(view, OAKFIELD).review!;
		const willowbrook = hostNamed(view, WILLOWBROOK).review!;
		await db.handle.db
			.update(peerReview)
			.set({ stage: 'visit' })
			.where(eq(peerReview.id, oakfield.id));
		await db.handle.db
			.update(peerReview)
			.set({ stage: 'preparation' })
			.where(eq(peerReview.id, willowbrook.id));
		const tooLate = {
			ok: false,
			reason: 'refused',
			message: `The review of ${OAKFIELD} has reached the stage "Visit", so its reviewers can no longer change.`
		};
		expect(
			await addReviewer(admin.kent, roundId, view.round.version, {
				hostId: settingId(OAKFIELD),
				peerReviewerId: await registerId('Sam Patel', OAKFIELD)
			})
		).toEqual(tooLate);
		expect(
			await removeReviewer(admin.kent, roundId, view.round.version, {
				reviewId: oakfield.id,
				userId: people.ruth.userId
			})
		).toEqual(tooLate);
		expect(
			await makeLead(admin.kent, roundId, view.round.version, {
				reviewId: oakfield.id,
				userId: people.ruth.userId
			})
		).toEqual(tooLate);

		// In preparation the lead can change and a reviewer can leave.
		expect(
			await makeLead(admin.kent, roundId, view.round.version, {
				reviewId: willowbrook.id,
				userId: people.sam.userId
			})
		).toEqual({ ok: true });
		view = await roundView(roundId);
		expect(
			await removeReviewer(admin.kent, roundId, view.round.version, {
				reviewId: willowbrook.id,
				userId: people.sam.userId
			})
		).toEqual({ ok: true });
		view = await roundView(roundId);
		expect(hostNamed(view, WILLOWBROOK).review!.reviewers.map((p) => [p.name, p.isLead])).toEqual([
			['Grace Lin', true]
		]);
		// …but its last reviewer stays until someone replaces them.
		expect(
			await removeReviewer(admin.kent, roundId, view.round.version, {
				reviewId: willowbrook.id,
				userId: people.grace.userId
			})
		).toMatchObject({
			ok: false,
			reason: 'refused',
			message: including('needs at least one reviewer')
		});
		// The rules still hold: nobody reviews their own setting, or one of another phase.
		expect(
			await addReviewer(admin.kent, roundId, view.round.version, {
				hostId: settingId(WILLOWBROOK),
				peerReviewerId: await registerId('Ruth Okafor', WILLOWBROOK)
			})
		).toMatchObject({ ok: false, message: 'Nobody may review their own setting.' });
		// Nor, now that it has left the round, from the pre-school.
		expect(
			await addReviewer(admin.kent, roundId, view.round.version, {
				hostId: settingId(WILLOWBROOK),
				peerReviewerId: await registerId('Erin Walsh', ACORNS)
			})
		).toMatchObject({
			ok: false,
			message: "This reviewer's setting is not taking part in this round."
		});
	});
});

describe('the peer reviewer register', () => {
	it('lists each person with the setting they review from and how many reviews they have', async () => {
		const { rows, total } = await listPeerReviewers(admin.kent, 1);
		expect(total).toBe(4);
		expect(rows.map((r) => [r.name, r.email, r.settingName])).toEqual([
			['Erin Walsh', 'eysenco@kent.test', ACORNS],
			['Grace Lin', 'reviewer2@kent.test', CLIFFSIDE],
			['Ruth Okafor', 'reviewer@kent.test', WILLOWBROOK],
			['Sam Patel', 'senco@kent.test', OAKFIELD]
		]);
		expect(rows.find((r) => r.name === 'Ruth Okafor')!.reviews).toBe(1);
		expect((await latestAudit(admin.kent, 'peer-reviewer.added'))?.subject).toBe(
			`Erin Walsh, ${ACORNS}`
		);
	});

	it('refuses to register someone twice from the same setting', async () => {
		const membership = await inTenant(admin.kent, async (tx) => {
			const { membership: m } = await import('../../src/lib/server/db/schema');
			return tx
				.select({ id: m.id })
				.from(m)
				.where(and(eq(m.userId, people.ruth.userId), eq(m.organisationId, settingId(WILLOWBROOK))));
		});
		expect(await addPeerReviewer(admin.kent, membership[0]!.id)).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'membershipId',
			message: `Ruth Okafor is already on the register from ${WILLOWBROOK}`
		});
		expect(
			(await registerCandidates(admin.kent, 'ruth')).rows.some((r) => r.settingName === WILLOWBROOK)
		).toBe(false);
	});

	it('refuses to remove someone on a review not finalised, naming it', async () => {
		const id = await registerId('Ruth Okafor', WILLOWBROOK);
		const result = await removePeerReviewer(admin.kent, id);
		expect(result).toMatchObject({
			ok: false,
			reason: 'busy',
			reviews: [{ hostName: OAKFIELD, roundName: 'Allocation round' }]
		});
		expect((await peerReviewerForRemoval(admin.kent, id))!.openReviews).toHaveLength(1);
		expect((await listPeerReviewers(admin.kent, 1)).total).toBe(4);
	});

	it('removes someone with no open review, and audits it', async () => {
		const id = await registerId('Erin Walsh', ACORNS);
		expect(await removePeerReviewer(admin.kent, id)).toEqual({ ok: true, name: 'Erin Walsh' });
		expect((await latestAudit(admin.kent, 'peer-reviewer.removed'))?.subject).toBe(
			`Erin Walsh, ${ACORNS}`
		);
		expect((await listPeerReviewers(admin.kent, 1)).total).toBe(3);
	});
});

describe('conflicts of interest', () => {
	it('lets a reviewer declare and withdraw their own, audited', async () => {
		const harbour = settingId('Harbour View Academy');
		expect(
			await declareOwnConflict(people.ruth, {
				settingId: harbour,
				reason: 'I was a governor there'
			})
		).toEqual({ ok: true });
		expect((await latestAudit(admin.kent, 'conflict-of-interest.declared'))?.detail).toMatchObject({
			declaredBy: 'reviewer'
		});
		const mine = await ownConflicts(people.ruth);
		expect(mine.onRegister).toBe(true);
		expect(mine.conflicts.map((c) => [c.settingName, c.reason, c.selfDeclared])).toEqual([
			['Harbour View Academy', 'I was a governor there', true]
		]);
		// Someone else, even another reviewer, cannot see or withdraw it.
		const id = mine.conflicts[0]!.id;
		expect(await conflictForWithdrawal(people.grace, id, true)).toBeNull();
		expect(await withdrawConflict(people.grace, id, true)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await withdrawConflict(people.ruth, id, true)).toEqual({ ok: true });
		expect((await latestAudit(admin.kent, 'conflict-of-interest.removed'))?.detail).toMatchObject({
			withdrawnBy: 'reviewer'
		});
		expect((await ownConflicts(people.ruth)).conflicts).toEqual([]);
	});

	it('refuses a conflict for a review the reviewer is on, pointing them to the LA', async () => {
		const result = await declareOwnConflict(people.ruth, {
			settingId: settingId(OAKFIELD),
			reason: 'A friend works there'
		});
		expect(result).toMatchObject({ ok: false, reason: 'invalid', field: 'settingId' });
		expect((result as { message: string }).message).toContain(
			'Ask the local authority to change the allocation'
		);
	});

	it('refuses someone not on the register, and a second conflict with the same setting', async () => {
		expect(
			await declareOwnConflict(people.head, { settingId: settingId(CLIFFSIDE), reason: 'x' })
		).toMatchObject({ ok: false, message: including('register') });
		expect((await ownConflicts(people.head)).onRegister).toBe(false);
		expect(
			await declareConflict(admin.kent, {
				userId: people.head.userId,
				settingId: settingId(CLIFFSIDE),
				reason: 'x'
			})
		).toMatchObject({ ok: false, field: 'userId' });
		expect(
			await declareConflict(admin.kent, {
				userId: people.grace.userId,
				settingId: settingId(OAKFIELD),
				reason: 'Again'
			})
		).toMatchObject({ ok: false, field: 'settingId', message: including('already') });
		expect(
			conflictSchema
				.safeParse({ userId: '', settingId: '', reason: ' ' })
				.error?.issues.map((i) => i.message)
		).toEqual([
			'Choose a peer reviewer from the list',
			'Choose a setting from the list',
			'Enter the reason for the conflict of interest'
		]);
	});

	it('lets the LA, and not the reviewer, withdraw a conflict the LA recorded', async () => {
		const { rows } = await listConflicts(admin.kent, 1);
		expect(rows.map((r) => [r.name, r.settingName, r.selfDeclared])).toEqual([
			['Grace Lin', OAKFIELD, false]
		]);
		expect(await withdrawConflict(people.grace, rows[0]!.id, true)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await withdrawConflict(admin.kent, rows[0]!.id, false)).toEqual({ ok: true });
		expect((await latestAudit(admin.kent, 'conflict-of-interest.removed'))?.detail).toMatchObject({
			withdrawnBy: 'local authority'
		});
	});
});

describe('who may do what', () => {
	it('lets an LA officer read but not write', async () => {
		expect((await listRounds(officer)).length).toBeGreaterThan(0);
		const round = (await listRounds(officer)).find((r) => r.name === 'Allocation round')!;
		const version = (await roundView(round.id)).round.version;
		const forbidden = { ok: false, reason: 'forbidden' };
		expect(await createRound(officer, rules({ name: 'Officer round' }))).toEqual(forbidden);
		expect(await updateRound(officer, round.id, version, rules())).toEqual(forbidden);
		expect(await deleteRound(officer, round.id)).toEqual(forbidden);
		expect(await setParticipants(officer, round.id, version, [], [])).toEqual(forbidden);
		expect(await proposeRoundAllocation(officer, round.id, version)).toEqual(forbidden);
		expect(await confirmRound(officer, round.id, version)).toEqual(forbidden);
		const ids = { reviewId: round.id, userId: people.ruth.userId };
		expect(await makeLead(officer, round.id, version, ids)).toEqual(forbidden);
		expect(await removeReviewer(officer, round.id, version, ids)).toEqual(forbidden);
		expect(
			await addReviewer(officer, round.id, version, { hostId: round.id, peerReviewerId: round.id })
		).toEqual(forbidden);
		expect(await addPeerReviewer(officer, round.id)).toEqual(forbidden);
		expect(await removePeerReviewer(officer, round.id)).toEqual(forbidden);
		expect(
			await declareConflict(officer, {
				userId: people.ruth.userId,
				settingId: round.id,
				reason: 'x'
			})
		).toEqual(forbidden);
		expect(await withdrawConflict(officer, round.id, false)).toEqual(forbidden);
	});

	it('gives another tenant’s admin not-found for every round, reviewer and conflict id', async () => {
		const round = (await listRounds(admin.kent)).find((r) => r.name === 'Allocation round')!;
		const view = await roundView(round.id);
		const review = hostNamed(view, OAKFIELD).review!;
		const version = view.round.version;
		const notFound = { ok: false, reason: 'not-found' };
		const other = admin.northbury;
		expect(await getRound(other, round.id)).toBeNull();
		expect(
			await participantChoices(other, round.id, { q: '', district: '', phase: '', taking: false })
		).toBeNull();
		expect(
			await updateRound(other, round.id, version, rules({ cycleId: cycles.northbury }))
		).toEqual(notFound);
		expect(await deleteRound(other, round.id)).toEqual(notFound);
		expect(await setParticipants(other, round.id, version, [], [])).toEqual(notFound);
		expect(await proposeRoundAllocation(other, round.id, version)).toEqual(notFound);
		expect(await confirmRound(other, round.id, version)).toEqual(notFound);
		const ids = { reviewId: review.id, userId: people.grace.userId };
		expect(await makeLead(other, round.id, version, ids)).toEqual(notFound);
		expect(await removeReviewer(other, round.id, version, ids)).toEqual(notFound);
		expect(
			await addReviewer(other, round.id, version, {
				hostId: settingId(OAKFIELD),
				peerReviewerId: await registerId('Ruth Okafor', WILLOWBROOK)
			})
		).toEqual(notFound);
		const entry = await registerId('Ruth Okafor', WILLOWBROOK);
		expect(await peerReviewerForRemoval(other, entry)).toBeNull();
		expect(await removePeerReviewer(other, entry)).toEqual(notFound);
		expect((await listRounds(other)).some((r) => r.id === round.id)).toBe(false);
		expect(await cycleCalibration(other, cycles.previous)).toBeNull();
	});
});

describe('calibration across a cycle', () => {
	type Want = 'higher' | 'equal' | 'lower';
	/** The agreed rating that makes the host's own rating compare as wanted. */
	const agreedFor = (self: number, want: Want) =>
		want === 'higher' ? self - 1 : want === 'lower' ? self + 1 : self;
	const fits = (self: number, want: Want) => {
		const agreed = agreedFor(self, want);
		return agreed >= 1 && agreed <= 4;
	};

	/** Oakfield's signed-off 2025/26 self-ratings, by section in framework order. */
	async function oakfieldRatings() {
		const [evaluation] = await db.handle.db
			.select({ id: selfEvaluation.id })
			.from(selfEvaluation)
			.where(
				and(
					eq(selfEvaluation.cycleId, cycles.previous),
					eq(selfEvaluation.settingId, settingId(OAKFIELD))
				)
			);
		const rows = await db.handle.db
			.select({
				criterionId: judgement.criterionId,
				self: judgement.rating,
				code: frameworkSection.code,
				title: frameworkSection.title,
				sectionId: frameworkSection.id
			})
			.from(judgement)
			.innerJoin(frameworkCriterion, eq(frameworkCriterion.id, judgement.criterionId))
			.innerJoin(frameworkSection, eq(frameworkSection.id, frameworkCriterion.sectionId))
			.where(eq(judgement.evaluationId, evaluation!.id))
			.orderBy(asc(frameworkSection.position), asc(frameworkCriterion.position));
		return { evaluationId: evaluation!.id, rows };
	}

	/** Picks a criterion of the section for each wanted comparison, and the agreed rating for it. */
	function choose(
		rows: Awaited<ReturnType<typeof oakfieldRatings>>['rows'],
		sectionId: string,
		wants: Want[]
	) {
		const left = rows.filter((r) => r.sectionId === sectionId && r.self !== null);
		return wants.map((want) => {
			const i = left.findIndex((r) => fits(r.self!, want));
			if (i < 0) throw new Error(`No criterion fits ${want}`);
			const [row] = left.splice(i, 1);
			return { criterionId: row!.criterionId, rating: agreedFor(row!.self!, want) };
		});
	}

	async function agree(
		reviewId: string,
		evaluationId: string,
		ratings: { criterionId: string; rating: number }[],
		stage: 'finalised' | 'visit'
	) {
		await db.handle.db.update(peerReview).set({ evaluationId }).where(eq(peerReview.id, reviewId));
		await db.handle.db.insert(agreedRating).values(
			ratings.map((r) => ({
				tenantId: admin.kent.tenantId,
				reviewId,
				criterionId: r.criterionId,
				rating: r.rating,
				rationale: 'Agreed at moderation'
			}))
		);
		await db.handle.db
			.update(peerReview)
			.set({ stage, ...(stage === 'finalised' ? { finalisedAt: new Date() } : {}) })
			.where(eq(peerReview.id, reviewId));
	}

	it('counts, per section, how often hosts rated themselves higher, equal or lower', async () => {
		const { evaluationId, rows } = await oakfieldRatings();
		const sectionIds = [...new Set(rows.map((r) => r.sectionId))];
		const [first, second] = sectionIds.map((id) => rows.find((r) => r.sectionId === id)!);
		// The demo's own finalised reviews count too: the test checks what its review adds.
		const before = (await cycleCalibration(admin.kent, cycles.previous))!;
		const finalised = await seedOakfieldReview('Calibration: finalised');
		await agree(
			finalised.reviewId,
			evaluationId,
			[
				...choose(rows, first!.sectionId, ['higher', 'equal', 'lower', 'higher']),
				...choose(rows, second!.sectionId, ['equal', 'equal'])
			],
			'finalised'
		);
		// A review still at its visit does not count, whatever its agreed ratings say.
		const unfinished = await seedOakfieldReview('Calibration: unfinished');
		await agree(
			unfinished.reviewId,
			evaluationId,
			choose(rows, first!.sectionId, ['lower', 'lower']),
			'visit'
		);

		// No cycle named: the newest with finalised reviews, 2025/26, not the newer 2026/27.
		const result = await cycleCalibration(admin.kent, null);
		expect(result!.cycle).toMatchObject({
			id: cycles.previous,
			name: '2025/26',
			finalised: before.cycle!.finalised + 1
		});
		expect(result!.reviewsCounted).toBe(before.reviewsCounted + 1);
		expect(result!.comparisons).toBe(before.comparisons + 6);
		const added = (label: string) => {
			const [was, now] = [before, result!].map((r) => r.sections.find((s) => s.label === label));
			return {
				higher: now!.higher - (was?.higher ?? 0),
				equal: now!.equal - (was?.equal ?? 0),
				lower: now!.lower - (was?.lower ?? 0)
			};
		};
		expect(added(`${first!.code} ${first!.title}`)).toEqual({ higher: 2, equal: 1, lower: 1 });
		expect(added(`${second!.code} ${second!.title}`)).toEqual({ higher: 0, equal: 2, lower: 0 });
		expect(result!.sections[0]!.frameworkName).toBeTruthy();
	});

	it('shows nothing for a cycle without finalised reviews, and 404s a cycle not the tenant’s', async () => {
		const current = await cycleCalibration(admin.kent, cycles.current);
		expect(current).toMatchObject({ sections: [], reviewsCounted: 0, cycle: { finalised: 0 } });
		expect(await cycleCalibration(admin.kent, cycles.northbury)).toBeNull();
		expect(await cycleCalibration(admin.kent, 'nonsense')).toBeNull();
	});

	it('counts a reviewer’s finalised review towards the register and frees them to leave it', async () => {
		// Ruth's reviews: Cliffside in the allocation round, and the seeded ones finalised or not.
		const reviews = await db.handle.db
			.select({ id: reviewReviewer.reviewId })
			.from(reviewReviewer)
			.where(eq(reviewReviewer.userId, people.ruth.userId));
		expect(reviews.length).toBeGreaterThanOrEqual(3);
		const open = await peerReviewerForRemoval(
			admin.kent,
			await registerId('Ruth Okafor', WILLOWBROOK)
		);
		expect(open!.openReviews.map((r) => r.roundName).sort()).toEqual([
			'Allocation round',
			'Calibration: unfinished'
		]);
		const ids = reviews.map((r) => r.id);
		expect(ids.length).toBe(new Set(ids).size);
		const stages = await db.handle.db
			.select({ stage: peerReview.stage })
			.from(peerReview)
			.where(inArray(peerReview.id, ids));
		expect(stages.filter((s) => s.stage === 'finalised')).toHaveLength(1);
	});
});

describe('who may never be allocated', () => {
	type Pairing = { hostId: string; userId: string; settingId: string; isLead: boolean };

	/** Every reviewer of every review in the round, as the allocation stands. */
	const pairingsOf = (view: RoundView): Pairing[] =>
		hostsOf(view).flatMap((h) =>
			(h.review?.reviewers ?? []).map((p) => ({
				hostId: h.id,
				userId: p.userId,
				settingId: p.settingId,
				isLead: p.isLead
			}))
		);

	/** Puts an allocation straight into the tables, past the rules the services keep. */
	async function allocateByHand(roundId: string, pairings: Pairing[]) {
		const tenantId = admin.kent.tenantId;
		await db.handle.db.delete(peerReview).where(eq(peerReview.roundId, roundId));
		const hosts = [...new Set(pairings.map((p) => p.hostId))];
		const made = await db.handle.db
			.insert(peerReview)
			.values(hosts.map((hostSettingId) => ({ tenantId, roundId, hostSettingId })))
			.returning({ id: peerReview.id, hostId: peerReview.hostSettingId });
		await db.handle.db.insert(reviewReviewer).values(
			pairings.map((p) => ({
				tenantId,
				reviewId: made.find((m) => m.hostId === p.hostId)!.id,
				userId: p.userId,
				settingId: p.settingId,
				isLead: p.isLead
			}))
		);
	}

	/** A planned round of the three primaries with an allocation proposed, everyone covered. */
	async function proposedRound(name: string) {
		const id = await newRound(name);
		await withSettings(id, [OAKFIELD, WILLOWBROOK, CLIFFSIDE]);
		const view = await propose(id);
		expect(hostsOf(view).every((h) => h.covered)).toBe(true);
		return { id, pairings: pairingsOf(view) };
	}

	it('never proposes someone for a setting where they hold a role, and will not confirm it', async () => {
		const { id, pairings } = await proposedRound('Role round');
		const samReviews = pairings.find((p) => p.userId === people.sam.userId)!.hostId;
		const host = hostsOf(await roundView(id)).find((h) => h.id === samReviews)!.name;
		// Sam, Oakfield's SENCO, also takes on a role at the setting he was proposed to review.
		const [role] = await db.handle.db
			.insert(membership)
			.values({
				tenantId: admin.kent.tenantId,
				userId: people.sam.userId,
				organisationId: samReviews,
				role: 'staff'
			})
			.returning({ id: membership.id });
		try {
			let view = await propose(id);
			expect(reviewersOf(view, host)).not.toContain('Sam Patel');
			expect(
				pairingsOf(view).some((p) => p.userId === people.sam.userId && p.hostId === samReviews)
			).toBe(false);
			// A pairing made outside the rules is flagged on the round's page and not confirmed.
			await allocateByHand(id, pairings);
			view = await roundView(id);
			expect(hostNamed(view, host).review!.reviewers.map((p) => [p.name, p.conflicted])).toEqual([
				['Sam Patel', true]
			]);
			expect(await confirmRound(admin.kent, id, view.round.version)).toEqual({
				ok: false,
				reason: 'refused',
				message: including(`Sam Patel reviewing ${host}`)
			});
			expect((await roundView(id)).round.status).toBe('planning');
		} finally {
			await db.handle.db.delete(membership).where(eq(membership.id, role!.id));
		}
		// Without the role, the same allocation confirms.
		expect(await confirmRound(admin.kent, id, (await roundView(id)).round.version)).toEqual({
			ok: true
		});
	});

	it('never proposes or offers a deactivated person, and will not confirm them', async () => {
		const { id, pairings } = await proposedRound('Deactivated round');
		expect(pairings.some((p) => p.userId === people.grace.userId)).toBe(true);
		const grace = and(
			eq(tenantUser.tenantId, admin.kent.tenantId),
			eq(tenantUser.userId, people.grace.userId)
		);
		await db.handle.db.update(tenantUser).set({ deactivatedAt: new Date() }).where(grace);
		try {
			let view = await propose(id);
			expect(pairingsOf(view).some((p) => p.userId === people.grace.userId)).toBe(false);
			const offered = view.reviewerChoices.flatMap((g) => g.options.map((o) => o.label));
			expect(offered.some((label) => label.startsWith('Grace Lin'))).toBe(false);
			expect(offered.some((label) => label.startsWith('Ruth Okafor'))).toBe(true);
			expect(
				await addReviewer(admin.kent, id, view.round.version, {
					hostId: settingId(OAKFIELD),
					peerReviewerId: await registerId('Grace Lin', CLIFFSIDE)
				})
			).toEqual({
				ok: false,
				reason: 'refused',
				message: 'Choose a peer reviewer from the register.'
			});
			await allocateByHand(id, pairings);
			view = await roundView(id);
			const graceReviews = hostsOf(view).find((h) =>
				h.review?.reviewers.some((p) => p.userId === people.grace.userId)
			)!.name;
			expect(await confirmRound(admin.kent, id, view.round.version)).toEqual({
				ok: false,
				reason: 'refused',
				message: including(`Grace Lin reviewing ${graceReviews}`)
			});
			expect((await roundView(id)).round.status).toBe('planning');
		} finally {
			await db.handle.db.update(tenantUser).set({ deactivatedAt: null }).where(grace);
		}
		expect(await confirmRound(admin.kent, id, (await roundView(id)).round.version)).toEqual({
			ok: true
		});
	});
});
