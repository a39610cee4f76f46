-- What the application role may do. Tenant tables: row-level security is forced, so even
-- the table owner is held to the policies unless it bypasses RLS (the system path does).
GRANT USAGE ON SCHEMA public TO inclusio_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON
	area, district, community, organisation, setting, area_board, area_board_district,
	import_batch, tenant_user, membership, invitation
	TO inclusio_app;--> statement-breakpoint
-- The audit log is append-only for the application.
GRANT SELECT, INSERT ON audit_event TO inclusio_app;--> statement-breakpoint
-- Mail is queued in the same transaction as the change that sends it; only the system
-- path reads or sends it.
GRANT INSERT ON mail_outbox TO inclusio_app;--> statement-breakpoint
GRANT SELECT (id, slug, name, la_code, require_admin_mfa, created_at) ON tenant TO inclusio_app;--> statement-breakpoint
GRANT UPDATE (name, require_admin_mfa) ON tenant TO inclusio_app;--> statement-breakpoint
-- Never password hashes or second-factor keys.
GRANT SELECT (id, email, name, totp_enabled_at, is_platform_admin, created_at) ON app_user TO inclusio_app;--> statement-breakpoint
ALTER TABLE area FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE district FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE community FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE organisation FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE setting FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE area_board FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE area_board_district FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE import_batch FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE tenant_user FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE membership FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE invitation FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
