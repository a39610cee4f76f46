import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ScaleLevel } from '../../domain/framework';
import { isRecordId } from '../../domain/ids';
import type { ReviewPage } from '../../domain/peer-review';
import type { Scope } from '../auth/guards';
import {
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	selfEvaluation
} from '../db/schema';
import { rowOf } from '../db/joins';
import type { Tx } from '../db/tenant';
import { evaluationContext, loadContent } from './evaluations';
import { invalid } from './frameworks';
import { readReview, type ReviewAccess } from './review-access';

// The host's framework, as the review reaches it: through the self-evaluation it shared.

/** The framework version and scale of the shared self-evaluation; none before sharing. */
export async function sharedVersion(tx: Tx, access: ReviewAccess) {
	const evaluationId = access.review.evaluationId;
	if (!evaluationId) return undefined;
	const [found] = await tx
		.select({ versionId: selfEvaluation.versionId, scale: frameworkVersion.scale })
		.from(selfEvaluation)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, selfEvaluation.tenantId, selfEvaluation.versionId)
		)
		.where(eq(selfEvaluation.id, evaluationId));
	return found;
}

/** The shared self-evaluation: what it is about, and every section with its criteria. */
export async function sharedContent(tx: Tx, access: ReviewAccess) {
	const evaluationId = access.review.evaluationId;
	if (!evaluationId) return undefined;
	const [row] = await tx
		.select({ versionId: selfEvaluation.versionId, signedOffAt: selfEvaluation.signedOffAt })
		.from(selfEvaluation)
		.where(eq(selfEvaluation.id, evaluationId));
	if (!row) return undefined;
	const [context, content] = await Promise.all([
		evaluationContext(tx, { id: evaluationId }),
		loadContent(tx, evaluationId, row.versionId)
	]);
	const criteria = content.flatMap((s) =>
		s.criteria.map((c) => ({
			id: c.id,
			code: c.code,
			title: c.title,
			sectionId: s.id,
			self: c.values.rating
		}))
	);
	return { evaluationId, signedOffAt: row.signedOffAt, context, content, criteria };
}
export type SharedContent = NonNullable<Awaited<ReturnType<typeof sharedContent>>>;

/**
 * Runs a read of the review and its shared self-evaluation for a caller to whom `page` is
 * open; undefined for anyone else, and before anything is shared.
 */
export function readShared<T>(
	scope: Scope,
	reviewId: string,
	page: ReviewPage,
	read: (tx: Tx, access: ReviewAccess, shared: SharedContent) => Promise<T | undefined>
): Promise<T | undefined> {
	return readReview(scope, reviewId, page, async (tx, access) => {
		const shared = await sharedContent(tx, access);
		return shared ? read(tx, access, shared) : undefined;
	});
}

/** The framework's sections with their criteria, for pickers of linked criteria. */
export const criterionChoices = (shared: SharedContent) =>
	shared.content.map((s) => ({
		id: s.id,
		code: s.code,
		title: s.title,
		criteria: s.criteria.map((c) => ({ id: c.id, code: c.code, title: c.title }))
	}));

/**
 * The same choices read straight from the framework, for pages that need nothing else of
 * the self-evaluation; none before sharing.
 */
export async function criteriaOfReview(tx: Tx, access: ReviewAccess) {
	const version = await sharedVersion(tx, access);
	if (!version) return [];
	const [sections, criteria] = await Promise.all([
		tx
			.select({
				id: frameworkSection.id,
				code: frameworkSection.code,
				title: frameworkSection.title
			})
			.from(frameworkSection)
			.where(eq(frameworkSection.versionId, version.versionId))
			.orderBy(asc(frameworkSection.position)),
		tx
			.select({
				id: frameworkCriterion.id,
				sectionId: frameworkCriterion.sectionId,
				code: frameworkCriterion.code,
				title: frameworkCriterion.title
			})
			.from(frameworkCriterion)
			.where(eq(frameworkCriterion.versionId, version.versionId))
			.orderBy(asc(frameworkCriterion.position))
	]);
	return sections.map((s) => ({
		...s,
		criteria: criteria
			.filter((c) => c.sectionId === s.id)
			.map((c) => ({ id: c.id, code: c.code, title: c.title }))
	}));
}

/** The criteria with these ids, when every one of them is in the version; else undefined. */
export async function criteriaInVersion(tx: Tx, versionId: string, ids: readonly string[]) {
	const unique = [...new Set(ids)];
	if (!unique.every(isRecordId)) return undefined;
	if (unique.length === 0) return [];
	const rows = await tx
		.select({ id: frameworkCriterion.id, code: frameworkCriterion.code })
		.from(frameworkCriterion)
		.where(
			and(eq(frameworkCriterion.versionId, versionId), inArray(frameworkCriterion.id, unique))
		);
	return rows.length === unique.length ? rows : undefined;
}

/** The refusal of criteria to link that are not the shared framework's. */
export const BAD_CRITERIA = invalid('criterionIds', 'Choose criteria from the list');

/** The criteria to link, when every id is one of the shared framework's; else undefined. */
export async function linkedCriteria(tx: Tx, access: ReviewAccess, ids: readonly string[]) {
	const version = await sharedVersion(tx, access);
	return version && criteriaInVersion(tx, version.versionId, ids);
}

/** The codes of these criteria, in the order given, leaving out any the framework lacks. */
export const codesOf = (shared: SharedContent, ids: readonly string[]) => {
	const byId = new Map(shared.criteria.map((c) => [c.id, c.code]));
	return ids.map((id) => byId.get(id)).filter((code): code is string => code !== undefined);
};

/** A level's label on the scale, "Level 5" for one the scale lacks. */
export const levelLabel = (scale: readonly ScaleLevel[], value: number) =>
	scale.find((l) => l.value === value)?.label ?? `Level ${value}`;
