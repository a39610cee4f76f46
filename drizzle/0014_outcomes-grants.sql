GRANT SELECT, INSERT, UPDATE, DELETE ON outcome_value TO inclusio_app;--> statement-breakpoint
ALTER TABLE outcome_value FORCE ROW LEVEL SECURITY;
