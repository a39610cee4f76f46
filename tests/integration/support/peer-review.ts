import { and, eq } from 'drizzle-orm';
import {
	evaluationCycle,
	organisation,
	peerReview,
	reviewReviewer,
	reviewRound,
	reviewRoundSetting
} from '../../../src/lib/server/db/schema';
import { inTenant } from '../../../src/lib/server/db/tenant';
import { scopeFor } from './fixtures';

/**
 * A confirmed round in Kent's 2025/26 cycle (when Oakfield signed off its self-evaluation)
 * with one review: Oakfield hosts, Ruth Okafor (Willowbrook) leads and Grace Lin (Cliffside)
 * reviews. Written straight to the tables, so tests of later stages need not drive stage 1.
 * Each call makes a new round, named by `label`.
 */
export async function seedOakfieldReview(label: string) {
	const admin = await scopeFor('la.admin@kent.test');
	const lead = await scopeFor('reviewer@kent.test');
	const second = await scopeFor('reviewer2@kent.test');
	return inTenant(admin, async (tx) => {
		const settingId = async (name: string) => {
			const [row] = await tx
				.select({ id: organisation.id })
				.from(organisation)
				.where(eq(organisation.name, name));
			return row!.id;
		};
		const [cycle] = await tx
			.select({ id: evaluationCycle.id })
			.from(evaluationCycle)
			.where(and(eq(evaluationCycle.name, '2025/26')));
		const [round] = await tx
			.insert(reviewRound)
			.values({
				tenantId: admin.tenantId,
				cycleId: cycle!.id,
				name: label,
				status: 'confirmed',
				confirmedAt: new Date()
			})
			.returning();
		const oakfield = await settingId('Oakfield Primary School');
		const willowbrook = await settingId('Willowbrook Primary School');
		const cliffside = await settingId('Cliffside Primary School');
		await tx.insert(reviewRoundSetting).values(
			[oakfield, willowbrook, cliffside].map((id) => ({
				tenantId: admin.tenantId,
				roundId: round!.id,
				settingId: id,
				groupNumber: 1
			}))
		);
		const [review] = await tx
			.insert(peerReview)
			.values({ tenantId: admin.tenantId, roundId: round!.id, hostSettingId: oakfield })
			.returning();
		await tx.insert(reviewReviewer).values([
			{
				tenantId: admin.tenantId,
				reviewId: review!.id,
				userId: lead.userId,
				settingId: willowbrook,
				isLead: true
			},
			{
				tenantId: admin.tenantId,
				reviewId: review!.id,
				userId: second.userId,
				settingId: cliffside,
				isLead: false
			}
		]);
		return {
			roundId: round!.id,
			reviewId: review!.id,
			cycleId: cycle!.id,
			settings: { oakfield, willowbrook, cliffside }
		};
	});
}
