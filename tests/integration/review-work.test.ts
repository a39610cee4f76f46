import { and, eq, ne, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReviewStage } from '../../src/lib/domain/peer-review';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	evaluationCycle,
	frameworkCriterion,
	organisation,
	peerReview,
	reviewerRating,
	reviewReviewer,
	reviewRound,
	selfEvaluation,
	visitEvidence
} from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import {
	disagreement,
	finishModeration,
	moderationView,
	reviewCalibration,
	saveAgreedRating
} from '../../src/lib/server/services/review-moderation';
import {
	addEnquiry,
	preparationView,
	removeEnquiry,
	saveContext,
	saveVisitPlan,
	startVisit
} from '../../src/lib/server/services/review-preparation';
import { ratingsView, saveRating } from '../../src/lib/server/services/review-ratings';
import {
	sharedSelfEvaluation,
	shareReview,
	shareView,
	type ReviewContext
} from '../../src/lib/server/services/review-sharing';
import {
	addVisitEvidence,
	EVIDENCE_PAGE_SIZE,
	evidenceLog,
	removeVisitEvidence
} from '../../src/lib/server/services/review-visit';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor } from './support/fixtures';
import { seedOakfieldReview } from './support/peer-review';
import { atOnce } from './support/races';

const db = useTestDatabase();

type Who =
	| 'head'
	| 'senco'
	| 'staff'
	| 'lead'
	| 'second'
	| 'outsider'
	| 'laAdmin'
	| 'northbury'
	| 'northburyAdmin';
const as = {} as Record<Who, Scope>;

beforeAll(async () => {
	const emails: Record<Who, string> = {
		head: 'head@kent.test',
		senco: 'senco@kent.test',
		staff: 'staff@kent.test',
		lead: 'reviewer@kent.test',
		second: 'reviewer2@kent.test',
		outsider: 'eysenco@kent.test',
		laAdmin: 'la.admin@kent.test',
		northbury: 'senco@northbury.test',
		northburyAdmin: 'la.admin@northbury.test'
	};
	for (const [key, email] of Object.entries(emails)) as[key as Who] = await scopeFor(email);
});

const CONTEXT: ReviewContext = { roll: 300, senSupport: 45, ehcp: 6, priorities: 'Reading' };

/** The review's version column, which every stage step and context or plan save quotes. */
async function versionOf(reviewId: string) {
	const [row] = await db.handle.db
		.select({ version: peerReview.version, stage: peerReview.stage })
		.from(peerReview)
		.where(eq(peerReview.id, reviewId));
	return row!;
}

/** Puts a review straight into a stage, as the set-up of a later stage's test. */
async function putInStage(reviewId: string, stage: ReviewStage) {
	await db.handle.db
		.update(peerReview)
		.set({ stage, ...(stage === 'finalised' ? { finalisedAt: new Date() } : {}) })
		.where(eq(peerReview.id, reviewId));
}

/** A review of Oakfield that its head has shared, in preparation. */
async function sharedReview(label: string) {
	const seeded = await seedOakfieldReview(label);
	const shared = await shareReview(
		as.head,
		seeded.reviewId,
		(await versionOf(seeded.reviewId)).version,
		CONTEXT
	);
	expect(shared).toEqual({ ok: true });
	return seeded;
}

/** A shared review with its visit under way, and the first section's criteria. */
async function reviewInVisit(label: string) {
	const seeded = await sharedReview(label);
	await putInStage(seeded.reviewId, 'visit');
	const view = (await ratingsView(as.lead, seeded.reviewId))!;
	return { ...seeded, criteria: view.section!.criteria, sections: view.sections };
}

/** A criterion of a framework version other than the one Oakfield's self-evaluation uses. */
async function foreignCriterion(reviewId: string) {
	const [evaluation] = await db.handle.db
		.select({ versionId: selfEvaluation.versionId })
		.from(peerReview)
		.innerJoin(selfEvaluation, eq(selfEvaluation.id, peerReview.evaluationId))
		.where(eq(peerReview.id, reviewId));
	const [other] = await db.handle.db
		.select({ id: frameworkCriterion.id, tenantId: frameworkCriterion.tenantId })
		.from(frameworkCriterion)
		.where(
			and(
				ne(frameworkCriterion.versionId, evaluation!.versionId),
				eq(frameworkCriterion.tenantId, as.lead.tenantId)
			)
		)
		.limit(1);
	return other!.id;
}

/** The SQLSTATE of a failed statement, wherever the driver put it in the cause chain. */
async function sqlState(work: Promise<unknown>) {
	const failure = await work.then(
		() => null,
		(e: unknown) => e
	);
	let code: unknown;
	for (let e = failure; e && typeof e === 'object'; e = (e as Error).cause)
		code ??= (e as { code?: unknown }).code;
	return code;
}

const rate = (who: Scope, reviewId: string, criterionId: string, rating: number, version = 0) =>
	saveRating(who, reviewId, criterionId, version, { rating, rationale: `Seen on the visit` });

describe('sharing the self-evaluation', () => {
	it('is for the host head or SENCO only, and moves the review to preparation', async () => {
		const { reviewId } = await seedOakfieldReview('Sharing round');
		for (const who of [as.lead, as.second, as.staff, as.outsider, as.laAdmin, as.northbury])
			expect(await shareView(who, reviewId)).toBeUndefined();
		const view = (await shareView(as.head, reviewId))!;
		expect(view.cycleName).toBe('2025/26');
		expect(view.signedOff?.signedOffAt).toBeInstanceOf(Date);
		expect(view.review.stage).toBe('allocated');
		expect((await shareView(as.senco, reviewId))?.signedOff?.id).toBe(view.signedOff!.id);

		const { version } = await versionOf(reviewId);
		expect(await shareReview(as.lead, reviewId, version, CONTEXT)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		for (const who of [as.outsider, as.northbury, as.staff])
			expect(await shareReview(who, reviewId, version, CONTEXT)).toEqual({
				ok: false,
				reason: 'not-found'
			});
		expect(await shareReview(as.head, reviewId, version + 1, CONTEXT)).toEqual({
			ok: false,
			reason: 'stale'
		});
		expect(await shareReview(as.head, reviewId, version, { ...CONTEXT, ehcp: 301 })).toMatchObject({
			reason: 'invalid',
			field: 'ehcp'
		});
		expect((await versionOf(reviewId)).stage).toBe('allocated');

		expect(await shareReview(as.senco, reviewId, version, CONTEXT)).toEqual({ ok: true });
		const [row] = await db.handle.db.select().from(peerReview).where(eq(peerReview.id, reviewId));
		expect(row).toMatchObject({
			stage: 'preparation',
			evaluationId: view.signedOff!.id,
			...CONTEXT
		});
		expect((await latestAudit(as.laAdmin, 'peer-review.shared'))?.subject).toBe(
			'Oakfield Primary School, Sharing round'
		);
		expect(await shareReview(as.head, reviewId, version + 1, CONTEXT)).toEqual({
			ok: false,
			reason: 'wrong-stage',
			stage: 'preparation'
		});
	});

	it('is refused while the host has no signed-off self-evaluation for the cycle', async () => {
		// A round in 2026/27, where Oakfield's self-evaluation is still in progress.
		const kent = as.laAdmin.tenantId;
		const reviewId = await db.handle.db.transaction(async (tx) => {
			const [cycle] = await tx
				.select({ id: evaluationCycle.id })
				.from(evaluationCycle)
				.where(and(eq(evaluationCycle.tenantId, kent), eq(evaluationCycle.name, '2026/27')));
			const [oakfield] = await tx
				.select({ id: organisation.id })
				.from(organisation)
				.where(eq(organisation.name, 'Oakfield Primary School'));
			const [round] = await tx
				.insert(reviewRound)
				.values({ tenantId: kent, cycleId: cycle!.id, name: 'Next year', status: 'confirmed' })
				.returning({ id: reviewRound.id });
			const [review] = await tx
				.insert(peerReview)
				.values({ tenantId: kent, roundId: round!.id, hostSettingId: oakfield!.id })
				.returning({ id: peerReview.id });
			await tx.insert(reviewReviewer).values({
				tenantId: kent,
				reviewId: review!.id,
				userId: as.lead.userId,
				settingId: as.lead.membership.organisationId,
				isLead: true
			});
			return review!.id;
		});
		const view = (await shareView(as.head, reviewId))!;
		expect(view.cycleName).toBe('2026/27');
		expect(view.signedOff).toBeNull();
		expect(view.evaluation?.status).toBe('in_progress');
		const { version } = await versionOf(reviewId);
		expect(await shareReview(as.head, reviewId, version, CONTEXT)).toEqual({
			ok: false,
			reason: 'no-evaluation'
		});
		expect(await versionOf(reviewId)).toEqual({ version, stage: 'allocated' });
		// Nothing shared, so the reviewers have nothing to read.
		expect(await sharedSelfEvaluation(as.lead, reviewId)).toBeUndefined();
	});
});

describe('the shared self-evaluation', () => {
	it('shows reviewers and host ratings, narratives and evidence titles, never the files', async () => {
		const { reviewId } = await sharedReview('Reading round');
		const view = (await sharedSelfEvaluation(as.second, reviewId))!;
		expect(view.evaluation.cycleName).toBe('2025/26');
		expect(view.sections.length).toBeGreaterThan(1);
		expect(view.sections.every((s) => s.level !== null)).toBe(true);
		const first = view.section!.criteria[0]!;
		expect(first.rating).not.toBeNull();
		expect(first.narrative).toContain(first.code);
		expect(first.evidenceTitles).toEqual(['SEN information report on the school website']);
		const text = JSON.stringify(view);
		expect(text).not.toContain('https://example.org');
		expect(text).not.toMatch(/fileName|"url"|content/);

		const other = view.sections[1]!;
		const picked = (await sharedSelfEvaluation(as.head, reviewId, other.id))!;
		expect(picked.section?.id).toBe(other.id);
		for (const who of [as.outsider, as.staff, as.northbury, as.laAdmin])
			expect(await sharedSelfEvaluation(who, reviewId)).toBeUndefined();
	});
});

describe('preparation', () => {
	it('keeps stage order: no visit before sharing, nor before a visit date', async () => {
		const { reviewId } = await seedOakfieldReview('Order round');
		const allocated = await versionOf(reviewId);
		expect(await startVisit(as.lead, reviewId, allocated.version)).toEqual({
			ok: false,
			reason: 'wrong-stage',
			stage: 'allocated'
		});
		expect(await preparationView(as.lead, reviewId)).toBeUndefined();
		await shareReview(as.head, reviewId, allocated.version, CONTEXT);
		const { version } = await versionOf(reviewId);
		expect(await startVisit(as.lead, reviewId, version)).toEqual({
			ok: false,
			reason: 'no-visit-date'
		});
		expect(await startVisit(as.second, reviewId, version)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await startVisit(as.head, reviewId, version)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
	});

	it('lets the lead plan a visit of one to three days, then start it', async () => {
		const { reviewId } = await sharedReview('Plan round');
		const plan = { start: '2026-03-10', end: '2026-03-11', activities: 'Walk', people: 'SENCO' };
		let { version } = await versionOf(reviewId);
		expect(await saveVisitPlan(as.second, reviewId, version, plan)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await saveVisitPlan(as.head, reviewId, version, plan)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(
			await saveVisitPlan(as.lead, reviewId, version, { ...plan, end: '2026-03-13' })
		).toMatchObject({ reason: 'invalid', field: 'visitEnd' });
		expect(
			await saveVisitPlan(as.lead, reviewId, version, { ...plan, end: '2026-03-09' })
		).toMatchObject({ reason: 'invalid', field: 'visitEnd' });
		expect(await saveVisitPlan(as.lead, reviewId, version + 1, plan)).toMatchObject({
			reason: 'stale',
			current: { start: null }
		});
		expect(await saveVisitPlan(as.lead, reviewId, version, plan)).toEqual({ ok: true });
		expect((await latestAudit(as.laAdmin, 'peer-review.visit-plan-saved'))?.subject).toBe(
			'Oakfield Primary School, Plan round'
		);
		// The host reads the plan but not the lines of enquiry.
		const hostView = (await preparationView(as.head, reviewId))!;
		expect(hostView.plan).toMatchObject({ start: '2026-03-10', end: '2026-03-11' });
		expect(hostView.enquiries).toBeNull();
		expect(hostView.criteria).toBeNull();
		expect(hostView.rights).toMatchObject({ editContext: true, editPlan: false });

		expect(await startVisit(as.lead, reviewId, version)).toEqual({ ok: false, reason: 'stale' });
		({ version } = await versionOf(reviewId));
		expect(await startVisit(as.lead, reviewId, version)).toEqual({ ok: true });
		expect((await versionOf(reviewId)).stage).toBe('visit');
		expect((await latestAudit(as.laAdmin, 'peer-review.visit_started'))?.subject).toBe(
			'Oakfield Primary School, Plan round'
		);
		// The plan may still change during the visit; the host's context may not.
		({ version } = await versionOf(reviewId));
		expect(
			await saveVisitPlan(as.lead, reviewId, version, { ...plan, people: 'SENCO, head' })
		).toEqual({ ok: true });
		({ version } = await versionOf(reviewId));
		expect(await saveContext(as.head, reviewId, version, CONTEXT)).toEqual({
			ok: false,
			reason: 'wrong-stage',
			stage: 'visit'
		});
	});

	it('lets the host change its context while in preparation, and only the host', async () => {
		const { reviewId } = await sharedReview('Context round');
		const { version } = await versionOf(reviewId);
		const changed = { ...CONTEXT, roll: 310, priorities: 'Reading and attendance' };
		expect(await saveContext(as.lead, reviewId, version, changed)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(
			await saveContext(as.head, reviewId, version, { ...changed, senSupport: 400 })
		).toMatchObject({ reason: 'invalid', field: 'senSupport' });
		expect(await saveContext(as.head, reviewId, version, changed)).toEqual({ ok: true });
		expect(await saveContext(as.senco, reviewId, version, CONTEXT)).toMatchObject({
			reason: 'stale',
			current: { roll: 310 }
		});
		expect((await preparationView(as.second, reviewId))?.context).toMatchObject(changed);
		expect((await latestAudit(as.laAdmin, 'peer-review.context-saved'))?.detail).toMatchObject({
			after: { roll: 310 }
		});
	});

	it('keeps lines of enquiry to the review team, linked to the host framework criteria', async () => {
		const { reviewId } = await sharedReview('Enquiry round');
		const view = (await preparationView(as.second, reviewId))!;
		const [c1, c2] = view.criteria![0]!.criteria;
		const question = 'How are pupils with SEN support heard in their reviews?';
		expect(
			await addEnquiry(as.second, reviewId, {
				question,
				criterionIds: [await foreignCriterion(reviewId)]
			})
		).toMatchObject({ reason: 'invalid', field: 'criterionIds' });
		expect(
			await addEnquiry(as.second, reviewId, { question, criterionIds: ['not-an-id'] })
		).toMatchObject({ reason: 'invalid', field: 'criterionIds' });
		expect(
			await addEnquiry(as.second, reviewId, { question: ' ', criterionIds: [c1!.id] })
		).toMatchObject({
			reason: 'invalid',
			field: 'question'
		});
		expect(await addEnquiry(as.head, reviewId, { question, criterionIds: [c1!.id] })).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		const added = await addEnquiry(as.second, reviewId, {
			question,
			criterionIds: [c1!.id, c2!.id]
		});
		expect(added.ok).toBe(true);
		const enquiries = (await preparationView(as.lead, reviewId))!.enquiries!;
		expect(enquiries).toHaveLength(1);
		expect(enquiries[0]).toMatchObject({
			question,
			authorName: 'Grace Lin',
			criteria: [c1!.code, c2!.code]
		});
		expect((await latestAudit(as.laAdmin, 'peer-review.enquiry-added'))?.detail).toMatchObject({
			criteria: [c1!.code, c2!.code]
		});
		const id = (added as { id: string }).id;
		expect(await removeEnquiry(as.head, reviewId, id)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await removeEnquiry(as.outsider, reviewId, id)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		// Any reviewer may remove one, not only its author.
		expect(await removeEnquiry(as.lead, reviewId, id)).toEqual({ ok: true });
		expect((await preparationView(as.lead, reviewId))!.enquiries).toEqual([]);
		expect(await removeEnquiry(as.lead, reviewId, id)).toEqual({ ok: false, reason: 'not-found' });
		expect(await latestAudit(as.laAdmin, 'peer-review.enquiry-removed')).toBeDefined();
	});
});

describe('the visit evidence log', () => {
	it('is kept by each reviewer and read by the whole team, newest first', async () => {
		const { reviewId, criteria } = await sharedReview('Evidence round').then(async (r) => {
			const entry = {
				activity: 'learning_walk' as const,
				happenedOn: '2026-03-10',
				notes: 'Too early',
				criterionIds: [] as string[]
			};
			// Nothing is logged before the visit.
			const view = (await preparationView(as.lead, r.reviewId))!;
			entry.criterionIds = [view.criteria![0]!.criteria[0]!.id];
			expect(await addVisitEvidence(as.lead, r.reviewId, entry)).toEqual({
				ok: false,
				reason: 'wrong-stage',
				stage: 'preparation'
			});
			await putInStage(r.reviewId, 'visit');
			return { ...r, criteria: view.criteria![0]!.criteria };
		});
		const [c1, c2] = criteria;
		const log = (who: Scope, happenedOn: string, notes: string, ids: string[]) =>
			addVisitEvidence(who, reviewId, {
				activity: 'pupil_voice',
				happenedOn,
				notes,
				criterionIds: ids
			});
		const first = await log(as.lead, '2026-03-10', 'Pupils described their support', [c1!.id]);
		const second = await log(as.second, '2026-03-11', 'Plans were current', [c1!.id, c2!.id]);
		await log(as.lead, '2026-03-11', 'Staff knew the plans', [c2!.id]);
		expect(first.ok && second.ok).toBe(true);
		expect(await log(as.head, '2026-03-11', 'Host note', [c1!.id])).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await log(as.lead, '2026-03-11', 'x', [await foreignCriterion(reviewId)])).toMatchObject(
			{ reason: 'invalid', field: 'criterionIds' }
		);

		const seen = (await evidenceLog(as.second, reviewId, { page: 1 }))!;
		expect(seen.total).toBe(3);
		expect(seen.entries.map((e) => e.notes)).toEqual([
			'Staff knew the plans',
			'Plans were current',
			'Pupils described their support'
		]);
		expect(seen.entries.map((e) => e.canRemove)).toEqual([false, true, false]);
		const filtered = (await evidenceLog(as.lead, reviewId, { criterionId: c1!.id, page: 1 }))!;
		expect(filtered.filter?.code).toBe(c1!.code);
		expect(filtered.entries.map((e) => e.notes)).toEqual([
			'Plans were current',
			'Pupils described their support'
		]);
		expect(filtered.entries[0]!.criteria).toEqual([c1!.code, c2!.code]);

		const firstId = (first as { id: string }).id;
		expect(await removeVisitEvidence(as.second, reviewId, firstId)).toEqual({
			ok: false,
			reason: 'not-allowed'
		});
		expect(await removeVisitEvidence(as.lead, reviewId, firstId)).toEqual({ ok: true });
		expect((await evidenceLog(as.lead, reviewId, { page: 1 }))!.total).toBe(2);
		expect((await latestAudit(as.laAdmin, 'peer-review.evidence-removed'))?.detail).toMatchObject({
			date: '2026-03-10'
		});
		expect((await latestAudit(as.laAdmin, 'peer-review.evidence-added'))?.detail).toMatchObject({
			criteria: [c2!.code]
		});

		for (const who of [as.head, as.outsider, as.northbury, as.laAdmin])
			expect(await evidenceLog(who, reviewId, { page: 1 })).toBeUndefined();
	});

	it('comes a page at a time when it is long', async () => {
		const { reviewId, criteria } = await reviewInVisit('Long log round');
		for (let i = 1; i <= EVIDENCE_PAGE_SIZE + 2; i++)
			await addVisitEvidence(as.lead, reviewId, {
				activity: 'document_review',
				happenedOn: `2026-03-${String(i).padStart(2, '0')}`,
				notes: `Entry ${i}`,
				criterionIds: [criteria[0]!.id]
			});
		const pageOne = (await evidenceLog(as.second, reviewId, { page: 1 }))!;
		const pageTwo = (await evidenceLog(as.second, reviewId, { page: 2 }))!;
		expect(pageOne.total).toBe(EVIDENCE_PAGE_SIZE + 2);
		expect(pageOne.entries).toHaveLength(EVIDENCE_PAGE_SIZE);
		expect(pageOne.entries[0]!.notes).toBe(`Entry ${EVIDENCE_PAGE_SIZE + 2}`);
		expect(pageTwo.entries.map((e) => e.notes)).toEqual(['Entry 2', 'Entry 1']);
		// An old link past the end shows the last page.
		expect((await evidenceLog(as.second, reviewId, { page: 99 }))!.page).toBe(2);
	});
});

describe('ratings and moderation', () => {
	it('lets each reviewer rate, and never the host', async () => {
		const { reviewId, criteria } = await reviewInVisit('Ratings round');
		const c = criteria[0]!;
		expect(c.self).not.toBeNull();
		expect(await rate(as.lead, reviewId, c.id, 3)).toMatchObject({ ok: true, version: 1 });
		expect(await rate(as.second, reviewId, c.id, 2)).toMatchObject({ ok: true, version: 1 });
		for (const who of [as.head, as.senco])
			expect(await rate(who, reviewId, c.id, 4)).toEqual({ ok: false, reason: 'forbidden' });
		for (const who of [as.outsider, as.northbury])
			expect(await rate(who, reviewId, c.id, 4)).toEqual({ ok: false, reason: 'not-found' });
		for (const who of [as.head, as.outsider, as.laAdmin])
			expect(await ratingsView(who, reviewId)).toBeUndefined();

		const lead = (await ratingsView(as.lead, reviewId))!;
		expect(lead.section!.criteria[0]!.mine).toMatchObject({ rating: 3, version: 1 });
		expect(lead.progress).toMatchObject({ rated: 1 });
		expect((await ratingsView(as.second, reviewId))!.section!.criteria[0]!.mine?.rating).toBe(2);

		expect(await rate(as.lead, reviewId, c.id, 9, 1)).toMatchObject({
			reason: 'invalid',
			field: 'rating'
		});
		expect(
			await saveRating(as.lead, reviewId, c.id, 1, { rating: 2, rationale: '  ' })
		).toMatchObject({ reason: 'invalid', field: 'rationale' });
		expect(await rate(as.lead, reviewId, await foreignCriterion(reviewId), 2)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		// A second tab still holding version 0 is shown what the first saved.
		expect(await rate(as.lead, reviewId, c.id, 4, 0)).toMatchObject({
			ok: false,
			reason: 'conflict',
			current: { rating: 3, version: 1 }
		});
		expect(await rate(as.lead, reviewId, c.id, 4, 1)).toMatchObject({ ok: true, version: 2 });
		expect((await latestAudit(as.laAdmin, 'peer-review.rating-saved'))?.detail).toMatchObject({
			criterion: c.code,
			after: lead.scale.find((l) => l.value === 4)!.label
		});
	});

	it('refuses the second of two first saves made at once', async () => {
		const { reviewId, criteria } = await reviewInVisit('Race round');
		const c = criteria[1]!;
		const results = await atOnce(
			db.handle.db,
			(tx) => tx.select().from(peerReview).where(eq(peerReview.id, reviewId)).for('update'),
			[() => rate(as.second, reviewId, c.id, 2), () => rate(as.second, reviewId, c.id, 3)]
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok && r.reason === 'conflict')).toHaveLength(1);
	});

	it('flags where reviewers differ from each other and from the self-rating', async () => {
		const { reviewId, criteria } = await reviewInVisit('Moderation round');
		const [same, split, apart, unrated] = criteria;
		const other = (self: number) => (self === 1 ? 2 : self - 1);
		// Both as the host rated itself; one each way; both the same but not as the host.
		await rate(as.lead, reviewId, same!.id, same!.self!);
		await rate(as.second, reviewId, same!.id, same!.self!);
		await rate(as.lead, reviewId, split!.id, split!.self!);
		await rate(as.second, reviewId, split!.id, other(split!.self!));
		await rate(as.lead, reviewId, apart!.id, other(apart!.self!));
		await rate(as.second, reviewId, apart!.id, other(apart!.self!));

		const view = (await moderationView(as.second, reviewId))!;
		const flags = Object.fromEntries(
			view.rows.map((r) => [r.code, [r.reviewersDiffer, r.differsFromSelf]])
		);
		expect(flags).toEqual({
			[same!.code]: [false, false],
			[split!.code]: [true, true],
			[apart!.code]: [false, true]
		});
		expect(view.rows.find((r) => r.id === unrated!.id)).toBeUndefined();
		expect(view.rows[0]!.ratings.map((r) => r.name)).toEqual(['Ruth Okafor', 'Grace Lin']);
		expect(view.counts).toEqual({ rated: 3, agreed: 0, disagreements: 2 });
		expect(view.rights).toEqual({ agree: false, finish: false });
		expect((await moderationView(as.lead, reviewId))!.rights).toEqual({
			agree: true,
			finish: true
		});
		const only = (await moderationView(as.lead, reviewId, { onlyDisagreements: true }))!;
		expect(only.rows.map((r) => r.code)).toEqual([split!.code, apart!.code]);
		expect(disagreement(null, [2, 2])).toEqual({ reviewersDiffer: false, differsFromSelf: false });
		for (const who of [as.head, as.outsider, as.northbury])
			expect(await moderationView(who, reviewId)).toBeUndefined();

		// Moderation cannot finish while a rated criterion has no agreed rating.
		let { version } = await versionOf(reviewId);
		expect(await finishModeration(as.lead, reviewId, version)).toEqual({
			ok: false,
			reason: 'incomplete',
			missing: [same!.code, split!.code, apart!.code]
		});
		const agree = (who: Scope, id: string, rating: number, v = 0) =>
			saveAgreedRating(who, reviewId, id, v, { rating, rationale: 'Agreed after discussion' });
		for (const who of [as.second, as.head])
			expect(await agree(who, same!.id, 3)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await agree(as.lead, same!.id, same!.self!)).toMatchObject({ ok: true, version: 1 });
		expect(await agree(as.lead, same!.id, 1, 0)).toMatchObject({
			reason: 'conflict',
			current: { rating: same!.self!, savedByName: 'Ruth Okafor' }
		});
		expect(
			await saveAgreedRating(as.lead, reviewId, split!.id, 0, { rating: 2, rationale: '' })
		).toMatchObject({ reason: 'invalid', field: 'rationale' });
		expect(await finishModeration(as.lead, reviewId, version)).toMatchObject({
			reason: 'incomplete',
			missing: [split!.code, apart!.code]
		});
		expect(await agree(as.lead, split!.id, other(split!.self!))).toMatchObject({ ok: true });
		expect(
			await agree(as.lead, apart!.id, apart!.self! === 4 ? 4 : apart!.self! + 1)
		).toMatchObject({ ok: true });
		expect(
			(await latestAudit(as.laAdmin, 'peer-review.agreed-rating-saved'))?.detail
		).toMatchObject({ criterion: apart!.code });
		expect(await finishModeration(as.second, reviewId, version)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await finishModeration(as.lead, reviewId, version + 1)).toEqual({
			ok: false,
			reason: 'stale'
		});
		expect(await finishModeration(as.lead, reviewId, version)).toEqual({ ok: true });
		({ version } = await versionOf(reviewId));
		expect((await versionOf(reviewId)).stage).toBe('report');
		expect((await latestAudit(as.laAdmin, 'peer-review.report_started'))?.subject).toBe(
			'Oakfield Primary School, Moderation round'
		);
		expect(await finishModeration(as.lead, reviewId, version)).toEqual({
			ok: false,
			reason: 'wrong-stage',
			stage: 'report'
		});

		// Calibration: self against agreed, per criterion and per section.
		const calibration = (await reviewCalibration(as.second, reviewId))!;
		const byCode = Object.fromEntries(
			calibration.sections.flatMap((s) => s.criteria.map((c) => [c.code, c.comparison]))
		);
		const expected = (self: number, agreed: number) =>
			self > agreed ? 'higher' : self < agreed ? 'lower' : 'equal';
		expect(byCode).toEqual({
			[same!.code]: 'equal',
			[split!.code]: expected(split!.self!, other(split!.self!)),
			[apart!.code]: expected(apart!.self!, apart!.self! === 4 ? 4 : apart!.self! + 1)
		});
		const totals = calibration.totals;
		expect(totals.higher + totals.equal + totals.lower).toBe(3);
		expect(calibration.sections[0]!.counts).toEqual(totals);
		// The host sees calibration once the report comes for its factual check.
		expect(await reviewCalibration(as.head, reviewId)).toBeUndefined();
		await putInStage(reviewId, 'factual_check');
		expect((await reviewCalibration(as.head, reviewId))?.totals).toEqual(totals);
		expect(await reviewCalibration(as.outsider, reviewId)).toBeUndefined();
		expect(await reviewCalibration(as.laAdmin, reviewId)).toBeUndefined();
	});

	it('cannot start the report without at least one agreed rating', async () => {
		const { reviewId } = await reviewInVisit('Empty moderation round');
		const { version } = await versionOf(reviewId);
		expect(await finishModeration(as.lead, reviewId, version)).toEqual({
			ok: false,
			reason: 'incomplete',
			missing: []
		});
	});
});

describe('a finalised review', () => {
	it('refuses every reviewer write, in the service and in the database', async () => {
		const { reviewId, criteria } = await reviewInVisit('Final round');
		const c = criteria[0]!;
		const logged = await addVisitEvidence(as.second, reviewId, {
			activity: 'staff_meeting',
			happenedOn: '2026-03-10',
			notes: 'Met the SENCO',
			criterionIds: [c.id]
		});
		const enquiry = await addEnquiry(as.second, reviewId, {
			question: 'How is the graduated approach used?',
			criterionIds: [c.id]
		});
		await rate(as.second, reviewId, c.id, 3);
		await saveAgreedRating(as.lead, reviewId, c.id, 0, { rating: 3, rationale: 'Agreed' });
		await putInStage(reviewId, 'finalised');
		const { version } = await versionOf(reviewId);
		const finalised = { ok: false, reason: 'wrong-stage', stage: 'finalised' };
		const plan = { start: '2026-03-10', end: null, activities: '', people: '' };
		for (const attempt of [
			rate(as.second, reviewId, c.id, 2, 1),
			saveAgreedRating(as.lead, reviewId, c.id, 1, { rating: 2, rationale: 'Changed' }),
			addVisitEvidence(as.lead, reviewId, {
				activity: 'other',
				happenedOn: '2026-03-12',
				notes: 'Late',
				criterionIds: [c.id]
			}),
			removeVisitEvidence(as.second, reviewId, (logged as { id: string }).id),
			addEnquiry(as.lead, reviewId, { question: 'Late?', criterionIds: [c.id] }),
			removeEnquiry(as.lead, reviewId, (enquiry as { id: string }).id),
			saveVisitPlan(as.lead, reviewId, version, plan),
			finishModeration(as.lead, reviewId, version)
		])
			expect(await attempt).toEqual(finalised);
		expect((await ratingsView(as.second, reviewId))?.rights.rate).toBe(false);
		expect((await moderationView(as.lead, reviewId))?.rights).toEqual({
			agree: false,
			finish: false
		});
		expect((await evidenceLog(as.second, reviewId, { page: 1 }))?.rights.log).toBe(false);
		// The LA reads calibration of a finalised review.
		expect((await reviewCalibration(as.laAdmin, reviewId))?.totals.equal).toBeGreaterThanOrEqual(0);

		expect(
			await sqlState(
				inTenant(as.second, (tx) =>
					tx.insert(reviewerRating).values({
						tenantId: as.second.tenantId,
						reviewId,
						criterionId: criteria[1]!.id,
						reviewerId: as.second.userId,
						rating: 1,
						rationale: 'Sneaked in'
					})
				)
			)
		).toBe('55000');
		expect(
			await sqlState(
				inTenant(as.second, (tx) =>
					tx.update(reviewerRating).set({ rating: 1 }).where(eq(reviewerRating.reviewId, reviewId))
				)
			)
		).toBe('55000');
		expect(
			await sqlState(db.handle.db.delete(visitEvidence).where(eq(visitEvidence.reviewId, reviewId)))
		).toBe('55000');
		expect(
			await sqlState(
				db.handle.db.execute(sql`delete from line_of_enquiry where review_id = ${reviewId}`)
			)
		).toBe('55000');
		const after = (await ratingsView(as.second, reviewId))!;
		expect(after.section!.criteria[0]!.mine?.rating).toBe(3);
	});
});

describe('someone not on the review', () => {
	it('finds none of it, whatever the stage', async () => {
		const { reviewId, criteria } = await reviewInVisit('Outsider round');
		await rate(as.lead, reviewId, criteria[0]!.id, 3);
		await saveAgreedRating(as.lead, reviewId, criteria[0]!.id, 0, {
			rating: 3,
			rationale: 'Agreed'
		});
		// A registered peer reviewer of another setting, and Oakfield's own staff (not head or SENCO).
		for (const stage of ['visit', 'finalised'] as const) {
			await putInStage(reviewId, stage);
			for (const who of [as.outsider, as.staff]) {
				expect(await shareView(who, reviewId)).toBeUndefined();
				expect(await sharedSelfEvaluation(who, reviewId)).toBeUndefined();
				expect(await preparationView(who, reviewId)).toBeUndefined();
				expect(await evidenceLog(who, reviewId, { page: 1 })).toBeUndefined();
				expect(await ratingsView(who, reviewId)).toBeUndefined();
				expect(await moderationView(who, reviewId)).toBeUndefined();
				expect(await reviewCalibration(who, reviewId)).toBeUndefined();
			}
		}
		// The team itself still reads it once finalised.
		expect((await reviewCalibration(as.second, reviewId))?.totals.equal).toBe(
			criteria[0]!.self === 3 ? 1 : 0
		);
		expect(await addEnquiry(as.outsider, reviewId, { question: 'Hi', criterionIds: [] })).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});
});

describe('another tenant', () => {
	it('finds none of the review, by any id', async () => {
		const { reviewId, criteria } = await reviewInVisit('Tenant round');
		const added = await addVisitEvidence(as.lead, reviewId, {
			activity: 'learning_walk',
			happenedOn: '2026-03-10',
			notes: 'Seen',
			criterionIds: [criteria[0]!.id]
		});
		const entryId = (added as { id: string }).id;
		for (const who of [as.northbury, as.northburyAdmin]) {
			expect(await shareView(who, reviewId)).toBeUndefined();
			expect(await sharedSelfEvaluation(who, reviewId)).toBeUndefined();
			expect(await preparationView(who, reviewId)).toBeUndefined();
			expect(await evidenceLog(who, reviewId, { page: 1 })).toBeUndefined();
			expect(await ratingsView(who, reviewId)).toBeUndefined();
			expect(await moderationView(who, reviewId)).toBeUndefined();
			expect(await reviewCalibration(who, reviewId)).toBeUndefined();
			expect(await removeVisitEvidence(who, reviewId, entryId)).toEqual({
				ok: false,
				reason: 'not-found'
			});
			expect(await rate(who, reviewId, criteria[0]!.id, 2)).toEqual({
				ok: false,
				reason: 'not-found'
			});
		}
		// An entry of one review cannot be reached through another the caller reviews.
		const { reviewId: otherReview } = await reviewInVisit('Second tenant round');
		expect(await removeVisitEvidence(as.lead, otherReview, entryId)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect((await evidenceLog(as.lead, reviewId, { page: 1 }))!.total).toBe(1);
		expect(await ratingsView(as.lead, 'not-a-review')).toBeUndefined();
	});
});
