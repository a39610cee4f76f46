import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { reviewRound } from '../../src/lib/server/db/schema';
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

	it('answers a malformed id with nothing', async () => {
		expect(await reviewHeader(await scopeFor('head@kent.test'), 'not-an-id')).toBeUndefined();
	});
});
