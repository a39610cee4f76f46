import { sql } from 'drizzle-orm';
import {
	bigint,
	bigserial,
	boolean,
	index,
	integer,
	pgPolicy,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { appRole, createdAt, currentTenant, id } from './common';

/**
 * Tables without tenant_id. They are read and written through the named system path
 * (src/lib/server/db/system.ts); the application role sees only its own tenant row
 * and the users who belong to its tenant.
 */

export const tenant = pgTable(
	'tenant',
	{
		id: id().primaryKey(),
		slug: text('slug').notNull(),
		name: text('name').notNull(),
		laCode: text('la_code').notNull(),
		requireAdminMfa: boolean('require_admin_mfa').notNull().default(true),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('tenant_slug_key').on(t.slug),
		uniqueIndex('tenant_la_code_key').on(t.laCode),
		pgPolicy('own_tenant_read', { for: 'select', to: appRole, using: sql`id = ${currentTenant}` }),
		pgPolicy('own_tenant_update', {
			for: 'update',
			to: appRole,
			using: sql`id = ${currentTenant}`,
			withCheck: sql`id = ${currentTenant}`
		})
	]
);

export const appUser = pgTable(
	'app_user',
	{
		id: id().primaryKey(),
		email: text('email').notNull(),
		name: text('name').notNull(),
		passwordHash: text('password_hash'),
		totpKey: text('totp_key'),
		totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
		/** The last 30-second step a code was accepted for: a code works once. */
		totpLastStep: bigint('totp_last_step', { mode: 'number' }),
		isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('app_user_email_key').on(sql`lower(${t.email})`),
		pgPolicy('tenant_members_read', {
			for: 'select',
			to: appRole,
			using: sql`exists (select 1 from tenant_user tu where tu.user_id = app_user.id)`
		})
	]
);

export const userSession = pgTable(
	'user_session',
	{
		/** SHA-256 of the cookie token, hex: a stolen table cannot be replayed as cookies. */
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		activeTenantId: uuid('active_tenant_id').references(() => tenant.id, { onDelete: 'cascade' }),
		activeMembershipId: uuid('active_membership_id'),
		secondFactorVerified: boolean('second_factor_verified').notNull().default(false),
		userAgent: text('user_agent').notNull().default(''),
		ipAddress: text('ip_address').notNull().default(''),
		createdAt: createdAt(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
		idleExpiresAt: timestamp('idle_expires_at', { withTimezone: true }).notNull(),
		absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('user_session_user_idx').on(t.userId)]
);

export const signInFailure = pgTable(
	'sign_in_failure',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		email: text('email').notNull(),
		ipAddress: text('ip_address').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('sign_in_failure_email_idx').on(t.email, t.at),
		index('sign_in_failure_ip_idx').on(t.ipAddress, t.at)
	]
);

export const passwordReset = pgTable(
	'password_reset',
	{
		tokenHash: text('token_hash').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => appUser.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [index('password_reset_user_idx').on(t.userId)]
);

export const mailOutbox = pgTable(
	'mail_outbox',
	{
		id: id().primaryKey(),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		body: text('body').notNull(),
		createdAt: createdAt(),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error')
	},
	(t) => [
		index('mail_outbox_pending_idx')
			.on(t.createdAt)
			.where(sql`${t.sentAt} is null`)
	]
);
