import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	boolean,
	check,
	foreignKey,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantIsolation, updatedAt } from './common';
import { tenant } from './platform';
import { ORGANISATION_KINDS, SETTING_TYPES, BOARD_SCOPES } from '../../../domain/organisation';

/** A list of allowed values for a CHECK constraint. */
export const inList = (values: readonly string[]) =>
	sql.raw(values.map((v) => `'${v}'`).join(', '));

/** A reference to a row of another tenant table, which must be in the same tenant. */
export const tenantRef = (
	tenantId: AnyPgColumn,
	key: AnyPgColumn,
	target: { tenantId: AnyPgColumn; id: AnyPgColumn }
) => foreignKey({ columns: [tenantId, key], foreignColumns: [target.tenantId, target.id] });

/** Every tenant table: (tenant_id, id) key, tenant_id pointing at its tenant, and RLS. */
export const tenantKey = (t: { tenantId: AnyPgColumn; id: AnyPgColumn }) => [
	primaryKey({ columns: [t.tenantId, t.id] }),
	foreignKey({ columns: [t.tenantId], foreignColumns: [tenant.id] }).onDelete('cascade'),
	tenantIsolation()
];

export const area = pgTable(
	'area',
	{ tenantId: tenantId(), id: id(), name: text('name').notNull(), createdAt: createdAt() },
	(t) => [...tenantKey(t), uniqueIndex('area_name_key').on(t.tenantId, sql`lower(${t.name})`)]
);

export const district = pgTable(
	'district',
	{
		tenantId: tenantId(),
		id: id(),
		name: text('name').notNull(),
		areaId: uuid('area_id'),
		createdAt: createdAt()
	},
	(t) => [
		...tenantKey(t),
		uniqueIndex('district_name_key').on(t.tenantId, sql`lower(${t.name})`),
		foreignKey({ columns: [t.tenantId, t.areaId], foreignColumns: [area.tenantId, area.id] })
	]
);

export const community = pgTable(
	'community',
	{
		tenantId: tenantId(),
		id: id(),
		name: text('name').notNull(),
		districtId: uuid('district_id'),
		createdAt: createdAt()
	},
	(t) => [
		...tenantKey(t),
		uniqueIndex('community_name_key').on(t.tenantId, sql`lower(${t.name})`),
		foreignKey({
			columns: [t.tenantId, t.districtId],
			foreignColumns: [district.tenantId, district.id]
		})
	]
);

/** Anything people hold a role in: the LA itself, a setting, or an area board. */
export const organisation = pgTable(
	'organisation',
	{
		tenantId: tenantId(),
		id: id(),
		kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
		name: text('name').notNull(),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		check('organisation_kind_check', sql`${t.kind} in (${inList(ORGANISATION_KINDS)})`),
		// One LA organisation per tenant.
		uniqueIndex('organisation_one_la_key')
			.on(t.tenantId)
			.where(sql`${t.kind} = 'la'`),
		// Area boards are told apart by name, whatever its case.
		uniqueIndex('organisation_board_name_key')
			.on(t.tenantId, sql`lower(${t.name})`)
			.where(sql`${t.kind} = 'area_board'`)
	]
);

/** A school or early years setting; shares its id with its organisation row. */
export const setting = pgTable(
	'setting',
	{
		tenantId: tenantId(),
		id: uuid('id').notNull(),
		urn: integer('urn'),
		settingType: text('setting_type', { enum: SETTING_TYPES }).notNull(),
		establishmentType: text('establishment_type').notNull().default(''),
		phase: text('phase').notNull().default(''),
		status: text('status').notNull().default('Open'),
		districtId: uuid('district_id'),
		communityId: uuid('community_id'),
		postcode: text('postcode').notNull().default(''),
		numberOfPupils: integer('number_of_pupils'),
		resourcedProvision: text('resourced_provision').notNull().default(''),
		/** Whether the head lets staff without a SEN role read the setting's provision records. */
		staffSeeProvision: boolean('staff_see_provision').notNull().default(false),
		version: integer('version').notNull().default(1),
		updatedAt: updatedAt()
	},
	(t) => [
		...tenantKey(t),
		foreignKey({
			columns: [t.tenantId, t.id],
			foreignColumns: [organisation.tenantId, organisation.id]
		}).onDelete('cascade'),
		foreignKey({
			columns: [t.tenantId, t.districtId],
			foreignColumns: [district.tenantId, district.id]
		}),
		foreignKey({
			columns: [t.tenantId, t.communityId],
			foreignColumns: [community.tenantId, community.id]
		}),
		uniqueIndex('setting_urn_key').on(t.tenantId, t.urn),
		check('setting_type_check', sql`${t.settingType} in (${inList(SETTING_TYPES)})`),
		check('setting_urn_check', sql`${t.urn} between 100000 and 999999`)
	]
);

/** An area board's scope is a set of districts, or one setting type (a PRU committee, say). */
export const areaBoard = pgTable(
	'area_board',
	{
		tenantId: tenantId(),
		id: uuid('id').notNull(),
		scope: text('scope', { enum: BOARD_SCOPES }).notNull(),
		settingType: text('setting_type', { enum: SETTING_TYPES }),
		version: integer('version').notNull().default(1)
	},
	(t) => [
		...tenantKey(t),
		foreignKey({
			columns: [t.tenantId, t.id],
			foreignColumns: [organisation.tenantId, organisation.id]
		}).onDelete('cascade'),
		check(
			'area_board_scope_check',
			sql`(${t.scope} = 'districts' and ${t.settingType} is null) or (${t.scope} = 'setting_type' and ${t.settingType} in (${inList(SETTING_TYPES)}))`
		)
	]
);

export const areaBoardDistrict = pgTable(
	'area_board_district',
	{
		tenantId: tenantId(),
		areaBoardId: uuid('area_board_id').notNull(),
		districtId: uuid('district_id').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.tenantId, t.areaBoardId, t.districtId] }),
		foreignKey({ columns: [t.tenantId], foreignColumns: [tenant.id] }).onDelete('cascade'),
		foreignKey({
			columns: [t.tenantId, t.areaBoardId],
			foreignColumns: [areaBoard.tenantId, areaBoard.id]
		}).onDelete('cascade'),
		foreignKey({
			columns: [t.tenantId, t.districtId],
			foreignColumns: [district.tenantId, district.id]
		}).onDelete('cascade'),
		tenantIsolation()
	]
);

export const importBatch = pgTable(
	'import_batch',
	{
		tenantId: tenantId(),
		id: id(),
		kind: text('kind').notNull(),
		/** The organisation the file is for, when that is not the LA itself (a setting's provision). */
		organisationId: uuid('organisation_id'),
		fileName: text('file_name').notNull(),
		content: text('content').notNull(),
		status: text('status', { enum: ['previewed', 'applied', 'cancelled'] })
			.notNull()
			.default('previewed'),
		createdBy: uuid('created_by').notNull(),
		createdAt: createdAt(),
		finishedAt: timestamp('finished_at', { withTimezone: true })
	},
	(t) => [
		...tenantKey(t),
		foreignKey({
			columns: [t.tenantId, t.organisationId],
			foreignColumns: [organisation.tenantId, organisation.id]
		}).onDelete('cascade')
	]
);
