import { and, arrayContains, count, desc, eq } from 'drizzle-orm';
import { isRealDate } from '../../domain/dates';
import { isRecordId } from '../../domain/ids';
import { VISIT_ACTIVITIES, type VisitActivity } from '../../domain/peer-review';
import { NOTES_MAX } from '../../schemas/review-work';
import type { Scope } from '../auth/guards';
import { appUser, visitEvidence } from '../db/schema';
import { writeAudit } from './audit';
import { invalid } from './frameworks';
import {
	byReviewer,
	reviewersMayWriteAt,
	reviewSubject,
	VISIT_STAGES,
	writeReview
} from './review-access';
import {
	BAD_CRITERIA,
	codesOf,
	criterionChoices,
	linkedCriteria,
	readShared
} from './review-framework';
import { DONE, type EntryResult, type RemoveResult } from './review-results';
import { NOT_FOUND } from './structure';

// Stage 4: the visit's evidence log, which the whole review team keeps.

export const EVIDENCE_PAGE_SIZE = 20;

/** Who may log evidence: any reviewer, while the visit and the report are under way. */
const LOGGING = { by: byReviewer, at: VISIT_STAGES };

/**
 * The review team's evidence log, newest first, optionally only entries linked to one
 * criterion, a page at a time. Each entry says whether the caller may remove it (their own).
 */
export async function evidenceLog(
	scope: Scope,
	reviewId: string,
	filter: { criterionId?: string | null; page: number }
) {
	return readShared(scope, reviewId, 'visit', async (tx, access, shared) => {
		const criterion = shared.criteria.find((c) => c.id === filter.criterionId) ?? null;
		const where = and(
			eq(visitEvidence.reviewId, access.review.id),
			criterion ? arrayContains(visitEvidence.criterionIds, [criterion.id]) : undefined
		);
		const [total] = await tx.select({ n: count() }).from(visitEvidence).where(where);
		const entries = total?.n ?? 0;
		// A page past the end (an old link) shows the last page rather than nothing.
		const lastPage = Math.max(1, Math.ceil(entries / EVIDENCE_PAGE_SIZE));
		const page = Math.min(lastPage, Math.max(1, Math.floor(filter.page) || 1));
		const rows = await tx
			.select({
				id: visitEvidence.id,
				authorId: visitEvidence.authorId,
				authorName: appUser.name,
				activity: visitEvidence.activity,
				happenedOn: visitEvidence.happenedOn,
				notes: visitEvidence.notes,
				criterionIds: visitEvidence.criterionIds,
				createdAt: visitEvidence.createdAt
			})
			.from(visitEvidence)
			.innerJoin(appUser, eq(appUser.id, visitEvidence.authorId))
			.where(where)
			.orderBy(
				desc(visitEvidence.happenedOn),
				desc(visitEvidence.createdAt),
				desc(visitEvidence.id)
			)
			.limit(EVIDENCE_PAGE_SIZE)
			.offset((page - 1) * EVIDENCE_PAGE_SIZE);
		const mayLog = reviewersMayWriteAt(access, VISIT_STAGES);
		return {
			review: { id: access.review.id, stage: access.review.stage },
			criteria: criterionChoices(shared),
			filter: criterion ? { id: criterion.id, code: criterion.code, title: criterion.title } : null,
			page,
			pageSize: EVIDENCE_PAGE_SIZE,
			total: entries,
			entries: rows.map(({ authorId, criterionIds, ...row }) => ({
				...row,
				criteria: codesOf(shared, criterionIds),
				mine: authorId === scope.userId,
				canRemove: mayLog && authorId === scope.userId
			})),
			rights: { log: mayLog }
		};
	});
}

/** One entry of the evidence log as a reviewer records it. */
export interface VisitEvidenceInput {
	activity: VisitActivity;
	/** YYYY-MM-DD. */
	happenedOn: string;
	notes: string;
	criterionIds: string[];
}

/** A reviewer logs evidence from the visit, linked to criteria of the host's framework. */
export async function addVisitEvidence(
	scope: Scope,
	reviewId: string,
	input: VisitEvidenceInput
): Promise<EntryResult<'activity' | 'happenedOn' | 'notes' | 'criterionIds'>> {
	return writeReview(scope, reviewId, LOGGING, async (tx, access) => {
		const notes = input.notes.trim();
		if (!notes || notes.length > NOTES_MAX)
			return invalid('notes', `Enter notes of ${NOTES_MAX} characters or fewer`);
		if (!isRealDate(input.happenedOn)) return invalid('happenedOn', 'Enter the date');
		if (!(VISIT_ACTIVITIES as readonly string[]).includes(input.activity))
			return invalid('activity', 'Choose the activity');
		const linked = await linkedCriteria(tx, access, input.criterionIds);
		if (!linked?.length) return BAD_CRITERIA;
		const [row] = await tx
			.insert(visitEvidence)
			.values({
				tenantId: scope.tenantId,
				reviewId: access.review.id,
				authorId: scope.userId,
				activity: input.activity,
				happenedOn: input.happenedOn,
				notes,
				criterionIds: linked.map((c) => c.id)
			})
			.returning({ id: visitEvidence.id });
		await writeAudit(tx, scope, {
			action: 'peer-review.evidence-added',
			subject: reviewSubject(access),
			detail: {
				activity: input.activity,
				date: input.happenedOn,
				criteria: linked.map((c) => c.code)
			}
		});
		return { ok: true, id: row!.id } as const;
	});
}

/** A reviewer removes an entry of their own from the evidence log. */
export async function removeVisitEvidence(
	scope: Scope,
	reviewId: string,
	entryId: string
): Promise<RemoveResult> {
	if (!isRecordId(entryId)) return NOT_FOUND;
	return writeReview(scope, reviewId, LOGGING, async (tx, access) => {
		const [entry] = await tx
			.select({ authorId: visitEvidence.authorId })
			.from(visitEvidence)
			.where(and(eq(visitEvidence.id, entryId), eq(visitEvidence.reviewId, access.review.id)));
		if (!entry) return NOT_FOUND;
		if (entry.authorId !== scope.userId) return { ok: false, reason: 'not-allowed' } as const;
		const [removed] = await tx
			.delete(visitEvidence)
			.where(eq(visitEvidence.id, entryId))
			.returning({ activity: visitEvidence.activity, happenedOn: visitEvidence.happenedOn });
		await writeAudit(tx, scope, {
			action: 'peer-review.evidence-removed',
			subject: reviewSubject(access),
			detail: { activity: removed?.activity, date: removed?.happenedOn }
		});
		return DONE;
	});
}
