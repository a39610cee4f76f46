import { and, arrayContains, asc, count, desc, eq, ilike, inArray, ne, or, sql } from 'drizzle-orm';
import { criterionKey, type CriterionRef, type MatchableOffer } from '../../domain/cpd';
import { isRecordId } from '../../domain/ids';
import type { Role } from '../../domain/organisation';
import { poundsInput } from '../../domain/provision-cost';
import {
	CPD_OFFERS_PAGE_SIZE,
	criterionValue,
	offerColumns,
	parseCriterionValue,
	type OfferColumns,
	type OfferFilter,
	type OfferInput
} from '../../schemas/cpd-offer';
import type { Scope } from '../auth/guards';
import { brokenConstraint } from '../db/errors';
import { rowOf } from '../db/joins';
import {
	cpdOffer,
	cpdOfferCriterion,
	cpdPlanItem,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion
} from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { changes } from './audit-changes';
import { mayPlan } from './cpd-access';
import { DONE, FORBIDDEN, STALE, staleWith, type StaleWith } from './review-results';
import { groupBy } from './section-results';
import { NOT_FOUND, type Invalid } from './structure';

// The LA's CPD catalogue: LA admins and officers alike keep it (both run the tenant, and
// every change is in the audit log); every member of a setting reads what is offered.

export type CatalogueOffer = typeof cpdOffer.$inferSelect & MatchableOffer;

/** The criteria each offer addresses, in code order. */
async function criteriaOfOffers(tx: Tx, offerIds: string[]) {
	if (!offerIds.length) return new Map<string, CriterionRef[]>();
	const rows = await tx
		.select({
			offerId: cpdOfferCriterion.offerId,
			frameworkId: cpdOfferCriterion.frameworkId,
			code: cpdOfferCriterion.criterionCode
		})
		.from(cpdOfferCriterion)
		.where(inArray(cpdOfferCriterion.offerId, offerIds))
		.orderBy(asc(cpdOfferCriterion.criterionCode));
	const grouped = groupBy(rows, (r) => r.offerId);
	return new Map(
		offerIds.map((id) => [
			id,
			(grouped.get(id) ?? []).map(({ frameworkId, code }) => ({ frameworkId, code }))
		])
	);
}

/** The tenant's catalogue (only offers still offered, if asked), each with its criteria. */
export async function catalogueOffers(
	tx: Tx,
	options: { activeOnly?: boolean } = {}
): Promise<CatalogueOffer[]> {
	const offers = await tx
		.select()
		.from(cpdOffer)
		.where(options.activeOnly ? eq(cpdOffer.active, true) : undefined)
		.orderBy(asc(cpdOffer.title), asc(cpdOffer.provider));
	const criteria = await criteriaOfOffers(
		tx,
		offers.map((o) => o.id)
	);
	return offers.map((o) => ({ ...o, criteria: criteria.get(o.id)! }));
}

const CATALOGUE_ROLES: readonly Role[] = ['admin', 'officer'];
const isLaStaff = (scope: Scope) =>
	scope.membership.organisationKind === 'la' && CATALOGUE_ROLES.includes(scope.membership.role);

const columns = {
	id: cpdOffer.id,
	title: cpdOffer.title,
	provider: cpdOffer.provider,
	format: cpdOffer.format,
	summary: cpdOffer.summary,
	minutes: cpdOffer.minutes,
	costPence: cpdOffer.costPence,
	audiences: cpdOffer.audiences,
	areasOfNeed: cpdOffer.areasOfNeed,
	url: cpdOffer.url,
	active: cpdOffer.active,
	version: cpdOffer.version
};

/**
 * One of the tenant's offers with its criteria, or undefined when the id is not one of them
 * (another tenant's, or not an id). Locked when asked, so that no plan item can take it up
 * while the caller changes or deletes it.
 */
async function findOffer(tx: Tx, id: string, options: { lock?: boolean } = {}) {
	if (!isRecordId(id)) return undefined;
	const query = tx.select(columns).from(cpdOffer).where(eq(cpdOffer.id, id));
	const [row] = options.lock ? await query.for('update') : await query;
	if (!row) return undefined;
	const criteria = (await criteriaOfOffers(tx, [row.id])).get(row.id)!;
	return { ...row, criteria };
}
type OfferRow = NonNullable<Awaited<ReturnType<typeof findOffer>>>;

/** A saved offer as its form shows it. */
export const offerFormValues = (offer: OfferRow): OfferInput => ({
	title: offer.title,
	provider: offer.provider,
	format: offer.format,
	summary: offer.summary,
	lengthHours: String(Math.floor(offer.minutes / 60)),
	lengthMinutes: String(offer.minutes % 60),
	cost: poundsInput(offer.costPence),
	audiences: [...offer.audiences],
	areasOfNeed: [...offer.areasOfNeed],
	url: offer.url ?? '',
	criteria: offer.criteria.map(criterionValue)
});

/** The search and filters as conditions on cpd_offer. */
function filtering(filter: OfferFilter, activeOnly: boolean) {
	const like = `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`;
	return and(
		activeOnly ? eq(cpdOffer.active, true) : undefined,
		filter.q
			? or(
					ilike(cpdOffer.title, like),
					ilike(cpdOffer.provider, like),
					ilike(cpdOffer.summary, like)
				)
			: undefined,
		// An offer naming no area of need is about SEND in general: it is for every area.
		filter.area
			? or(
					arrayContains(cpdOffer.areasOfNeed, [filter.area]),
					sql`cardinality(${cpdOffer.areasOfNeed}) = 0`
				)
			: undefined,
		filter.audience ? arrayContains(cpdOffer.audiences, [filter.audience]) : undefined,
		filter.format ? eq(cpdOffer.format, filter.format) : undefined
	);
}

/** A page of offers that pass the filter, those offered first, then by title and provider. */
async function offerPage(tx: Tx, filter: OfferFilter, activeOnly: boolean) {
	const where = filtering(filter, activeOnly);
	const [rows, [total]] = await Promise.all([
		tx
			.select(columns)
			.from(cpdOffer)
			.where(where)
			.orderBy(
				desc(cpdOffer.active),
				asc(sql`lower(${cpdOffer.title})`),
				asc(sql`lower(${cpdOffer.provider})`),
				asc(cpdOffer.id)
			)
			.limit(CPD_OFFERS_PAGE_SIZE)
			.offset((filter.page - 1) * CPD_OFFERS_PAGE_SIZE),
		tx.select({ n: count() }).from(cpdOffer).where(where)
	]);
	const criteria = await criteriaOfOffers(
		tx,
		rows.map((r) => r.id)
	);
	return {
		total: total?.n ?? 0,
		rows: rows.map((r) => ({ ...r, criteria: criteria.get(r.id)! }))
	};
}

/**
 * A page of the catalogue for LA staff: offers that pass the filter (withdrawn ones only
 * when asked), each with how many criteria it addresses, and how many are withdrawn in
 * all; null for anyone else.
 */
export async function listOffers(scope: Scope, filter: OfferFilter) {
	if (!isLaStaff(scope)) return null;
	return inTenant(scope, async (tx) => {
		const [page, [withdrawn]] = await Promise.all([
			offerPage(tx, filter, !filter.withdrawn),
			tx.select({ n: count() }).from(cpdOffer).where(eq(cpdOffer.active, false))
		]);
		return {
			total: page.total,
			withdrawnCount: withdrawn?.n ?? 0,
			rows: page.rows.map(({ criteria, ...row }) => ({ ...row, criteria: criteria.length }))
		};
	});
}

/** A criterion as a reader sees it: its code and title. */
export interface CriterionLabel {
	frameworkId: string;
	code: string;
	/** From the newest version that has the code; null when no version has it any more. */
	title: string | null;
}

const indexKey = (ref: CriterionRef) => criterionKey(ref.frameworkId, ref.code);

/**
 * Every criterion code of the tenant's frameworks, in any version, by framework and code
 * (in lower case): its code as written and title in the newest version that has it,
 * preferring versions that have been published to a draft.
 */
async function criterionIndex(tx: Tx) {
	const rows = await tx
		.select({
			frameworkId: frameworkVersion.frameworkId,
			code: frameworkCriterion.code,
			title: frameworkCriterion.title
		})
		.from(frameworkCriterion)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, frameworkCriterion.tenantId, frameworkCriterion.versionId)
		)
		.orderBy(sql`${frameworkVersion.status} = 'draft'`, desc(frameworkVersion.number));
	const index = new Map<string, CriterionLabel>();
	for (const row of rows) {
		const key = indexKey(row);
		if (!index.has(key)) index.set(key, row);
	}
	return index;
}

/**
 * The offered (active) offers for a member of a setting, with the same search and filters
 * as the LA's list, each with the criteria it addresses in words; null for anyone else.
 */
export async function settingCatalogue(scope: Scope, filter: OfferFilter) {
	if (!mayPlan(scope, 'read')) return null;
	return inTenant(scope, async (tx) => {
		const [page, index] = await Promise.all([offerPage(tx, filter, true), criterionIndex(tx)]);
		return {
			total: page.total,
			rows: page.rows.map((row) => ({
				id: row.id,
				title: row.title,
				provider: row.provider,
				format: row.format,
				summary: row.summary,
				minutes: row.minutes,
				costPence: row.costPence,
				audiences: row.audiences,
				areasOfNeed: row.areasOfNeed,
				url: row.url,
				criteria: row.criteria.map(
					(ref): CriterionLabel => index.get(indexKey(ref)) ?? { ...ref, title: null }
				)
			}))
		};
	});
}

/**
 * For the offer form: each of the tenant's frameworks with the sections and criteria of its
 * newest published version (none when it has no published version yet); null for anyone
 * but LA staff.
 */
export async function offerCriteriaChoices(scope: Scope) {
	if (!isLaStaff(scope)) return null;
	return inTenant(scope, async (tx) => {
		const [frameworks, versions] = await Promise.all([
			tx
				.select({ id: framework.id, name: framework.name })
				.from(framework)
				.orderBy(asc(framework.name)),
			tx
				.selectDistinctOn([frameworkVersion.frameworkId], {
					id: frameworkVersion.id,
					frameworkId: frameworkVersion.frameworkId,
					label: frameworkVersion.label
				})
				.from(frameworkVersion)
				.where(eq(frameworkVersion.status, 'published'))
				.orderBy(frameworkVersion.frameworkId, desc(frameworkVersion.number))
		]);
		const versionIds = versions.map((v) => v.id);
		const [sections, criteria] = versionIds.length
			? await Promise.all([
					tx
						.select({
							id: frameworkSection.id,
							versionId: frameworkSection.versionId,
							code: frameworkSection.code,
							title: frameworkSection.title
						})
						.from(frameworkSection)
						.where(inArray(frameworkSection.versionId, versionIds))
						.orderBy(asc(frameworkSection.position)),
					tx
						.select({
							sectionId: frameworkCriterion.sectionId,
							code: frameworkCriterion.code,
							title: frameworkCriterion.title
						})
						.from(frameworkCriterion)
						.where(inArray(frameworkCriterion.versionId, versionIds))
						.orderBy(asc(frameworkCriterion.position))
				])
			: [[], []];
		const sectionsOf = groupBy(sections, (s) => s.versionId);
		const criteriaOf = groupBy(criteria, (c) => c.sectionId);
		return frameworks.map((f) => {
			const version = versions.find((v) => v.frameworkId === f.id);
			return {
				id: f.id,
				name: f.name,
				versionLabel: version?.label ?? null,
				sections: (version ? (sectionsOf.get(version.id) ?? []) : []).map((s) => ({
					code: s.code,
					title: s.title,
					criteria: (criteriaOf.get(s.id) ?? []).map(({ code, title }) => ({ code, title }))
				}))
			};
		});
	});
}

/**
 * One of the tenant's offers, with its criteria and how many items of settings' CPD plans
 * chose it; null when it is not the tenant's or the caller is not LA staff.
 */
export async function getOffer(scope: Scope, id: string) {
	if (!isLaStaff(scope)) return null;
	return inTenant(scope, async (tx) => {
		const offer = await findOffer(tx, id);
		if (!offer) return null;
		return { ...offer, planItems: await planItemsUsing(tx, offer.id) };
	});
}

async function planItemsUsing(tx: Tx, offerId: string) {
	const [row] = await tx
		.select({ n: count() })
		.from(cpdPlanItem)
		.where(eq(cpdPlanItem.offerId, offerId));
	return row?.n ?? 0;
}

type OfferField = keyof OfferInput;

const invalid = <F extends OfferField>(field: F, message: string): Invalid<F> => ({
	ok: false,
	reason: 'invalid',
	field,
	message
});

const titleTaken = (values: { title: string; provider: string }) =>
	invalid(
		'title',
		`The catalogue already has “${values.title}” from ${values.provider}. Change that offer, or give this one another title`
	);

/** Whether another offer has the title and provider, in any case. */
async function titleInUse(tx: Tx, values: OfferColumns, exceptId: string | null) {
	const [row] = await tx
		.select({ id: cpdOffer.id })
		.from(cpdOffer)
		.where(
			and(
				eq(sql`lower(${cpdOffer.title})`, values.title.toLowerCase()),
				eq(sql`lower(${cpdOffer.provider})`, values.provider.toLowerCase()),
				exceptId ? ne(cpdOffer.id, exceptId) : undefined
			)
		);
	return row !== undefined;
}

/**
 * The criteria chosen, each checked to be a code of one of the tenant's frameworks (in any
 * of its versions) and written as that framework writes it; doubles are dropped.
 */
async function chosenCriteria(
	tx: Tx,
	keys: readonly string[]
): Promise<{ ok: true; refs: CriterionLabel[] } | Invalid<'criteria'>> {
	if (!keys.length) return { ok: true, refs: [] };
	const index = await criterionIndex(tx);
	const refs = new Map<string, CriterionLabel>();
	for (const key of keys) {
		const ref = parseCriterionValue(key);
		const found = ref && index.get(indexKey(ref));
		if (!found)
			return invalid(
				'criteria',
				`${ref?.code ?? key} is not a criterion of any of your frameworks. Choose criteria from the list`
			);
		refs.set(indexKey(found), found);
	}
	return { ok: true, refs: [...refs.values()].sort((a, b) => a.code.localeCompare(b.code)) };
}

async function writeCriteria(tx: Tx, scope: Scope, offerId: string, refs: readonly CriterionRef[]) {
	await tx.delete(cpdOfferCriterion).where(eq(cpdOfferCriterion.offerId, offerId));
	if (refs.length)
		await tx.insert(cpdOfferCriterion).values(
			refs.map((r) => ({
				tenantId: scope.tenantId,
				offerId,
				frameworkId: r.frameworkId,
				criterionCode: r.code
			}))
		);
}

/** What the audit log keeps of an offer: its columns and the codes of its criteria. */
const audited = (values: OfferColumns, refs: readonly CriterionRef[]) => ({
	...values,
	// Sorted the same way on both sides, so that a change compares like with like.
	criteria: refs.map((r) => r.code).sort()
});

const subjectOf = (offer: { title: string; provider: string }) =>
	`${offer.title}, ${offer.provider}`;

/** Runs a save, turning a title taken by a save that raced this one into the field's error. */
async function saving<T>(values: OfferColumns, work: () => Promise<T>) {
	try {
		return await work();
	} catch (e) {
		if (brokenConstraint(e, '23505') === 'cpd_offer_title_key') return titleTaken(values);
		throw e;
	}
}

export type AddOfferResult =
	{ ok: true; id: string } | Invalid<'title' | 'criteria'> | typeof FORBIDDEN;

/** LA staff add an offer to the catalogue. */
export async function addOffer(scope: Scope, input: OfferInput): Promise<AddOfferResult> {
	if (!isLaStaff(scope)) return FORBIDDEN;
	const values = offerColumns(input);
	return saving(values, () =>
		inTenant(scope, async (tx): Promise<AddOfferResult> => {
			const criteria = await chosenCriteria(tx, input.criteria);
			if (!criteria.ok) return criteria;
			if (await titleInUse(tx, values, null)) return titleTaken(values);
			const [row] = await tx
				.insert(cpdOffer)
				.values({ tenantId: scope.tenantId, ...values })
				.returning({ id: cpdOffer.id });
			await writeCriteria(tx, scope, row!.id, criteria.refs);
			await writeAudit(tx, scope, {
				action: 'cpd.offer-added',
				subject: subjectOf(values),
				detail: { offerId: row!.id, after: audited(values, criteria.refs) }
			});
			return { ok: true, id: row!.id };
		})
	);
}

export type ChangeOfferResult =
	| { ok: true; id: string }
	| Invalid<'title' | 'criteria'>
	| StaleWith<OfferInput>
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

/** Changes an offer read at `version`; if someone saved it since, returns what they saved. */
export async function changeOffer(
	scope: Scope,
	id: string,
	version: number,
	input: OfferInput
): Promise<ChangeOfferResult> {
	if (!isLaStaff(scope)) return FORBIDDEN;
	const values = offerColumns(input);
	return saving(values, () =>
		inTenant(scope, async (tx): Promise<ChangeOfferResult> => {
			const before = await findOffer(tx, id, { lock: true });
			if (!before) return NOT_FOUND;
			if (before.version !== version) return staleWith(offerFormValues(before), before.version);
			const criteria = await chosenCriteria(tx, input.criteria);
			if (!criteria.ok) return criteria;
			if (await titleInUse(tx, values, before.id)) return titleTaken(values);
			const diff = changes(
				audited(offerColumns(offerFormValues(before)), before.criteria),
				audited(values, criteria.refs)
			);
			if (!diff) return { ok: true, id: before.id };
			await tx
				.update(cpdOffer)
				.set({ ...values, version: before.version + 1, updatedAt: new Date() })
				.where(eq(cpdOffer.id, before.id));
			if ('criteria' in diff.after) await writeCriteria(tx, scope, before.id, criteria.refs);
			await writeAudit(tx, scope, {
				action: 'cpd.offer-changed',
				subject: subjectOf(values),
				detail: { offerId: before.id, ...diff }
			});
			return { ok: true, id: before.id };
		})
	);
}

export type OfferStepResult =
	{ ok: true; id: string } | typeof STALE | typeof NOT_FOUND | typeof FORBIDDEN;

/**
 * Withdraws an offer read at `version` (settings can no longer choose it; plans that chose
 * it keep it) or offers it again. Doing what is already so changes nothing.
 */
export async function setOfferActive(
	scope: Scope,
	id: string,
	version: number,
	active: boolean
): Promise<OfferStepResult> {
	if (!isLaStaff(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx): Promise<OfferStepResult> => {
		const before = await findOffer(tx, id, { lock: true });
		if (!before) return NOT_FOUND;
		if (before.version !== version) return STALE;
		if (before.active === active) return { ok: true, id: before.id };
		await tx
			.update(cpdOffer)
			.set({ active, version: before.version + 1, updatedAt: new Date() })
			.where(eq(cpdOffer.id, before.id));
		await writeAudit(tx, scope, {
			action: active ? 'cpd.offer-restored' : 'cpd.offer-withdrawn',
			subject: subjectOf(before),
			detail: { offerId: before.id }
		});
		return { ok: true, id: before.id };
	});
}

export type DeleteOfferResult =
	| typeof DONE
	| { ok: false; reason: 'in-use'; planItems: number }
	| typeof STALE
	| typeof NOT_FOUND
	| typeof FORBIDDEN;

/**
 * Deletes an offer read at `version` that no plan item uses; one in use is refused (withdraw
 * it instead, so the plans that chose it still say what it was). The row is locked first,
 * and a plan item share-locks the offer it takes (cpd-plan-changes.ts), so the two wait for
 * each other: an item added meanwhile waits for the deletion, then is refused because the
 * offer is no longer in the catalogue; a deletion that comes while an item is taking the
 * offer waits for the item to be saved, then is refused because the offer is in use.
 */
export async function deleteOffer(
	scope: Scope,
	id: string,
	version: number
): Promise<DeleteOfferResult> {
	if (!isLaStaff(scope)) return FORBIDDEN;
	return inTenant(scope, async (tx): Promise<DeleteOfferResult> => {
		const before = await findOffer(tx, id, { lock: true });
		if (!before) return NOT_FOUND;
		if (before.version !== version) return STALE;
		const planItems = await planItemsUsing(tx, before.id);
		if (planItems > 0) return { ok: false, reason: 'in-use', planItems };
		await tx.delete(cpdOffer).where(eq(cpdOffer.id, before.id));
		await writeAudit(tx, scope, {
			action: 'cpd.offer-deleted',
			subject: subjectOf(before),
			detail: {
				offerId: before.id,
				before: audited(offerColumns(offerFormValues(before)), before.criteria)
			}
		});
		return DONE;
	});
}
