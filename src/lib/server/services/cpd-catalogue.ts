import { asc, eq } from 'drizzle-orm';
import type { MatchableOffer } from '../../domain/cpd';
import { cpdOffer, cpdOfferCriterion } from '../db/schema';
import type { Tx } from '../db/tenant';
import { groupBy } from './section-results';

export type CatalogueOffer = typeof cpdOffer.$inferSelect & MatchableOffer;

/** The tenant's catalogue (only offers still offered, if asked), each with its criteria. */
export async function catalogueOffers(
	tx: Tx,
	options: { activeOnly?: boolean } = {}
): Promise<CatalogueOffer[]> {
	const [offers, criteria] = await Promise.all([
		tx
			.select()
			.from(cpdOffer)
			.where(options.activeOnly ? eq(cpdOffer.active, true) : undefined)
			.orderBy(asc(cpdOffer.title), asc(cpdOffer.provider)),
		tx
			.select({
				offerId: cpdOfferCriterion.offerId,
				frameworkId: cpdOfferCriterion.frameworkId,
				code: cpdOfferCriterion.criterionCode
			})
			.from(cpdOfferCriterion)
			.orderBy(asc(cpdOfferCriterion.criterionCode))
	]);
	const criteriaOf = groupBy(criteria, (c) => c.offerId);
	return offers.map((o) => ({
		...o,
		criteria: (criteriaOf.get(o.id) ?? []).map(({ frameworkId, code }) => ({ frameworkId, code }))
	}));
}
