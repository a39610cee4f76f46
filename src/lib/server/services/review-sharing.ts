import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { summariseSection } from '../../domain/rollup';
import { PRIORITIES_MAX } from '../../schemas/review-work';
import type { Scope } from '../auth/guards';
import { evaluationCycle, evidence, selfEvaluation } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { evaluationContext } from './evaluations';
import { invalid } from './frameworks';
import {
	byHost,
	moveStage,
	reviewFor,
	seesSelfEvaluation,
	writeReview,
	type ReviewAccess,
	type ReviewRow
} from './review-access';
import { readShared } from './review-framework';
import type { Refusal, STALE } from './review-results';
import type { Invalid } from './structure';

// Stage 2: the host shares its signed-off self-evaluation, which its reviewers then read.

/** The host's counts and priorities for its reviewers. */
export interface ReviewContext {
	roll: number;
	senSupport: number;
	ehcp: number;
	priorities: string;
}

/** The context as saved on the review; counts not given yet are null. */
export const contextOf = (review: ReviewRow) => ({
	roll: review.roll,
	senSupport: review.senSupport,
	ehcp: review.ehcp,
	priorities: review.priorities
});

/** What is wrong with a context the host gives, if anything. */
export function contextProblem(c: ReviewContext): Invalid<keyof ReviewContext> | undefined {
	for (const field of ['roll', 'senSupport', 'ehcp'] as const) {
		const n = c[field];
		if (!Number.isInteger(n) || n < 0) return invalid(field, 'Enter a whole number, 0 or more');
	}
	if (c.senSupport > c.roll)
		return invalid('senSupport', 'The number with SEN support cannot be more than the roll');
	if (c.ehcp > c.roll)
		return invalid('ehcp', 'The number with EHC plans cannot be more than the roll');
	if (c.priorities.length > PRIORITIES_MAX)
		return invalid('priorities', `Write ${PRIORITIES_MAX} characters or fewer`);
	return undefined;
}

/** The host's self-evaluation in the round's cycle, whatever its status; none if not started. */
async function cycleEvaluation(tx: Tx, access: ReviewAccess) {
	const [row] = await tx
		.select({
			id: selfEvaluation.id,
			status: selfEvaluation.status,
			signedOffAt: selfEvaluation.signedOffAt
		})
		.from(selfEvaluation)
		.where(
			and(
				eq(selfEvaluation.settingId, access.review.hostSettingId),
				eq(selfEvaluation.cycleId, access.cycleId)
			)
		);
	return row;
}

/** What sharing a signed-off self-evaluation gives the reviewers: its framework, its evidence. */
async function signedOffSummary(tx: Tx, evaluation: { id: string; signedOffAt: Date | null }) {
	const [context, [pieces]] = await Promise.all([
		evaluationContext(tx, evaluation),
		tx.select({ n: count() }).from(evidence).where(eq(evidence.evaluationId, evaluation.id))
	]);
	return {
		id: evaluation.id,
		signedOffAt: evaluation.signedOffAt,
		frameworkName: context.frameworkName,
		versionLabel: context.versionLabel,
		evidenceCount: pieces?.n ?? 0
	};
}

/**
 * For the host's head or SENCO only: what sharing will give the reviewers (the signed-off
 * self-evaluation of the round's cycle, if there is one) and the context saved so far.
 */
export async function shareView(scope: Scope, reviewId: string) {
	return inTenant(scope, async (tx) => {
		const access = await reviewFor(tx, scope, reviewId);
		if (!access || access.role !== 'host') return undefined;
		const { review } = access;
		const [[cycle], evaluation] = await Promise.all([
			tx
				.select({ name: evaluationCycle.name })
				.from(evaluationCycle)
				.where(eq(evaluationCycle.id, access.cycleId)),
			cycleEvaluation(tx, access)
		]);
		return {
			review: { id: review.id, stage: review.stage, version: review.version },
			hostName: access.hostName,
			roundName: access.roundName,
			cycleName: cycle?.name ?? '',
			evaluation: evaluation ? { id: evaluation.id, status: evaluation.status } : null,
			signedOff:
				evaluation?.status === 'signed_off' ? await signedOffSummary(tx, evaluation) : null,
			context: contextOf(review)
		};
	});
}

export type ShareResult =
	| { ok: true }
	| Refusal
	| typeof STALE
	| { ok: false; reason: 'no-evaluation' }
	| Invalid<keyof ReviewContext>;

/**
 * The host shares its signed-off self-evaluation of the round's cycle with this review's
 * reviewers, with its context, and the review moves on to preparation.
 */
export async function shareReview(
	scope: Scope,
	reviewId: string,
	expectedVersion: number,
	context: ReviewContext
): Promise<ShareResult> {
	return writeReview(scope, reviewId, { by: byHost, at: ['allocated'] }, async (tx, access) => {
		const problem = contextProblem(context);
		if (problem) return problem;
		const evaluation = await cycleEvaluation(tx, access);
		if (evaluation?.status !== 'signed_off') return { ok: false, reason: 'no-evaluation' } as const;
		return moveStage(tx, scope, access, {
			from: 'allocated',
			to: 'preparation',
			event: 'shared',
			expectedVersion,
			set: { evaluationId: evaluation.id, ...context }
		});
	});
}

/**
 * The shared self-evaluation for the review team and the host: each section's level, and
 * for the chosen section each criterion's rating, narrative, next steps and the TITLES of
 * its evidence. Files stay with the setting: nothing here leads to them.
 */
export async function sharedSelfEvaluation(scope: Scope, reviewId: string, sectionId?: string) {
	return readShared(scope, reviewId, 'self-evaluation', async (tx, access, shared) => {
		if (!seesSelfEvaluation(access)) return undefined;
		const { context, content } = shared;
		const chosen = content.find((s) => s.id === sectionId) ?? content[0];
		const titles = chosen
			? await tx
					.select({ criterionId: evidence.criterionId, title: evidence.title })
					.from(evidence)
					.where(
						and(
							eq(evidence.evaluationId, shared.evaluationId),
							inArray(
								evidence.criterionId,
								chosen.criteria.map((c) => c.id)
							)
						)
					)
					.orderBy(asc(evidence.addedAt), asc(evidence.id))
			: [];
		return {
			evaluation: {
				signedOffAt: shared.signedOffAt,
				settingName: context.settingName,
				cycleName: context.cycleName,
				frameworkName: context.frameworkName,
				versionLabel: context.versionLabel
			},
			scale: context.scale,
			sections: content.map((s) => {
				const summary = summariseSection(
					s.criteria.map((c) => c.rated),
					context.scale
				);
				return {
					id: s.id,
					code: s.code,
					title: s.title,
					level: summary.level,
					reason: summary.reason
				};
			}),
			section: chosen
				? {
						id: chosen.id,
						code: chosen.code,
						title: chosen.title,
						description: chosen.description,
						criteria: chosen.criteria.map((c) => ({
							id: c.id,
							code: c.code,
							title: c.title,
							rating: c.values.rating,
							narrative: c.values.narrative,
							nextSteps: c.values.nextSteps,
							evidenceTitles: titles.filter((t) => t.criterionId === c.id).map((t) => t.title)
						}))
					}
				: null
		};
	});
}
