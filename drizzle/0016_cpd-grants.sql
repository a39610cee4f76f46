GRANT SELECT, INSERT, UPDATE, DELETE ON cpd_offer, cpd_offer_criterion, cpd_plan, cpd_plan_item TO inclusio_app;--> statement-breakpoint
ALTER TABLE cpd_offer FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE cpd_offer_criterion FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE cpd_plan FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE cpd_plan_item FORCE ROW LEVEL SECURITY;
