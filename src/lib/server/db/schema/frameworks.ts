import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, updatedAt } from './common';
import { inList, tenantKey, tenantRef } from './tenancy';
import {
	AREAS_OF_NEED,
	VERSION_STATUSES,
	type AreaOfNeed,
	type ScaleLevel
} from '../../../domain/framework';
import { SETTING_TYPES, type SettingType } from '../../../domain/organisation';

/** A set of standards a setting evaluates itself against, e.g. the Mainstream Core Standards. */
export const framework = pgTable(
	'framework',
	{
		tenantId: tenantId(),
		id: id(),
		key: text('key').notNull(),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		createdAt: createdAt()
	},
	(t) => [...tenantKey(t), uniqueIndex('framework_key_key').on(t.tenantId, t.key)]
);

/**
 * One version of a framework. A draft can be edited; once published it never changes
 * (a trigger refuses it), and retiring it only stops it being chosen for new cycles.
 */
export const frameworkVersion = pgTable(
	'framework_version',
	{
		tenantId: tenantId(),
		id: id(),
		frameworkId: uuid('framework_id').notNull(),
		number: integer('number').notNull(),
		label: text('label').notNull(),
		notes: text('notes').notNull().default(''),
		status: text('status', { enum: VERSION_STATUSES }).notNull().default('draft'),
		scale: jsonb('scale').$type<ScaleLevel[]>().notNull(),
		basedOnId: uuid('based_on_id'),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		retiredAt: timestamp('retired_at', { withTimezone: true }),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.frameworkId, framework).onDelete('cascade'),
		uniqueIndex('framework_version_number_key').on(t.tenantId, t.frameworkId, t.number),
		// One draft at a time per framework, so two people cannot fork it unknowingly.
		uniqueIndex('framework_version_one_draft_key')
			.on(t.tenantId, t.frameworkId)
			.where(sql`${t.status} = 'draft'`),
		check('framework_version_status_check', sql`${t.status} in (${inList(VERSION_STATUSES)})`)
	]
);

export const frameworkSection = pgTable(
	'framework_section',
	{
		tenantId: tenantId(),
		id: id(),
		versionId: uuid('version_id').notNull(),
		position: integer('position').notNull(),
		code: text('code').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default('')
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.versionId, frameworkVersion).onDelete('cascade'),
		uniqueIndex('framework_section_code_key').on(t.tenantId, t.versionId, sql`lower(${t.code})`)
	]
);

export const frameworkCriterion = pgTable(
	'framework_criterion',
	{
		tenantId: tenantId(),
		id: id(),
		versionId: uuid('version_id').notNull(),
		sectionId: uuid('section_id').notNull(),
		position: integer('position').notNull(),
		code: text('code').notNull(),
		title: text('title').notNull(),
		/** One descriptor per scale level, lowest first. */
		descriptors: jsonb('descriptors').$type<string[]>().notNull(),
		statutory: boolean('statutory').notNull().default(false),
		areasOfNeed: text('areas_of_need').array().$type<AreaOfNeed[]>().notNull().default([]),
		settingTypes: text('setting_types').array().$type<SettingType[]>().notNull()
	},
	(t) => [
		...tenantKey(t),
		tenantRef(t.tenantId, t.versionId, frameworkVersion).onDelete('cascade'),
		tenantRef(t.tenantId, t.sectionId, frameworkSection).onDelete('cascade'),
		uniqueIndex('framework_criterion_code_key').on(t.tenantId, t.versionId, sql`lower(${t.code})`),
		index('framework_criterion_section_idx').on(t.tenantId, t.sectionId, t.position),
		check(
			'framework_criterion_areas_check',
			sql`${t.areasOfNeed} <@ array[${inList(AREAS_OF_NEED)}]::text[]`
		),
		check(
			'framework_criterion_types_check',
			sql`${t.settingTypes} <@ array[${inList(SETTING_TYPES)}]::text[] and cardinality(${t.settingTypes}) > 0`
		)
	]
);
