import { sql } from 'drizzle-orm';
import {
	check,
	customType,
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
import { appUser, tenant } from './platform';
import { inList, setting, tenantKey, tenantRef } from './tenancy';
import { frameworkCriterion, frameworkVersion } from './frameworks';
import {
	CYCLE_STATUSES,
	EVALUATION_ACTIONS,
	EVALUATION_STATUSES,
	EVIDENCE_KINDS,
	SHARING_LEVELS
} from '../../../domain/evaluation';
import { SETTING_TYPES } from '../../../domain/organisation';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

const byUser = (name: string) => uuid(name).references(() => appUser.id);

/** A round of self-evaluation the LA opens, e.g. "2026/27", with a deadline. */
export const evaluationCycle = pgTable(
	'evaluation_cycle',
	{
		tenantId: tenantId(),
		id: id(),
		name: text('name').notNull(),
		deadline: date('deadline').notNull(),
		status: text('status', { enum: CYCLE_STATUSES }).notNull().default('open'),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		uniqueIndex('evaluation_cycle_name_key').on(t.tenantId, sql`lower(${t.name})`),
		check('evaluation_cycle_status_check', sql`${t.status} in (${inList(CYCLE_STATUSES)})`)
	]
);

/** Which published framework version settings of one type evaluate against in a cycle. */
export const cycleFramework = pgTable(
	'cycle_framework',
	{
		tenantId: tenantId(),
		cycleId: uuid('cycle_id').notNull(),
		settingType: text('setting_type', { enum: SETTING_TYPES }).notNull(),
		versionId: uuid('version_id').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.tenantId, t.cycleId, t.settingType] }),
		foreignKey({ columns: [t.tenantId], foreignColumns: [tenant.id] }).onDelete('cascade'),
		tenantRef(t.tenantId, t.cycleId, evaluationCycle).onDelete('cascade'),
		tenantRef(t.tenantId, t.versionId, frameworkVersion),
		check('cycle_framework_type_check', sql`${t.settingType} in (${inList(SETTING_TYPES)})`),
		tenantIsolation()
	]
);

/** One setting's self-evaluation in one cycle, pinned to the framework version it began on. */
export const selfEvaluation = pgTable(
	'self_evaluation',
	{
		tenantId: tenantId(),
		id: id(),
		cycleId: uuid('cycle_id').notNull(),
		settingId: uuid('setting_id').notNull(),
		versionId: uuid('version_id').notNull(),
		status: text('status', { enum: EVALUATION_STATUSES }).notNull().default('in_progress'),
		sharing: text('sharing', { enum: SHARING_LEVELS }).notNull().default('none'),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
		signedOffBy: byUser('signed_off_by'),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.cycleId, evaluationCycle).onDelete('cascade'),
		tenantRef(t.tenantId, t.settingId, setting).onDelete('cascade'),
		tenantRef(t.tenantId, t.versionId, frameworkVersion),
		uniqueIndex('self_evaluation_cycle_setting_key').on(t.tenantId, t.cycleId, t.settingId),
		index('self_evaluation_setting_idx').on(t.tenantId, t.settingId),
		check('self_evaluation_status_check', sql`${t.status} in (${inList(EVALUATION_STATUSES)})`),
		check('self_evaluation_sharing_check', sql`${t.sharing} in (${inList(SHARING_LEVELS)})`)
	]
);

/** The setting's judgement on one criterion: rating, evidence narrative, next steps, target. */
export const judgement = pgTable(
	'judgement',
	{
		tenantId: tenantId(),
		id: id(),
		evaluationId: uuid('evaluation_id').notNull(),
		criterionId: uuid('criterion_id').notNull(),
		rating: smallint('rating'),
		narrative: text('narrative').notNull().default(''),
		nextSteps: text('next_steps').notNull().default(''),
		targetRating: smallint('target_rating'),
		targetDate: date('target_date'),
		version: integer('version').notNull().default(1),
		updatedBy: byUser('updated_by'),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.evaluationId, selfEvaluation).onDelete('cascade'),
		tenantRef(t.tenantId, t.criterionId, frameworkCriterion),
		uniqueIndex('judgement_criterion_key').on(t.tenantId, t.evaluationId, t.criterionId)
	]
);

/** Every save of a judgement, kept so that earlier wording can be read and recovered. */
export const judgementHistory = pgTable(
	'judgement_history',
	{
		tenantId: tenantId(),
		id: id(),
		judgementId: uuid('judgement_id').notNull(),
		version: integer('version').notNull(),
		rating: smallint('rating'),
		narrative: text('narrative').notNull(),
		nextSteps: text('next_steps').notNull(),
		targetRating: smallint('target_rating'),
		targetDate: date('target_date'),
		savedBy: byUser('saved_by'),
		savedAt: createdAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.judgementId, judgement).onDelete('cascade'),
		uniqueIndex('judgement_history_version_key').on(t.tenantId, t.judgementId, t.version)
	]
);

/** A link or a file offered as evidence for one criterion of a self-evaluation. */
export const evidence = pgTable(
	'evidence',
	{
		tenantId: tenantId(),
		id: id(),
		evaluationId: uuid('evaluation_id').notNull(),
		criterionId: uuid('criterion_id').notNull(),
		kind: text('kind', { enum: EVIDENCE_KINDS }).notNull(),
		title: text('title').notNull(),
		url: text('url'),
		fileName: text('file_name'),
		mediaType: text('media_type'),
		byteSize: integer('byte_size'),
		content: bytea('content'),
		addedBy: byUser('added_by'),
		addedAt: createdAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.evaluationId, selfEvaluation).onDelete('cascade'),
		tenantRef(t.tenantId, t.criterionId, frameworkCriterion),
		index('evidence_criterion_idx').on(t.tenantId, t.evaluationId, t.criterionId),
		check('evidence_kind_check', sql`${t.kind} in (${inList(EVIDENCE_KINDS)})`),
		check(
			'evidence_shape_check',
			sql`(${t.kind} = 'link' and ${t.url} is not null and ${t.content} is null) or (${t.kind} = 'file' and ${t.content} is not null and ${t.fileName} is not null and ${t.mediaType} is not null and ${t.byteSize} is not null)`
		)
	]
);

/** The sign-off trail: submitted, returned with comments, signed off, reopened, sharing. */
export const evaluationEvent = pgTable(
	'evaluation_event',
	{
		tenantId: tenantId(),
		id: id(),
		evaluationId: uuid('evaluation_id').notNull(),
		action: text('action', { enum: EVALUATION_ACTIONS }).notNull(),
		comment: text('comment').notNull().default(''),
		actorId: byUser('actor_id'),
		at: createdAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.evaluationId, selfEvaluation).onDelete('cascade'),
		index('evaluation_event_evaluation_idx').on(t.tenantId, t.evaluationId, t.at),
		check('evaluation_event_action_check', sql`${t.action} in (${inList(EVALUATION_ACTIONS)})`)
	]
);
