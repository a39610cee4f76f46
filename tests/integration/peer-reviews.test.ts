import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { evidence, peerReview, reviewRound, selfEvaluation } from '../../src/lib/server/db/schema';
import { getEvaluation, moveEvaluation } from '../../src/lib/server/services/evaluations';
import { evidenceFile } from '../../src/lib/server/services/evidence';
import {
	myReviews,
	reviewHeader,
	reviewOverview
} from '../../src/lib/server/services/peer-reviews';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';
import { seedOakfieldReview } from './support/peer-review';

const db = useTestDatabase();

let review: Awaited<ReturnType<typeof seedOakfieldReview>>;
beforeAll(async () => {
	review = await seedOakfieldReview('Standing test round');
});

describe('who stands where in a review', () => {
	it('gives the lead, the other reviewer, the host and the LA their standing', async () => {
		const role = async (email: string) =>
			(await reviewHeader(await scopeFor(email), review.reviewId))?.role;
		expect(await role('reviewer@kent.test')).toBe('lead');
		expect(await role('reviewer2@kent.test')).toBe('reviewer');
		expect(await role('head@kent.test')).toBe('host');
		expect(await role('senco@kent.test')).toBe('host');
		expect(await role('la.admin@kent.test')).toBe('la');
	});

	it('gives nothing to staff of the host, other settings, area boards or another tenant', async () => {
		for (const email of [
			'staff@kent.test',
			'eysenco@kent.test',
			'board@kent.test',
			'senco@northbury.test',
			'la.admin@northbury.test'
		]) {
			const scope = await scopeFor(email);
			expect(await reviewHeader(scope, review.reviewId), email).toBeUndefined();
			expect(await reviewOverview(scope, review.reviewId), email).toBeUndefined();
		}
	});

	it('lists the review for its host and its reviewers, apart', async () => {
		const host = await myReviews(await scopeFor('head@kent.test'));
		expect(host.hosting.map((r) => r.id)).toContain(review.reviewId);
		expect(host.reviewing.map((r) => r.id)).not.toContain(review.reviewId);
		const lead = await myReviews(await scopeFor('reviewer@kent.test'));
		expect(lead.reviewing.map((r) => r.id)).toContain(review.reviewId);
		expect(lead.hosting).toEqual([]);
		expect(lead.onRegister).toBe(true);
		const outsider = await myReviews(await scopeFor('eysenco@kent.test'));
		expect(outsider).toEqual({ reviewing: [], hosting: [], onRegister: false });
	});

	it('keeps a round the LA is still planning from settings and reviewers', async () => {
		const planned = await seedOakfieldReview('Planning test round');
		await db.handle.db
			.update(reviewRound)
			.set({ status: 'planning', confirmedAt: null })
			.where(eq(reviewRound.id, planned.roundId));
		for (const email of ['reviewer@kent.test', 'head@kent.test']) {
			const scope = await scopeFor(email);
			expect(await reviewHeader(scope, planned.reviewId), email).toBeUndefined();
			const listed = await myReviews(scope);
			expect([...listed.hosting, ...listed.reviewing].map((r) => r.id)).not.toContain(
				planned.reviewId
			);
		}
		expect((await reviewHeader(await scopeFor('la.admin@kent.test'), planned.reviewId))?.role).toBe(
			'la'
		);
	});

	it("keeps the setting's own evaluation pages and evidence files from its reviewers", async () => {
		// Shared for this review: the reviewers read it through the review, never directly.
		const [evaluation] = await db.handle.db
			.select({ id: selfEvaluation.id })
			.from(selfEvaluation)
			.where(
				and(
					eq(selfEvaluation.cycleId, review.cycleId),
					eq(selfEvaluation.settingId, review.settings.oakfield)
				)
			);
		await db.handle.db
			.update(peerReview)
			.set({ evaluationId: evaluation!.id, stage: 'preparation' })
			.where(eq(peerReview.id, review.reviewId));
		const [file] = await db.handle.db
			.insert(evidence)
			.values({
				tenantId: (await scopeFor('head@kent.test')).tenantId,
				evaluationId: evaluation!.id,
				criterionId: (await db.handle.db.select().from(evidence).limit(1))[0]!.criterionId,
				kind: 'file',
				title: 'Pupil support plans',
				fileName: 'plans.pdf',
				mediaType: 'application/pdf',
				byteSize: 4,
				content: new Uint8Array([37, 80, 68, 70])
			})
			.returning();
		for (const email of ['reviewer@kent.test', 'reviewer2@kent.test']) {
			const scope = await scopeFor(email);
			expect(await getEvaluation(scope, evaluation!.id), email).toBeUndefined();
			expect(await evidenceFile(scope, evaluation!.id, file!.id), email).toBeNull();
		}
		const head = await scopeFor('head@kent.test');
		expect((await evidenceFile(head, evaluation!.id, file!.id))?.fileName).toBe('plans.pdf');

		// What the review read stays as signed off: the head cannot reopen it.
		const own = (await getEvaluation(head, evaluation!.id))!;
		expect(own.evaluation.sharedForReview).toBe(true);
		expect(
			await moveEvaluation(head, evaluation!.id, own.evaluation.version, 'reopen', 'Change')
		).toEqual({ ok: false, reason: 'shared-for-review' });
		expect((await getEvaluation(head, evaluation!.id))!.evaluation.status).toBe('signed_off');
	});

	it('answers a malformed id with nothing', async () => {
		expect(await reviewHeader(await scopeFor('head@kent.test'), 'not-an-id')).toBeUndefined();
	});
});
