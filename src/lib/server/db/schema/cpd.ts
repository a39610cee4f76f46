import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	foreignKey,
	index,
	integer,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantIsolation, updatedAt } from './common';
import { evaluationCycle } from './evaluations';
import { framework, frameworkCriterion } from './frameworks';
import { appUser, tenant } from './platform';
import { inList, setting, tenantKey, tenantRef } from './tenancy';
import { AREAS_OF_NEED, type AreaOfNeed } from '../../../domain/framework';
import {
	CPD_AUDIENCES,
	CPD_FORMATS,
	CPD_ITEM_STATUSES,
	type CpdAudience
} from '../../../domain/cpd';

const byUser = (name: string) => uuid(name).references(() => appUser.id);

/**
 * One offer of the LA's CPD catalogue. An offer some plan uses is withdrawn (inactive), never
 * deleted, so the plans that chose it still say what it was.
 */
export const cpdOffer = pgTable(
	'cpd_offer',
	{
		tenantId: tenantId(),
		id: id(),
		title: text('title').notNull(),
		provider: text('provider').notNull(),
		format: text('format', { enum: CPD_FORMATS }).notNull(),
		summary: text('summary').notNull().default(''),
		/** Time each person attending spends on it. */
		minutes: integer('minutes').notNull(),
		/** Cost of one place. */
		costPence: integer('cost_pence').notNull(),
		audiences: text('audiences').array().$type<CpdAudience[]>().notNull(),
		areasOfNeed: text('areas_of_need').array().$type<AreaOfNeed[]>().notNull().default([]),
		url: text('url'),
		active: boolean('active').notNull().default(true),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		uniqueIndex('cpd_offer_title_key').on(
			t.tenantId,
			sql`lower(${t.title})`,
			sql`lower(${t.provider})`
		),
		check('cpd_offer_format_check', sql`${t.format} in (${inList(CPD_FORMATS)})`),
		check('cpd_offer_numbers_check', sql`${t.minutes} > 0 and ${t.costPence} >= 0`),
		check(
			'cpd_offer_audiences_check',
			sql`${t.audiences} <@ array[${inList(CPD_AUDIENCES)}]::text[] and cardinality(${t.audiences}) > 0`
		),
		check('cpd_offer_areas_check', sql`${t.areasOfNeed} <@ array[${inList(AREAS_OF_NEED)}]::text[]`)
	]
);

/** A criterion an offer addresses, by framework and criterion code so it holds across versions. */
export const cpdOfferCriterion = pgTable(
	'cpd_offer_criterion',
	{
		tenantId: tenantId(),
		offerId: uuid('offer_id').notNull(),
		frameworkId: uuid('framework_id').notNull(),
		criterionCode: text('criterion_code').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.tenantId, t.offerId, t.frameworkId, t.criterionCode] }),
		foreignKey({ columns: [t.tenantId], foreignColumns: [tenant.id] }).onDelete('cascade'),
		tenantRef(t.tenantId, t.offerId, cpdOffer).onDelete('cascade'),
		tenantRef(t.tenantId, t.frameworkId, framework).onDelete('cascade'),
		index('cpd_offer_criterion_code_idx').on(t.tenantId, t.frameworkId, t.criterionCode),
		tenantIsolation()
	]
);

/** A setting's CPD plan for one cycle, with the budgets the head set. */
export const cpdPlan = pgTable(
	'cpd_plan',
	{
		tenantId: tenantId(),
		id: id(),
		settingId: uuid('setting_id').notNull(),
		cycleId: uuid('cycle_id').notNull(),
		budgetPence: integer('budget_pence'),
		/** Staff time the setting can release for training, in minutes. */
		budgetMinutes: integer('budget_minutes'),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.settingId, setting).onDelete('cascade'),
		tenantRef(t.tenantId, t.cycleId, evaluationCycle).onDelete('cascade'),
		uniqueIndex('cpd_plan_setting_cycle_key').on(t.tenantId, t.settingId, t.cycleId),
		check(
			'cpd_plan_budget_check',
			sql`coalesce(${t.budgetPence}, 0) >= 0 and coalesce(${t.budgetMinutes}, 0) >= 0`
		)
	]
);

/**
 * One activity of a plan, for one gap (a criterion of the cycle's self-evaluation): a catalogue
 * offer or an in-house activity, who attends and when, its cost and status, and once done the
 * review of its impact.
 */
export const cpdPlanItem = pgTable(
	'cpd_plan_item',
	{
		tenantId: tenantId(),
		id: id(),
		planId: uuid('plan_id').notNull(),
		criterionId: uuid('criterion_id').notNull(),
		offerId: uuid('offer_id'),
		/** The in-house activity, when no catalogue offer is used. */
		activity: text('activity'),
		attendees: text('attendees').notNull().default(''),
		places: integer('places').notNull().default(1),
		plannedOn: date('planned_on'),
		costPence: integer('cost_pence').notNull().default(0),
		/** Staff time for each person attending. */
		minutesEach: integer('minutes_each').notNull().default(0),
		status: text('status', { enum: CPD_ITEM_STATUSES }).notNull().default('planned'),
		/** The self-rating of the criterion when the item was planned. */
		ratingBefore: smallint('rating_before'),
		impact: text('impact').notNull().default(''),
		/** The self-rating when impact was reviewed, so the move is kept as it was then. */
		ratingAtReview: smallint('rating_at_review'),
		reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
		createdBy: byUser('created_by'),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.planId, cpdPlan).onDelete('cascade'),
		tenantRef(t.tenantId, t.criterionId, frameworkCriterion),
		tenantRef(t.tenantId, t.offerId, cpdOffer),
		index('cpd_plan_item_plan_idx').on(t.tenantId, t.planId),
		index('cpd_plan_item_offer_idx').on(t.tenantId, t.offerId),
		check('cpd_plan_item_status_check', sql`${t.status} in (${inList(CPD_ITEM_STATUSES)})`),
		check('cpd_plan_item_kind_check', sql`(${t.offerId} is null) <> (${t.activity} is null)`),
		check(
			'cpd_plan_item_numbers_check',
			sql`${t.places} > 0 and ${t.costPence} >= 0 and ${t.minutesEach} >= 0`
		)
	]
);
