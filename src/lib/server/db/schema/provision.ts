import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	check,
	date,
	index,
	integer,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from './common';
import { appUser } from './platform';
import { inList, setting, tenantKey, tenantRef } from './tenancy';
import {
	AREAS_OF_NEED,
	MAX_GROUP_SIZE,
	MAX_HOURLY_COST_PENCE,
	MAX_MINUTES_PER_SESSION,
	MAX_SESSIONS_PER_WEEK,
	MAX_WEEKS,
	NEED_CODES,
	OUTCOMES,
	PUPIL_EVENTS,
	SEN_STATUSES,
	TIERS,
	YEAR_GROUPS
} from '../../../domain/provision';

const byUser = (name: string) => uuid(name).references(() => appUser.id);
/** A CHECK that a whole-number column lies within the domain's limits. */
const within = (column: AnyPgColumn, low: number, high: number) =>
	sql`${column} between ${sql.raw(String(low))} and ${sql.raw(String(high))}`;

/**
 * A pupil on a setting's SEN register, known by a reference the setting chooses, never a
 * name. Removing a pupil from the register keeps the row, with the date.
 */
export const senPupil = pgTable(
	'sen_pupil',
	{
		tenantId: tenantId(),
		id: id(),
		settingId: uuid('setting_id').notNull(),
		reference: text('reference').notNull(),
		yearGroup: text('year_group').notNull(),
		senStatus: text('sen_status', { enum: SEN_STATUSES }).notNull(),
		primaryNeed: text('primary_need', { enum: NEED_CODES }).notNull(),
		secondaryNeed: text('secondary_need', { enum: NEED_CODES }),
		addedOn: date('added_on').notNull(),
		removedOn: date('removed_on'),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.settingId, setting).onDelete('cascade'),
		uniqueIndex('sen_pupil_reference_key').on(t.tenantId, t.settingId, sql`lower(${t.reference})`),
		check('sen_pupil_status_check', sql`${t.senStatus} in (${inList(SEN_STATUSES)})`),
		check('sen_pupil_primary_need_check', sql`${t.primaryNeed} in (${inList(NEED_CODES)})`),
		check(
			'sen_pupil_secondary_need_check',
			sql`${t.secondaryNeed} in (${inList(NEED_CODES)}) and ${t.secondaryNeed} <> ${t.primaryNeed}`
		),
		check('sen_pupil_year_group_check', sql`${t.yearGroup} in (${inList(YEAR_GROUPS)})`),
		check('sen_pupil_removed_check', sql`${t.removedOn} >= ${t.addedOn}`)
	]
);

/**
 * The register entry's history: one row for each change of status, need or year group,
 * holding the entry as it was from that day. Append-only for the application.
 */
export const senPupilChange = pgTable(
	'sen_pupil_change',
	{
		tenantId: tenantId(),
		id: id(),
		pupilId: uuid('pupil_id').notNull(),
		event: text('event', { enum: PUPIL_EVENTS }).notNull(),
		effectiveOn: date('effective_on').notNull(),
		yearGroup: text('year_group').notNull(),
		senStatus: text('sen_status', { enum: SEN_STATUSES }).notNull(),
		primaryNeed: text('primary_need', { enum: NEED_CODES }).notNull(),
		secondaryNeed: text('secondary_need', { enum: NEED_CODES }),
		changedBy: byUser('changed_by'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.pupilId, senPupil).onDelete('cascade'),
		index('sen_pupil_change_pupil_idx').on(t.tenantId, t.pupilId, t.at),
		check('sen_pupil_change_event_check', sql`${t.event} in (${inList(PUPIL_EVENTS)})`)
	]
);

/** An intervention in the setting's offer, with what it costs and how its impact is measured. */
export const intervention = pgTable(
	'intervention',
	{
		tenantId: tenantId(),
		id: id(),
		settingId: uuid('setting_id').notNull(),
		name: text('name').notNull(),
		areaOfNeed: text('area_of_need', { enum: AREAS_OF_NEED }).notNull(),
		tier: text('tier', { enum: TIERS }).notNull(),
		groupSize: integer('group_size').notNull(),
		sessionsPerWeek: integer('sessions_per_week').notNull(),
		minutesPerSession: integer('minutes_per_session').notNull(),
		staffRole: text('staff_role').notNull().default(''),
		hourlyCostPence: integer('hourly_cost_pence').notNull(),
		outcomeMeasure: text('outcome_measure').notNull().default(''),
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.settingId, setting).onDelete('cascade'),
		uniqueIndex('intervention_name_key').on(t.tenantId, t.settingId, sql`lower(${t.name})`),
		check('intervention_area_check', sql`${t.areaOfNeed} in (${inList(AREAS_OF_NEED)})`),
		check('intervention_tier_check', sql`${t.tier} in (${inList(TIERS)})`),
		check('intervention_group_size_check', within(t.groupSize, 1, MAX_GROUP_SIZE)),
		check('intervention_sessions_check', within(t.sessionsPerWeek, 1, MAX_SESSIONS_PER_WEEK)),
		check('intervention_minutes_check', within(t.minutesPerSession, 1, MAX_MINUTES_PER_SESSION)),
		check('intervention_cost_check', within(t.hourlyCostPence, 0, MAX_HOURLY_COST_PENCE))
	]
);

/** A pupil on an intervention for a term or a span of dates, and how it went. */
export const provisionRecord = pgTable(
	'provision_record',
	{
		tenantId: tenantId(),
		id: id(),
		settingId: uuid('setting_id').notNull(),
		pupilId: uuid('pupil_id').notNull(),
		interventionId: uuid('intervention_id').notNull(),
		startDate: date('start_date').notNull(),
		endDate: date('end_date'),
		/** Weeks the sessions ran, when not every week from start to end (holidays, say). */
		weeks: integer('weeks'),
		entryMeasure: text('entry_measure').notNull().default(''),
		exitMeasure: text('exit_measure').notNull().default(''),
		outcome: text('outcome', { enum: OUTCOMES }),
		notes: text('notes').notNull().default(''),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.settingId, setting).onDelete('cascade'),
		tenantRef(t.tenantId, t.pupilId, senPupil).onDelete('cascade'),
		tenantRef(t.tenantId, t.interventionId, intervention).onDelete('cascade'),
		uniqueIndex('provision_record_key').on(t.tenantId, t.pupilId, t.interventionId, t.startDate),
		index('provision_record_setting_idx').on(t.tenantId, t.settingId, t.startDate),
		index('provision_record_intervention_idx').on(t.tenantId, t.interventionId),
		check('provision_record_outcome_check', sql`${t.outcome} in (${inList(OUTCOMES)})`),
		check('provision_record_dates_check', sql`${t.endDate} >= ${t.startDate}`),
		check('provision_record_weeks_check', within(t.weeks, 0, MAX_WEEKS))
	]
);

/** One assess-plan-do-review cycle of a pupil's SEN support: when it is due, when held, and how it went. */
export const apdrReview = pgTable(
	'apdr_review',
	{
		tenantId: tenantId(),
		id: id(),
		settingId: uuid('setting_id').notNull(),
		pupilId: uuid('pupil_id').notNull(),
		dueOn: date('due_on').notNull(),
		heldOn: date('held_on'),
		outcome: text('outcome').notNull().default(''),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.settingId, setting).onDelete('cascade'),
		tenantRef(t.tenantId, t.pupilId, senPupil).onDelete('cascade'),
		index('apdr_review_setting_idx').on(t.tenantId, t.settingId, t.dueOn),
		index('apdr_review_pupil_idx').on(t.tenantId, t.pupilId, t.dueOn)
	]
);
