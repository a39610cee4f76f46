CREATE TABLE "cpd_offer" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"provider" text NOT NULL,
	"format" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"minutes" integer NOT NULL,
	"cost_pence" integer NOT NULL,
	"audiences" text[] NOT NULL,
	"areas_of_need" text[] DEFAULT '{}' NOT NULL,
	"url" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cpd_offer_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "cpd_offer_format_check" CHECK ("cpd_offer"."format" in ('face_to_face', 'live_online', 'self_paced', 'in_setting', 'blended')),
	CONSTRAINT "cpd_offer_numbers_check" CHECK ("cpd_offer"."minutes" > 0 and "cpd_offer"."cost_pence" >= 0),
	CONSTRAINT "cpd_offer_audiences_check" CHECK ("cpd_offer"."audiences" <@ array['senco', 'leader', 'teacher', 'teaching_assistant', 'early_years_practitioner', 'governor', 'whole_staff']::text[] and cardinality("cpd_offer"."audiences") > 0),
	CONSTRAINT "cpd_offer_areas_check" CHECK ("cpd_offer"."areas_of_need" <@ array['communication_interaction', 'cognition_learning', 'semh', 'sensory_physical']::text[])
);
--> statement-breakpoint
ALTER TABLE "cpd_offer" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cpd_offer_criterion" (
	"tenant_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"framework_id" uuid NOT NULL,
	"criterion_code" text NOT NULL,
	CONSTRAINT "cpd_offer_criterion_tenant_id_offer_id_framework_id_criterion_code_pk" PRIMARY KEY("tenant_id","offer_id","framework_id","criterion_code")
);
--> statement-breakpoint
ALTER TABLE "cpd_offer_criterion" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cpd_plan" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"setting_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"budget_pence" integer,
	"budget_minutes" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cpd_plan_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "cpd_plan_budget_check" CHECK (coalesce("cpd_plan"."budget_pence", 0) >= 0 and coalesce("cpd_plan"."budget_minutes", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "cpd_plan" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cpd_plan_item" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"offer_id" uuid,
	"activity" text,
	"attendees" text DEFAULT '' NOT NULL,
	"places" integer DEFAULT 1 NOT NULL,
	"planned_on" date,
	"cost_pence" integer DEFAULT 0 NOT NULL,
	"minutes_each" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"rating_before" smallint,
	"impact" text DEFAULT '' NOT NULL,
	"rating_at_review" smallint,
	"reviewed_at" timestamp with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cpd_plan_item_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "cpd_plan_item_status_check" CHECK ("cpd_plan_item"."status" in ('planned', 'booked', 'done')),
	CONSTRAINT "cpd_plan_item_kind_check" CHECK (("cpd_plan_item"."offer_id" is null) <> ("cpd_plan_item"."activity" is null)),
	CONSTRAINT "cpd_plan_item_numbers_check" CHECK ("cpd_plan_item"."places" > 0 and "cpd_plan_item"."cost_pence" >= 0 and "cpd_plan_item"."minutes_each" >= 0)
);
--> statement-breakpoint
ALTER TABLE "cpd_plan_item" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "cpd_offer" ADD CONSTRAINT "cpd_offer_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_offer_criterion" ADD CONSTRAINT "cpd_offer_criterion_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_offer_criterion" ADD CONSTRAINT "cpd_offer_criterion_tenant_id_offer_id_cpd_offer_tenant_id_id_fk" FOREIGN KEY ("tenant_id","offer_id") REFERENCES "public"."cpd_offer"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_offer_criterion" ADD CONSTRAINT "cpd_offer_criterion_tenant_id_framework_id_framework_tenant_id_id_fk" FOREIGN KEY ("tenant_id","framework_id") REFERENCES "public"."framework"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_plan" ADD CONSTRAINT "cpd_plan_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_plan" ADD CONSTRAINT "cpd_plan_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_plan" ADD CONSTRAINT "cpd_plan_tenant_id_cycle_id_evaluation_cycle_tenant_id_id_fk" FOREIGN KEY ("tenant_id","cycle_id") REFERENCES "public"."evaluation_cycle"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_plan_item" ADD CONSTRAINT "cpd_plan_item_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_plan_item" ADD CONSTRAINT "cpd_plan_item_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_plan_item" ADD CONSTRAINT "cpd_plan_item_tenant_id_plan_id_cpd_plan_tenant_id_id_fk" FOREIGN KEY ("tenant_id","plan_id") REFERENCES "public"."cpd_plan"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_plan_item" ADD CONSTRAINT "cpd_plan_item_tenant_id_criterion_id_framework_criterion_tenant_id_id_fk" FOREIGN KEY ("tenant_id","criterion_id") REFERENCES "public"."framework_criterion"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpd_plan_item" ADD CONSTRAINT "cpd_plan_item_tenant_id_offer_id_cpd_offer_tenant_id_id_fk" FOREIGN KEY ("tenant_id","offer_id") REFERENCES "public"."cpd_offer"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cpd_offer_title_key" ON "cpd_offer" USING btree ("tenant_id",lower("title"),lower("provider"));--> statement-breakpoint
CREATE INDEX "cpd_offer_criterion_code_idx" ON "cpd_offer_criterion" USING btree ("tenant_id","framework_id","criterion_code");--> statement-breakpoint
CREATE UNIQUE INDEX "cpd_plan_setting_cycle_key" ON "cpd_plan" USING btree ("tenant_id","setting_id","cycle_id");--> statement-breakpoint
CREATE INDEX "cpd_plan_item_plan_idx" ON "cpd_plan_item" USING btree ("tenant_id","plan_id");--> statement-breakpoint
CREATE INDEX "cpd_plan_item_offer_idx" ON "cpd_plan_item" USING btree ("tenant_id","offer_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cpd_offer" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cpd_offer_criterion" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cpd_plan" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cpd_plan_item" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);