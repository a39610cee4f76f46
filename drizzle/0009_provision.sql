CREATE TABLE "apdr_review" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"setting_id" uuid NOT NULL,
	"pupil_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"held_on" date,
	"outcome" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "apdr_review_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "apdr_review" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "intervention" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"setting_id" uuid NOT NULL,
	"name" text NOT NULL,
	"area_of_need" text NOT NULL,
	"tier" text NOT NULL,
	"group_size" integer NOT NULL,
	"sessions_per_week" integer NOT NULL,
	"minutes_per_session" integer NOT NULL,
	"staff_role" text DEFAULT '' NOT NULL,
	"hourly_cost_pence" integer NOT NULL,
	"outcome_measure" text DEFAULT '' NOT NULL,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intervention_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "intervention_area_check" CHECK ("intervention"."area_of_need" in ('communication_interaction', 'cognition_learning', 'semh', 'sensory_physical')),
	CONSTRAINT "intervention_tier_check" CHECK ("intervention"."tier" in ('universal', 'targeted', 'specialist')),
	CONSTRAINT "intervention_group_size_check" CHECK ("intervention"."group_size" between 1 and 40),
	CONSTRAINT "intervention_sessions_check" CHECK ("intervention"."sessions_per_week" between 1 and 25),
	CONSTRAINT "intervention_minutes_check" CHECK ("intervention"."minutes_per_session" between 1 and 480),
	CONSTRAINT "intervention_cost_check" CHECK ("intervention"."hourly_cost_pence" between 0 and 100000)
);
--> statement-breakpoint
ALTER TABLE "intervention" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "provision_record" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"setting_id" uuid NOT NULL,
	"pupil_id" uuid NOT NULL,
	"intervention_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"weeks" integer,
	"entry_measure" text DEFAULT '' NOT NULL,
	"exit_measure" text DEFAULT '' NOT NULL,
	"outcome" text,
	"notes" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provision_record_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "provision_record_outcome_check" CHECK ("provision_record"."outcome" in ('met', 'partly_met', 'not_met', 'too_early')),
	CONSTRAINT "provision_record_dates_check" CHECK ("provision_record"."end_date" >= "provision_record"."start_date"),
	CONSTRAINT "provision_record_weeks_check" CHECK ("provision_record"."weeks" between 0 and 52)
);
--> statement-breakpoint
ALTER TABLE "provision_record" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sen_pupil" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"setting_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"year_group" text NOT NULL,
	"sen_status" text NOT NULL,
	"primary_need" text NOT NULL,
	"secondary_need" text,
	"added_on" date NOT NULL,
	"removed_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sen_pupil_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "sen_pupil_status_check" CHECK ("sen_pupil"."sen_status" in ('K', 'E')),
	CONSTRAINT "sen_pupil_primary_need_check" CHECK ("sen_pupil"."primary_need" in ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH', 'NSA')),
	CONSTRAINT "sen_pupil_secondary_need_check" CHECK ("sen_pupil"."secondary_need" in ('SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH', 'NSA') and "sen_pupil"."secondary_need" <> "sen_pupil"."primary_need"),
	CONSTRAINT "sen_pupil_year_group_check" CHECK ("sen_pupil"."year_group" in ('Age 0-1', 'Age 2', 'Age 3', 'Age 4', 'N1', 'N2', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14')),
	CONSTRAINT "sen_pupil_removed_check" CHECK ("sen_pupil"."removed_on" >= "sen_pupil"."added_on")
);
--> statement-breakpoint
ALTER TABLE "sen_pupil" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "sen_pupil_change" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"pupil_id" uuid NOT NULL,
	"event" text NOT NULL,
	"effective_on" date NOT NULL,
	"year_group" text NOT NULL,
	"sen_status" text NOT NULL,
	"primary_need" text NOT NULL,
	"secondary_need" text,
	"changed_by" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sen_pupil_change_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "sen_pupil_change_event_check" CHECK ("sen_pupil_change"."event" in ('added', 'changed', 'removed', 'restored'))
);
--> statement-breakpoint
ALTER TABLE "sen_pupil_change" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "import_batch" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "setting" ADD COLUMN "staff_see_provision" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "apdr_review" ADD CONSTRAINT "apdr_review_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apdr_review" ADD CONSTRAINT "apdr_review_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apdr_review" ADD CONSTRAINT "apdr_review_tenant_id_pupil_id_sen_pupil_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pupil_id") REFERENCES "public"."sen_pupil"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention" ADD CONSTRAINT "intervention_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention" ADD CONSTRAINT "intervention_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_record" ADD CONSTRAINT "provision_record_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_record" ADD CONSTRAINT "provision_record_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_record" ADD CONSTRAINT "provision_record_tenant_id_pupil_id_sen_pupil_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pupil_id") REFERENCES "public"."sen_pupil"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_record" ADD CONSTRAINT "provision_record_tenant_id_intervention_id_intervention_tenant_id_id_fk" FOREIGN KEY ("tenant_id","intervention_id") REFERENCES "public"."intervention"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sen_pupil" ADD CONSTRAINT "sen_pupil_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sen_pupil" ADD CONSTRAINT "sen_pupil_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sen_pupil_change" ADD CONSTRAINT "sen_pupil_change_changed_by_app_user_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sen_pupil_change" ADD CONSTRAINT "sen_pupil_change_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sen_pupil_change" ADD CONSTRAINT "sen_pupil_change_tenant_id_pupil_id_sen_pupil_tenant_id_id_fk" FOREIGN KEY ("tenant_id","pupil_id") REFERENCES "public"."sen_pupil"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "apdr_review_setting_idx" ON "apdr_review" USING btree ("tenant_id","setting_id","due_on");--> statement-breakpoint
CREATE INDEX "apdr_review_pupil_idx" ON "apdr_review" USING btree ("tenant_id","pupil_id","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "intervention_name_key" ON "intervention" USING btree ("tenant_id","setting_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "provision_record_key" ON "provision_record" USING btree ("tenant_id","pupil_id","intervention_id","start_date");--> statement-breakpoint
CREATE INDEX "provision_record_setting_idx" ON "provision_record" USING btree ("tenant_id","setting_id","start_date");--> statement-breakpoint
CREATE INDEX "provision_record_intervention_idx" ON "provision_record" USING btree ("tenant_id","intervention_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sen_pupil_reference_key" ON "sen_pupil" USING btree ("tenant_id","setting_id",lower("reference"));--> statement-breakpoint
CREATE INDEX "sen_pupil_change_pupil_idx" ON "sen_pupil_change" USING btree ("tenant_id","pupil_id","at");--> statement-breakpoint
ALTER TABLE "import_batch" ADD CONSTRAINT "import_batch_tenant_id_organisation_id_organisation_tenant_id_id_fk" FOREIGN KEY ("tenant_id","organisation_id") REFERENCES "public"."organisation"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "apdr_review" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "intervention" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "provision_record" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "sen_pupil" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "sen_pupil_change" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);