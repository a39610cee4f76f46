import { sql } from 'drizzle-orm';
import {
	check,
	foreignKey,
	index,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenantId, tenantIsolation } from './common';
import { appUser, tenant } from './platform';
import { organisation } from './tenancy';
import { ROLES } from '../../../domain/organisation';

const roleList = sql.raw(ROLES.map((r) => `'${r}'`).join(', '));

/** A person's standing in one LA: deactivating it locks them out of that tenant. */
export const tenantUser = pgTable(
	'tenant_user',
	{
		tenantId: tenantId(),
		userId: uuid('user_id')
			.notNull()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.tenantId, t.userId] }),
		foreignKey({ columns: [t.tenantId], foreignColumns: [tenant.id] }).onDelete('cascade'),
		index('tenant_user_user_idx').on(t.userId),
		tenantIsolation()
	]
);

export const membership = pgTable(
	'membership',
	{
		tenantId: tenantId(),
		id: id(),
		userId: uuid('user_id').notNull(),
		organisationId: uuid('organisation_id').notNull(),
		role: text('role', { enum: ROLES }).notNull(),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.tenantId, t.id] }),
		foreignKey({
			columns: [t.tenantId, t.userId],
			foreignColumns: [tenantUser.tenantId, tenantUser.userId]
		}).onDelete('cascade'),
		foreignKey({
			columns: [t.tenantId, t.organisationId],
			foreignColumns: [organisation.tenantId, organisation.id]
		}).onDelete('cascade'),
		uniqueIndex('membership_user_org_key').on(t.tenantId, t.userId, t.organisationId),
		index('membership_user_idx').on(t.userId),
		check('membership_role_check', sql`${t.role} in (${roleList})`),
		tenantIsolation()
	]
);

export const invitation = pgTable(
	'invitation',
	{
		tenantId: tenantId(),
		id: id(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		organisationId: uuid('organisation_id').notNull(),
		role: text('role', { enum: ROLES }).notNull(),
		tokenHash: text('token_hash').notNull(),
		invitedBy: uuid('invited_by').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.tenantId, t.id] }),
		foreignKey({ columns: [t.tenantId], foreignColumns: [tenant.id] }).onDelete('cascade'),
		foreignKey({
			columns: [t.tenantId, t.organisationId],
			foreignColumns: [organisation.tenantId, organisation.id]
		}).onDelete('cascade'),
		uniqueIndex('invitation_token_key').on(t.tokenHash),
		// One open invitation per person and organisation: an expired one is revoked, or sent
		// again, rather than joined by another.
		uniqueIndex('invitation_open_key')
			.on(t.tenantId, t.organisationId, sql`lower(${t.email})`)
			.where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
		check('invitation_role_check', sql`${t.role} in (${roleList})`),
		tenantIsolation()
	]
);

/** Append-only: the application role may insert and read, never change or delete. */
export const auditEvent = pgTable(
	'audit_event',
	{
		tenantId: tenantId(),
		id: id(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		actorUserId: uuid('actor_user_id'),
		actorEmail: text('actor_email').notNull().default(''),
		action: text('action').notNull(),
		subject: text('subject').notNull().default(''),
		detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
		ipAddress: text('ip_address').notNull().default(''),
		requestId: text('request_id').notNull().default('')
	},
	(t) => [
		primaryKey({ columns: [t.tenantId, t.id] }),
		foreignKey({ columns: [t.tenantId], foreignColumns: [tenant.id] }).onDelete('cascade'),
		index('audit_event_at_idx').on(t.tenantId, t.at),
		tenantIsolation()
	]
);
