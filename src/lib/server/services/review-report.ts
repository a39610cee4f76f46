import { asc, eq, inArray } from 'drizzle-orm';
import { DEFAULT_SCALE } from '../../domain/framework';
import type { ReviewEvent, ReviewStage } from '../../domain/peer-review';
import { summariseSection, type SectionSummary } from '../../domain/rollup';
import { REPORT_TEXT_LABELS, type ReportText } from '../../schemas/review-report';
import type { Scope } from '../auth/guards';
import {
	agreedRating,
	evaluationCycle,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	peerReview,
	reviewRound
} from '../db/schema';
import { rowOf } from '../db/joins';
import type { Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { reviewersOf } from './peer-reviews';
import {
	byHost,
	byLead,
	moveStage,
	readReview,
	recordReviewEvent,
	reviewSubject,
	writeReview,
	type ReviewAccess,
	type ReviewRow
} from './review-access';
import { levelLabel } from './review-framework';
import {
	DONE,
	STALE,
	staleWith,
	type Refusal,
	type StaleWith,
	type StepRefusal
} from './review-results';

// Stage 5: the report. The lead drafts it, the host checks it for factual accuracy, the
// lead finalises it, and the host's headteacher decides whether the area board reads it.

const reportTextOf = (review: ReviewRow): ReportText => ({
	reportContext: review.reportContext,
	strengths: review.strengths,
	areasForDevelopment: review.areasForDevelopment
});

/** Board sharing is the headteacher's decision, as it is for the self-evaluation. */
const isHostHead = (scope: Scope, access: ReviewAccess) =>
	byHost(access) && scope.membership.role === 'headteacher';

// ---------------------------------------------------------------------------------------------
// The report as a document: what the report page, the PDF and the area board all show.

/** The agreed ratings grouped by section, in framework order, with each section's level. */
async function agreedBySection(tx: Tx, reviewId: string) {
	const rows = await tx
		.select({
			criterionId: agreedRating.criterionId,
			rating: agreedRating.rating,
			rationale: agreedRating.rationale,
			code: frameworkCriterion.code,
			title: frameworkCriterion.title,
			position: frameworkCriterion.position,
			sectionId: frameworkSection.id,
			sectionCode: frameworkSection.code,
			sectionTitle: frameworkSection.title,
			sectionPosition: frameworkSection.position,
			scale: frameworkVersion.scale
		})
		.from(agreedRating)
		.innerJoin(
			frameworkCriterion,
			rowOf(frameworkCriterion, agreedRating.tenantId, agreedRating.criterionId)
		)
		.innerJoin(
			frameworkSection,
			rowOf(frameworkSection, frameworkCriterion.tenantId, frameworkCriterion.sectionId)
		)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, frameworkCriterion.tenantId, frameworkCriterion.versionId)
		)
		.where(eq(agreedRating.reviewId, reviewId))
		.orderBy(asc(frameworkSection.position), asc(frameworkCriterion.position));
	const scale = rows[0]?.scale ?? DEFAULT_SCALE;
	const sectionIds = [...new Set(rows.map((r) => r.sectionId))];
	// A section's level counts its criteria not agreed as unrated, so "2 of 5 rated" shows.
	const criteria = sectionIds.length
		? await tx
				.select({
					sectionId: frameworkCriterion.sectionId,
					id: frameworkCriterion.id,
					code: frameworkCriterion.code,
					statutory: frameworkCriterion.statutory
				})
				.from(frameworkCriterion)
				.where(inArray(frameworkCriterion.sectionId, sectionIds))
		: [];
	const sections = sectionIds.map((sectionId) => {
		const own = rows.filter((r) => r.sectionId === sectionId);
		const agreed = new Map(own.map((r) => [r.criterionId, r.rating]));
		const summary: SectionSummary = summariseSection(
			criteria
				.filter((c) => c.sectionId === sectionId)
				.map((c) => ({
					code: c.code,
					statutory: c.statutory,
					rating: agreed.get(c.id) ?? null,
					hasNarrative: agreed.has(c.id),
					touched: agreed.has(c.id)
				})),
			scale
		);
		return {
			id: sectionId,
			code: own[0]!.sectionCode,
			title: own[0]!.sectionTitle,
			summary,
			levelName: summary.level === null ? null : levelLabel(scale, summary.level),
			ratings: own.map((r) => ({
				criterionId: r.criterionId,
				code: r.code,
				title: r.title,
				rating: r.rating,
				levelName: levelLabel(scale, r.rating),
				rationale: r.rationale
			}))
		};
	});
	return { scale, sections };
}

/** The report of a review as everyone who may read it sees it; nothing pupil-level. */
export async function reportDocument(
	tx: Tx,
	found: { review: ReviewRow; hostName: string; roundName: string }
) {
	const { review } = found;
	const [[cycle], reviewers, agreed] = await Promise.all([
		tx
			.select({ name: evaluationCycle.name })
			.from(reviewRound)
			.innerJoin(evaluationCycle, rowOf(evaluationCycle, reviewRound.tenantId, reviewRound.cycleId))
			.where(eq(reviewRound.id, review.roundId)),
		reviewersOf(tx, review.id),
		agreedBySection(tx, review.id)
	]);
	return {
		reviewId: review.id,
		hostName: found.hostName,
		roundName: found.roundName,
		cycleName: cycle?.name ?? '',
		reviewers: reviewers.map((r) => ({
			name: r.name,
			settingName: r.settingName,
			isLead: r.isLead
		})),
		...reportTextOf(review),
		hostComment: review.hostComment,
		hostCheckedAt: review.hostCheckedAt,
		finalisedAt: review.finalisedAt,
		scale: agreed.scale,
		sections: agreed.sections
	};
}
export type ReportDocument = Awaited<ReturnType<typeof reportDocument>>;

/** The report page: the document, and what the caller may do with it at this stage. */
export async function reportPage(scope: Scope, reviewId: string) {
	return readReview(scope, reviewId, 'report', async (tx, access) => {
		const { review } = access;
		const drafting = byLead(access) && review.stage === 'report';
		return {
			role: access.role,
			version: review.version,
			stage: review.stage,
			boardSharing: review.boardSharing,
			document: await reportDocument(tx, access),
			may: {
				draft: drafting,
				send: drafting,
				finalise: drafting && review.hostCheckedAt !== null,
				check: byHost(access) && review.stage === 'factual_check',
				share: isHostHead(scope, access) && review.stage === 'finalised'
			}
		};
	});
}

/** The final report for the PDF, to anyone who may open the report; undefined before then. */
export async function finalReport(scope: Scope, reviewId: string) {
	return readReview(scope, reviewId, 'report', async (tx, access) =>
		access.review.stage === 'finalised' ? reportDocument(tx, access) : undefined
	);
}

// ---------------------------------------------------------------------------------------------
// Drafting, the host's factual accuracy check, finalising.

/**
 * When the report is back with the lead after the host's check, an agreed rating that changes
 * (or is added) means the host has not checked what would be finalised: the check is undone,
 * in the write that changed the rating (the review row is locked by it). True if it was.
 */
export async function undoHostCheck(tx: Tx, access: ReviewAccess): Promise<boolean> {
	const { review } = access;
	if (review.stage !== 'report' || review.hostCheckedAt === null) return false;
	await tx
		.update(peerReview)
		.set({ hostCheckedAt: null, version: review.version + 1, updatedAt: new Date() })
		.where(eq(peerReview.id, review.id));
	return true;
}

/** Only the lead drafts, and only while the report is with them. */
const DRAFTING = { by: byLead, at: ['report'] } as const;

export type SaveReportResult = { ok: true; version: number } | Refusal | StaleWith<ReportText>;

/** The lead saves the draft read at `version`; a stale save gets what is saved now instead. */
export async function saveReport(
	scope: Scope,
	reviewId: string,
	version: number,
	input: ReportText
): Promise<SaveReportResult> {
	return writeReview(scope, reviewId, DRAFTING, async (tx, access) => {
		const { review } = access;
		const before = reportTextOf(review);
		if (review.version !== version) return staleWith(before, review.version);
		const changed = (Object.keys(REPORT_TEXT_LABELS) as (keyof ReportText)[]).filter(
			(field) => before[field] !== input[field]
		);
		if (changed.length === 0) return { ok: true, version: review.version };
		// The host checked the words as they were: changed words need checking again.
		const recheck = review.hostCheckedAt !== null;
		await tx
			.update(peerReview)
			.set({
				...input,
				...(recheck ? { hostCheckedAt: null } : {}),
				version: review.version + 1,
				updatedAt: new Date()
			})
			.where(eq(peerReview.id, review.id));
		const pick = (text: ReportText) => Object.fromEntries(changed.map((f) => [f, text[f]]));
		await writeAudit(tx, scope, {
			action: 'peer-review.report-saved',
			subject: reviewSubject(access),
			detail: { before: pick(before), after: pick(input), ...(recheck ? { recheck } : {}) }
		});
		return { ok: true, version: review.version + 1 };
	});
}

export type ReportStepResult =
	| typeof DONE
	| StepRefusal
	| { ok: false; reason: 'incomplete'; missing: (keyof ReportText)[] }
	| { ok: false; reason: 'not-checked' }
	| { ok: false; reason: 'no-comment' };

/**
 * A step the lead takes with the finished draft, from the report stage to `to`: refused when
 * the draft changed since it was read, when a part it needs is missing, or when `ready` says
 * what else is missing.
 */
function draftStep(
	scope: Scope,
	reviewId: string,
	version: number,
	step: {
		to: ReviewStage;
		event: ReviewEvent;
		ready?: (review: ReviewRow) => ReportStepResult | null;
		set?: () => Partial<ReviewRow>;
	}
): Promise<ReportStepResult> {
	return writeReview(scope, reviewId, DRAFTING, async (tx, access) => {
		const { review } = access;
		if (review.version !== version) return STALE;
		// The parts a report needs before the host checks it or it is finalised.
		const missing = (['strengths', 'areasForDevelopment'] as const).filter(
			(f) => review[f].trim() === ''
		);
		if (missing.length) return { ok: false, reason: 'incomplete', missing } as const;
		const refusal = step.ready?.(review);
		if (refusal) return refusal;
		return moveStage(tx, scope, access, {
			from: 'report',
			to: step.to,
			event: step.event,
			expectedVersion: version,
			set: step.set?.()
		});
	});
}

/** The lead sends the draft to the host for a factual accuracy check (report → factual_check). */
export async function sendForCheck(
	scope: Scope,
	reviewId: string,
	version: number
): Promise<ReportStepResult> {
	return draftStep(scope, reviewId, version, { to: 'factual_check', event: 'sent_for_check' });
}

/** The host returns the draft with its factual accuracy comments (factual_check → report). */
export async function returnCheck(
	scope: Scope,
	reviewId: string,
	version: number,
	comment: string
): Promise<ReportStepResult> {
	return writeReview(scope, reviewId, { by: byHost }, async (tx, access) => {
		const text = comment.trim();
		if (!text) return { ok: false, reason: 'no-comment' } as const;
		return moveStage(tx, scope, access, {
			from: 'factual_check',
			to: 'report',
			event: 'host_checked',
			expectedVersion: version,
			comment: text,
			set: { hostComment: text, hostCheckedAt: new Date() }
		});
	});
}

/**
 * The lead finalises the report (report → finalised), once the host has returned the check
 * of the report as it stands: a change to its text or agreed ratings since undoes the check.
 * Nothing of the report or the ratings can change afterwards.
 */
export async function finaliseReport(
	scope: Scope,
	reviewId: string,
	version: number
): Promise<ReportStepResult> {
	return draftStep(scope, reviewId, version, {
		to: 'finalised',
		event: 'finalised',
		ready: (review) =>
			review.hostCheckedAt === null ? { ok: false, reason: 'not-checked' } : null,
		set: () => ({ finalisedAt: new Date() })
	});
}

/** The host's headteacher lets the area board read the final report, or stops it. */
export async function setBoardSharing(
	scope: Scope,
	reviewId: string,
	version: number,
	share: boolean
): Promise<typeof DONE | StepRefusal> {
	const rule = {
		by: (access: ReviewAccess) => isHostHead(scope, access),
		at: ['finalised']
	} as const;
	return writeReview(scope, reviewId, rule, async (tx, access) => {
		const { review } = access;
		if (review.version !== version) return STALE;
		if (review.boardSharing === share) return DONE;
		await tx
			.update(peerReview)
			.set({ boardSharing: share, version: review.version + 1, updatedAt: new Date() })
			.where(eq(peerReview.id, review.id));
		await recordReviewEvent(
			tx,
			scope,
			access,
			'board_sharing_changed',
			share ? 'Shared with the area board' : 'Not shared with the area board'
		);
		return DONE;
	});
}
