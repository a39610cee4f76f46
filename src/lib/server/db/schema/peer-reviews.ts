import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	boolean,
	check,
	date,
	index,
	integer,
	pgTable,
	smallint,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from './common';
import { appUser } from './platform';
import { tenantUser } from './people';
import { inList, setting, tenantKey, tenantRef } from './tenancy';
import { frameworkCriterion } from './frameworks';
import { evaluationCycle, selfEvaluation } from './evaluations';
import {
	ACTION_STATUSES,
	GROUP_SHAPES,
	REVIEW_EVENTS,
	REVIEW_STAGES,
	ROUND_STATUSES,
	VISIT_ACTIVITIES
} from '../../../domain/peer-review';

const byUser = (name: string) => uuid(name).references(() => appUser.id);
/** A person of the same tenant (their tenant_user row). */
const personRef = (t: { tenantId: AnyPgColumn }, userId: AnyPgColumn) =>
	tenantRef(t.tenantId, userId, { tenantId: tenantUser.tenantId, id: tenantUser.userId });
const criterionIds = () =>
	uuid('criterion_ids')
		.array()
		.notNull()
		.default(sql`'{}'::uuid[]`);

/** The LA's register of trained peer reviewers: a person, and the setting they review from. */
export const peerReviewer = pgTable(
	'peer_reviewer',
	{
		tenantId: tenantId(),
		id: id(),
		userId: uuid('user_id').notNull(),
		settingId: uuid('setting_id').notNull(),
		addedBy: byUser('added_by'),
		createdAt: createdAt()
	},
	(t) => [
		...tenantKey(t),
		personRef(t, t.userId).onDelete('cascade'),
		tenantRef(t.tenantId, t.settingId, setting).onDelete('cascade'),
		uniqueIndex('peer_reviewer_person_key').on(t.tenantId, t.userId, t.settingId)
	]
);

/** A person who may not review a setting (a relative works there, a former employer…). */
export const conflictOfInterest = pgTable(
	'conflict_of_interest',
	{
		tenantId: tenantId(),
		id: id(),
		userId: uuid('user_id').notNull(),
		settingId: uuid('setting_id').notNull(),
		reason: text('reason').notNull(),
		declaredBy: byUser('declared_by'),
		createdAt: createdAt()
	},
	(t) => [
		...tenantKey(t),
		personRef(t, t.userId).onDelete('cascade'),
		tenantRef(t.tenantId, t.settingId, setting).onDelete('cascade'),
		uniqueIndex('conflict_of_interest_key').on(t.tenantId, t.userId, t.settingId)
	]
);

/** Stage 1: a round of peer review in a cycle, with the rules its allocation follows. */
export const reviewRound = pgTable(
	'review_round',
	{
		tenantId: tenantId(),
		id: id(),
		cycleId: uuid('cycle_id').notNull(),
		name: text('name').notNull(),
		groupShape: text('group_shape', { enum: GROUP_SHAPES }).notNull().default('triads'),
		clusterSize: smallint('cluster_size').notNull().default(4),
		reviewersPerReview: smallint('reviewers_per_review').notNull().default(2),
		noReciprocal: boolean('no_reciprocal').notNull().default(true),
		status: text('status', { enum: ROUND_STATUSES }).notNull().default('planning'),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.cycleId, evaluationCycle).onDelete('cascade'),
		uniqueIndex('review_round_name_key').on(t.tenantId, sql`lower(${t.name})`),
		check('review_round_shape_check', sql`${t.groupShape} in (${inList(GROUP_SHAPES)})`),
		check('review_round_status_check', sql`${t.status} in (${inList(ROUND_STATUSES)})`),
		check('review_round_cluster_check', sql`${t.clusterSize} between 3 and 7`),
		check('review_round_reviewers_check', sql`${t.reviewersPerReview} between 1 and 3`)
	]
);

/** A setting taking part in a round, and the group it was placed in. */
export const reviewRoundSetting = pgTable(
	'review_round_setting',
	{
		tenantId: tenantId(),
		id: id(),
		roundId: uuid('round_id').notNull(),
		settingId: uuid('setting_id').notNull(),
		groupNumber: smallint('group_number')
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.roundId, reviewRound).onDelete('cascade'),
		tenantRef(t.tenantId, t.settingId, setting).onDelete('cascade'),
		uniqueIndex('review_round_setting_key').on(t.tenantId, t.roundId, t.settingId)
	]
);

/** One host setting's review in a round, from allocation to follow-up. */
export const peerReview = pgTable(
	'peer_review',
	{
		tenantId: tenantId(),
		id: id(),
		roundId: uuid('round_id').notNull(),
		hostSettingId: uuid('host_setting_id').notNull(),
		stage: text('stage', { enum: REVIEW_STAGES }).notNull().default('allocated'),
		/** Stage 2: the host's signed-off self-evaluation, shared for this review only. */
		evaluationId: uuid('evaluation_id'),
		// Stage 3: the host's context, and the visit plan the lead agrees with the host.
		roll: integer('roll'),
		senSupport: integer('sen_support'),
		ehcp: integer('ehcp'),
		priorities: text('priorities').notNull().default(''),
		visitStart: date('visit_start'),
		visitEnd: date('visit_end'),
		visitActivities: text('visit_activities').notNull().default(''),
		visitPeople: text('visit_people').notNull().default(''),
		// Stage 5: the report, the host's factual accuracy comments, finalising.
		reportContext: text('report_context').notNull().default(''),
		strengths: text('strengths').notNull().default(''),
		areasForDevelopment: text('areas_for_development').notNull().default(''),
		hostComment: text('host_comment').notNull().default(''),
		hostCheckedAt: timestamp('host_checked_at', { withTimezone: true }),
		finalisedAt: timestamp('finalised_at', { withTimezone: true }),
		boardSharing: boolean('board_sharing').notNull().default(false),
		// Stage 6: the follow-up visit.
		followUpDate: date('follow_up_date'),
		followUpNotes: text('follow_up_notes').notNull().default(''),
		followUpDoneOn: date('follow_up_done_on'),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.roundId, reviewRound).onDelete('cascade'),
		tenantRef(t.tenantId, t.hostSettingId, setting).onDelete('cascade'),
		tenantRef(t.tenantId, t.evaluationId, selfEvaluation),
		uniqueIndex('peer_review_host_key').on(t.tenantId, t.roundId, t.hostSettingId),
		index('peer_review_host_idx').on(t.tenantId, t.hostSettingId),
		check('peer_review_stage_check', sql`${t.stage} in (${inList(REVIEW_STAGES)})`),
		check(
			'peer_review_counts_check',
			sql`coalesce(${t.roll}, 0) >= 0 and coalesce(${t.senSupport}, 0) >= 0 and coalesce(${t.ehcp}, 0) >= 0`
		),
		check('peer_review_visit_check', sql`${t.visitEnd} is null or ${t.visitEnd} >= ${t.visitStart}`)
	]
);

/** A person reviewing a host, from their home setting; one of them leads. */
export const reviewReviewer = pgTable(
	'review_reviewer',
	{
		tenantId: tenantId(),
		id: id(),
		reviewId: uuid('review_id').notNull(),
		userId: uuid('user_id').notNull(),
		settingId: uuid('setting_id').notNull(),
		isLead: boolean('is_lead').notNull().default(false)
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.reviewId, peerReview).onDelete('cascade'),
		personRef(t, t.userId),
		tenantRef(t.tenantId, t.settingId, setting),
		uniqueIndex('review_reviewer_key').on(t.tenantId, t.reviewId, t.userId),
		uniqueIndex('review_reviewer_lead_key')
			.on(t.tenantId, t.reviewId)
			.where(sql`${t.isLead}`),
		index('review_reviewer_user_idx').on(t.tenantId, t.userId)
	]
);

/** Stage 3: a question reviewers mean to explore on the visit, linked to criteria. */
export const lineOfEnquiry = pgTable(
	'line_of_enquiry',
	{
		tenantId: tenantId(),
		id: id(),
		reviewId: uuid('review_id').notNull(),
		question: text('question').notNull(),
		criterionIds: criterionIds(),
		authorId: byUser('author_id'),
		createdAt: createdAt()
	},
	(t) => [...tenantKey(t), tenantRef(t.tenantId, t.reviewId, peerReview).onDelete('cascade')]
);

/** Stage 4: one entry of a reviewer's evidence log. */
export const visitEvidence = pgTable(
	'visit_evidence',
	{
		tenantId: tenantId(),
		id: id(),
		reviewId: uuid('review_id').notNull(),
		authorId: uuid('author_id').notNull(),
		activity: text('activity', { enum: VISIT_ACTIVITIES }).notNull(),
		happenedOn: date('happened_on').notNull(),
		notes: text('notes').notNull(),
		criterionIds: criterionIds(),
		createdAt: createdAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.reviewId, peerReview).onDelete('cascade'),
		personRef(t, t.authorId),
		index('visit_evidence_review_idx').on(t.tenantId, t.reviewId),
		check('visit_evidence_activity_check', sql`${t.activity} in (${inList(VISIT_ACTIVITIES)})`)
	]
);

/** Stage 4: one reviewer's provisional rating of one criterion, with its rationale. */
export const reviewerRating = pgTable(
	'reviewer_rating',
	{
		tenantId: tenantId(),
		id: id(),
		reviewId: uuid('review_id').notNull(),
		criterionId: uuid('criterion_id').notNull(),
		reviewerId: uuid('reviewer_id').notNull(),
		rating: smallint('rating').notNull(),
		rationale: text('rationale').notNull().default(''),
		version: integer('version').notNull().default(1),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.reviewId, peerReview).onDelete('cascade'),
		tenantRef(t.tenantId, t.criterionId, frameworkCriterion),
		personRef(t, t.reviewerId),
		uniqueIndex('reviewer_rating_key').on(t.tenantId, t.reviewId, t.criterionId, t.reviewerId)
	]
);

/** Stage 4 (moderation): the rating the lead records as agreed, with its rationale. */
export const agreedRating = pgTable(
	'agreed_rating',
	{
		tenantId: tenantId(),
		id: id(),
		reviewId: uuid('review_id').notNull(),
		criterionId: uuid('criterion_id').notNull(),
		rating: smallint('rating').notNull(),
		rationale: text('rationale').notNull(),
		agreedBy: byUser('agreed_by'),
		version: integer('version').notNull().default(1),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.reviewId, peerReview).onDelete('cascade'),
		tenantRef(t.tenantId, t.criterionId, frameworkCriterion),
		uniqueIndex('agreed_rating_key').on(t.tenantId, t.reviewId, t.criterionId)
	]
);

/** Stage 6: one action of the host's plan, from the report's areas for development. */
export const reviewAction = pgTable(
	'review_action',
	{
		tenantId: tenantId(),
		id: id(),
		reviewId: uuid('review_id').notNull(),
		action: text('action').notNull(),
		criterionIds: criterionIds(),
		owner: text('owner').notNull(),
		dueDate: date('due_date').notNull(),
		status: text('status', { enum: ACTION_STATUSES }).notNull().default('not_started'),
		impact: text('impact').notNull().default(''),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.reviewId, peerReview).onDelete('cascade'),
		index('review_action_review_idx').on(t.tenantId, t.reviewId),
		check('review_action_status_check', sql`${t.status} in (${inList(ACTION_STATUSES)})`)
	]
);

/** The review's trail of stage changes and decisions; append-only. */
export const reviewEvent = pgTable(
	'review_event',
	{
		tenantId: tenantId(),
		id: id(),
		reviewId: uuid('review_id').notNull(),
		action: text('action', { enum: REVIEW_EVENTS }).notNull(),
		comment: text('comment').notNull().default(''),
		actorId: byUser('actor_id'),
		at: createdAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.reviewId, peerReview).onDelete('cascade'),
		index('review_event_review_idx').on(t.tenantId, t.reviewId, t.at),
		check('review_event_action_check', sql`${t.action} in (${inList(REVIEW_EVENTS)})`)
	]
);
