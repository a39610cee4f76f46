GRANT SELECT, INSERT, UPDATE, DELETE ON sen_pupil, intervention, provision_record, apdr_review
	TO inclusio_app;--> statement-breakpoint
-- A register entry's history is append-only for the application.
GRANT SELECT, INSERT ON sen_pupil_change TO inclusio_app;--> statement-breakpoint
ALTER TABLE sen_pupil FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE sen_pupil_change FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE intervention FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE provision_record FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE apdr_review FORCE ROW LEVEL SECURITY;
