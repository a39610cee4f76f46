/**
 * Finds the benchmark's people, pages and counts in a database generated earlier, by what
 * the generator always writes the same way: emails, the tenant's short name, the open cycle.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { rowsOf, type Database } from '../src/lib/server/db/client';
import {
	agreedRating,
	apdrReview,
	appUser,
	areaBoardDistrict,
	auditEvent,
	boardAction,
	boardNote,
	boardQuestion,
	cpdOffer,
	cpdPlan,
	cpdPlanItem,
	district,
	evaluationCycle,
	evaluationEvent,
	evidence,
	frameworkCriterion,
	frameworkSection,
	intervention,
	judgement,
	judgementHistory,
	lineOfEnquiry,
	membership,
	organisation,
	peerReview,
	peerReviewer,
	provisionRecord,
	reviewAction,
	reviewerRating,
	reviewEvent,
	reviewReviewer,
	selfEvaluation,
	senPupil,
	senPupilChange,
	setting,
	tenant,
	tenantUser,
	visitEvidence
} from '../src/lib/server/db/schema';
import { rowOf } from '../src/lib/server/db/joins';
import type { BenchFixture, Scale } from './fixture';
import { BENCH_PASSWORD, SCALES } from './scales';

/** The audit action that marks a tenant's data as completely generated. */
export const GENERATED = 'bench.generated';

/** Tables the generator writes, by the name the report gives them. */
const COUNTED: Record<string, PgTable> = {
	organisation,
	setting,
	tenant_user: tenantUser,
	membership,
	peer_reviewer: peerReviewer,
	self_evaluation: selfEvaluation,
	judgement,
	judgement_history: judgementHistory,
	evaluation_event: evaluationEvent,
	evidence,
	peer_review: peerReview,
	review_reviewer: reviewReviewer,
	line_of_enquiry: lineOfEnquiry,
	visit_evidence: visitEvidence,
	reviewer_rating: reviewerRating,
	agreed_rating: agreedRating,
	review_action: reviewAction,
	review_event: reviewEvent,
	intervention,
	sen_pupil: senPupil,
	sen_pupil_change: senPupilChange,
	provision_record: provisionRecord,
	apdr_review: apdrReview,
	cpd_offer: cpdOffer,
	cpd_plan: cpdPlan,
	cpd_plan_item: cpdPlanItem,
	board_note: boardNote,
	board_question: boardQuestion,
	board_action: boardAction
};

/** Rows in each counted table, in the tenant or (when null) in all tenants: one statement. */
async function rowCounts(db: Database, tenantId: string | null) {
	const only = (table: PgTable): SQL =>
		tenantId
			? sql`(select count(*) from ${table} where tenant_id = ${tenantId})::int`
			: sql`(select count(*) from ${table})::int`;
	const names = Object.keys(COUNTED);
	const columns = names.map((name) => sql`${only(COUNTED[name]!)} as ${sql.identifier(name)}`);
	const [row] = rowsOf<Record<string, number>>(
		await db.execute(sql`select ${sql.join(columns, sql`, `)}`)
	);
	return Object.fromEntries(names.map((name) => [name, Number(row![name])]));
}

/** Account ids by email. */
async function accounts(db: Database, emails: string[]) {
	const rows = await db
		.select({ id: appUser.id, email: appUser.email })
		.from(appUser)
		.where(inArray(appUser.email, emails));
	return new Map(rows.map((r) => [r.email, r.id]));
}

/** The first judgements of each evaluation, in framework order. */
async function firstJudged(db: Database, tenantId: string, evaluationIds: string[], per: number) {
	const rows = await db
		.select({
			evaluationId: judgement.evaluationId,
			criterionId: judgement.criterionId,
			sectionId: frameworkCriterion.sectionId
		})
		.from(judgement)
		.innerJoin(
			frameworkCriterion,
			rowOf(frameworkCriterion, judgement.tenantId, judgement.criterionId)
		)
		.innerJoin(
			frameworkSection,
			rowOf(frameworkSection, frameworkCriterion.tenantId, frameworkCriterion.sectionId)
		)
		.where(and(eq(judgement.tenantId, tenantId), inArray(judgement.evaluationId, evaluationIds)))
		.orderBy(asc(frameworkSection.position), asc(frameworkCriterion.position));
	const out = new Map<string, { criterionId: string; sectionId: string }[]>();
	for (const r of rows) {
		const own = out.get(r.evaluationId) ?? [];
		if (own.length < per) own.push(r);
		out.set(r.evaluationId, own);
	}
	return out;
}

/** The in-progress evaluations of the open cycle with their SENCOs' emails, by email. */
async function underWay(db: Database, tenantId: string, cycleId: string) {
	return db
		.select({
			evaluationId: selfEvaluation.id,
			settingId: selfEvaluation.settingId,
			email: appUser.email
		})
		.from(selfEvaluation)
		.innerJoin(
			membership,
			and(
				eq(membership.tenantId, selfEvaluation.tenantId),
				eq(membership.organisationId, selfEvaluation.settingId),
				eq(membership.role, 'senco')
			)
		)
		.innerJoin(appUser, eq(appUser.id, membership.userId))
		.where(
			and(
				eq(selfEvaluation.tenantId, tenantId),
				eq(selfEvaluation.cycleId, cycleId),
				eq(selfEvaluation.status, 'in_progress'),
				sql`${appUser.email} like 'senco.%'`
			)
		)
		.orderBy(asc(appUser.email));
}

/** The district of the board's scope with the most settings (by name when equal). */
async function largestDistrict(db: Database, tenantId: string, boardId: string) {
	const [row] = await db
		.select({ id: district.id, n: count(setting.id) })
		.from(areaBoardDistrict)
		.innerJoin(district, rowOf(district, areaBoardDistrict.tenantId, areaBoardDistrict.districtId))
		.leftJoin(
			setting,
			and(eq(setting.tenantId, district.tenantId), eq(setting.districtId, district.id))
		)
		.where(
			and(eq(areaBoardDistrict.tenantId, tenantId), eq(areaBoardDistrict.areaBoardId, boardId))
		)
		.groupBy(district.id, district.name)
		.orderBy(desc(count(setting.id)), asc(district.name))
		.limit(1);
	return row?.id;
}

/**
 * What the benchmark needs from a database generated for the scale; null when it holds no
 * complete data for it (generation never finished, or another scale was generated).
 */
export async function locate(db: Database, scale: Scale): Promise<BenchFixture | null> {
	const spec = SCALES[scale];
	const shape = spec.measured;
	const [marker] = await db
		.select({ tenantId: tenant.id })
		.from(auditEvent)
		.innerJoin(tenant, eq(tenant.id, auditEvent.tenantId))
		.where(
			and(
				eq(tenant.slug, shape.slug),
				eq(auditEvent.action, GENERATED),
				eq(auditEvent.subject, scale)
			)
		);
	if (!marker) return null;
	const { tenantId } = marker;
	const domain = shape.emailDomain;
	const users = {
		senco: `senco.0001@${domain}`,
		head: `head.0001@${domain}`,
		reviewer: `reviewer@${domain}`,
		board: `board.1@${domain}`,
		la: `la@${domain}`
	};
	const ids = await accounts(db, Object.values(users));
	const [[open], [measured], [boardMembership], [review]] = await Promise.all([
		db
			.select({ id: evaluationCycle.id })
			.from(evaluationCycle)
			.where(and(eq(evaluationCycle.tenantId, tenantId), eq(evaluationCycle.status, 'open'))),
		db
			.select({ settingId: membership.organisationId })
			.from(membership)
			.where(and(eq(membership.tenantId, tenantId), eq(membership.userId, ids.get(users.senco)!))),
		db
			.select({ boardId: membership.organisationId })
			.from(membership)
			.innerJoin(organisation, rowOf(organisation, membership.tenantId, membership.organisationId))
			.where(
				and(
					eq(membership.tenantId, tenantId),
					eq(membership.userId, ids.get(users.board)!),
					eq(organisation.kind, 'area_board')
				)
			),
		db
			.select({ id: peerReview.id })
			.from(reviewReviewer)
			.innerJoin(peerReview, rowOf(peerReview, reviewReviewer.tenantId, reviewReviewer.reviewId))
			.where(
				and(
					eq(reviewReviewer.tenantId, tenantId),
					eq(reviewReviewer.userId, ids.get(users.reviewer)!),
					eq(reviewReviewer.isLead, true),
					eq(peerReview.stage, 'visit')
				)
			)
	]);
	if (!open || !measured || !boardMembership || !review) return null;
	const inProgress = await underWay(db, tenantId, open.id);
	const own = inProgress.find((e) => e.settingId === measured.settingId);
	if (!own) return null;
	const others = inProgress.filter((e) => e !== own).slice(0, shape.autosavers);
	const judged = await firstJudged(
		db,
		tenantId,
		[own.evaluationId, ...others.map((e) => e.evaluationId)],
		3
	);
	const first = judged.get(own.evaluationId)?.[0];
	const boardDistrict = await largestDistrict(db, tenantId, boardMembership.boardId);
	if (!first || !boardDistrict || others.length < shape.autosavers) return null;
	return {
		scale,
		tenantId,
		password: BENCH_PASSWORD,
		users: { ...users, autosavers: others.map((e) => e.email) },
		paths: {
			section: `/self-evaluation/${own.evaluationId}/sections/${first.sectionId}`,
			summary: `/self-evaluation/${own.evaluationId}/summary`,
			moderation: `/peer-reviews/${review.id}/moderation`,
			provision: '/provision',
			boardDistrict: `/board?district=${boardDistrict}`,
			laDistricts: '/la/districts',
			gapReport: '/cpd'
		},
		autosaves: others.map((e) => ({
			evaluationId: e.evaluationId,
			criterionIds: (judged.get(e.evaluationId) ?? []).map((j) => j.criterionId)
		})),
		contested: { evaluationId: own.evaluationId, criterionId: first.criterionId },
		rows: await rowCounts(db, spec.others ? null : tenantId)
	};
}
