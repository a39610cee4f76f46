CREATE TABLE "framework" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "framework_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "framework" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "framework_criterion" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"descriptors" jsonb NOT NULL,
	"statutory" boolean DEFAULT false NOT NULL,
	"areas_of_need" text[] DEFAULT '{}' NOT NULL,
	"setting_types" text[] NOT NULL,
	CONSTRAINT "framework_criterion_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "framework_criterion_areas_check" CHECK ("framework_criterion"."areas_of_need" <@ array['communication_interaction', 'cognition_learning', 'semh', 'sensory_physical']::text[]),
	CONSTRAINT "framework_criterion_types_check" CHECK ("framework_criterion"."setting_types" <@ array['mainstream', 'special', 'pru', 'early_years']::text[] and cardinality("framework_criterion"."setting_types") > 0)
);
--> statement-breakpoint
ALTER TABLE "framework_criterion" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "framework_section" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	CONSTRAINT "framework_section_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "framework_section" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "framework_version" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"framework_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"label" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"scale" jsonb NOT NULL,
	"based_on_id" uuid,
	"published_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "framework_version_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "framework_version_status_check" CHECK ("framework_version"."status" in ('draft', 'published', 'retired'))
);
--> statement-breakpoint
ALTER TABLE "framework_version" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "cycle_framework" (
	"tenant_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"setting_type" text NOT NULL,
	"version_id" uuid NOT NULL,
	CONSTRAINT "cycle_framework_tenant_id_cycle_id_setting_type_pk" PRIMARY KEY("tenant_id","cycle_id","setting_type"),
	CONSTRAINT "cycle_framework_type_check" CHECK ("cycle_framework"."setting_type" in ('mainstream', 'special', 'pru', 'early_years'))
);
--> statement-breakpoint
ALTER TABLE "cycle_framework" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "evaluation_cycle" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_cycle_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "evaluation_cycle_status_check" CHECK ("evaluation_cycle"."status" in ('open', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "evaluation_cycle" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "evaluation_event" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"action" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_event_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "evaluation_event_action_check" CHECK ("evaluation_event"."action" in ('submitted', 'returned', 'signed_off', 'reopened', 'sharing_changed'))
);
--> statement-breakpoint
ALTER TABLE "evaluation_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "evidence" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"file_name" text,
	"media_type" text,
	"byte_size" integer,
	"content" "bytea",
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "evidence_kind_check" CHECK ("evidence"."kind" in ('link', 'file')),
	CONSTRAINT "evidence_shape_check" CHECK (("evidence"."kind" = 'link' and "evidence"."url" is not null and "evidence"."content" is null) or ("evidence"."kind" = 'file' and "evidence"."content" is not null and "evidence"."file_name" is not null and "evidence"."media_type" is not null and "evidence"."byte_size" is not null))
);
--> statement-breakpoint
ALTER TABLE "evidence" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "judgement" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"rating" smallint,
	"narrative" text DEFAULT '' NOT NULL,
	"next_steps" text DEFAULT '' NOT NULL,
	"target_rating" smallint,
	"target_date" date,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "judgement_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "judgement" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "judgement_history" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"judgement_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"rating" smallint,
	"narrative" text NOT NULL,
	"next_steps" text NOT NULL,
	"target_rating" smallint,
	"target_date" date,
	"saved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "judgement_history_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "judgement_history" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "self_evaluation" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" uuid NOT NULL,
	"setting_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"sharing" text DEFAULT 'none' NOT NULL,
	"submitted_at" timestamp with time zone,
	"signed_off_at" timestamp with time zone,
	"signed_off_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "self_evaluation_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "self_evaluation_status_check" CHECK ("self_evaluation"."status" in ('in_progress', 'submitted', 'returned', 'signed_off')),
	CONSTRAINT "self_evaluation_sharing_check" CHECK ("self_evaluation"."sharing" in ('none', 'summary', 'full'))
);
--> statement-breakpoint
ALTER TABLE "self_evaluation" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "framework" ADD CONSTRAINT "framework_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_criterion" ADD CONSTRAINT "framework_criterion_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_criterion" ADD CONSTRAINT "framework_criterion_tenant_id_version_id_framework_version_tenant_id_id_fk" FOREIGN KEY ("tenant_id","version_id") REFERENCES "public"."framework_version"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_criterion" ADD CONSTRAINT "framework_criterion_tenant_id_section_id_framework_section_tenant_id_id_fk" FOREIGN KEY ("tenant_id","section_id") REFERENCES "public"."framework_section"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_section" ADD CONSTRAINT "framework_section_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_section" ADD CONSTRAINT "framework_section_tenant_id_version_id_framework_version_tenant_id_id_fk" FOREIGN KEY ("tenant_id","version_id") REFERENCES "public"."framework_version"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_version" ADD CONSTRAINT "framework_version_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_version" ADD CONSTRAINT "framework_version_tenant_id_framework_id_framework_tenant_id_id_fk" FOREIGN KEY ("tenant_id","framework_id") REFERENCES "public"."framework"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_framework" ADD CONSTRAINT "cycle_framework_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_framework" ADD CONSTRAINT "cycle_framework_tenant_id_cycle_id_evaluation_cycle_tenant_id_id_fk" FOREIGN KEY ("tenant_id","cycle_id") REFERENCES "public"."evaluation_cycle"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_framework" ADD CONSTRAINT "cycle_framework_tenant_id_version_id_framework_version_tenant_id_id_fk" FOREIGN KEY ("tenant_id","version_id") REFERENCES "public"."framework_version"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_cycle" ADD CONSTRAINT "evaluation_cycle_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_event" ADD CONSTRAINT "evaluation_event_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_event" ADD CONSTRAINT "evaluation_event_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_event" ADD CONSTRAINT "evaluation_event_tenant_id_evaluation_id_self_evaluation_tenant_id_id_fk" FOREIGN KEY ("tenant_id","evaluation_id") REFERENCES "public"."self_evaluation"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_added_by_app_user_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_tenant_id_evaluation_id_self_evaluation_tenant_id_id_fk" FOREIGN KEY ("tenant_id","evaluation_id") REFERENCES "public"."self_evaluation"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_tenant_id_criterion_id_framework_criterion_tenant_id_id_fk" FOREIGN KEY ("tenant_id","criterion_id") REFERENCES "public"."framework_criterion"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement" ADD CONSTRAINT "judgement_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement" ADD CONSTRAINT "judgement_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement" ADD CONSTRAINT "judgement_tenant_id_evaluation_id_self_evaluation_tenant_id_id_fk" FOREIGN KEY ("tenant_id","evaluation_id") REFERENCES "public"."self_evaluation"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement" ADD CONSTRAINT "judgement_tenant_id_criterion_id_framework_criterion_tenant_id_id_fk" FOREIGN KEY ("tenant_id","criterion_id") REFERENCES "public"."framework_criterion"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement_history" ADD CONSTRAINT "judgement_history_saved_by_app_user_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement_history" ADD CONSTRAINT "judgement_history_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judgement_history" ADD CONSTRAINT "judgement_history_tenant_id_judgement_id_judgement_tenant_id_id_fk" FOREIGN KEY ("tenant_id","judgement_id") REFERENCES "public"."judgement"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluation" ADD CONSTRAINT "self_evaluation_signed_off_by_app_user_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluation" ADD CONSTRAINT "self_evaluation_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluation" ADD CONSTRAINT "self_evaluation_tenant_id_cycle_id_evaluation_cycle_tenant_id_id_fk" FOREIGN KEY ("tenant_id","cycle_id") REFERENCES "public"."evaluation_cycle"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluation" ADD CONSTRAINT "self_evaluation_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluation" ADD CONSTRAINT "self_evaluation_tenant_id_version_id_framework_version_tenant_id_id_fk" FOREIGN KEY ("tenant_id","version_id") REFERENCES "public"."framework_version"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "framework_key_key" ON "framework" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "framework_criterion_code_key" ON "framework_criterion" USING btree ("tenant_id","version_id",lower("code"));--> statement-breakpoint
CREATE INDEX "framework_criterion_section_idx" ON "framework_criterion" USING btree ("tenant_id","section_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "framework_section_code_key" ON "framework_section" USING btree ("tenant_id","version_id",lower("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "framework_version_number_key" ON "framework_version" USING btree ("tenant_id","framework_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "framework_version_one_draft_key" ON "framework_version" USING btree ("tenant_id","framework_id") WHERE "framework_version"."status" = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_cycle_name_key" ON "evaluation_cycle" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE INDEX "evaluation_event_evaluation_idx" ON "evaluation_event" USING btree ("tenant_id","evaluation_id","created_at");--> statement-breakpoint
CREATE INDEX "evidence_criterion_idx" ON "evidence" USING btree ("tenant_id","evaluation_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "judgement_criterion_key" ON "judgement" USING btree ("tenant_id","evaluation_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "judgement_history_version_key" ON "judgement_history" USING btree ("tenant_id","judgement_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "self_evaluation_cycle_setting_key" ON "self_evaluation" USING btree ("tenant_id","cycle_id","setting_id");--> statement-breakpoint
CREATE INDEX "self_evaluation_setting_idx" ON "self_evaluation" USING btree ("tenant_id","setting_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "framework" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "framework_criterion" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "framework_section" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "framework_version" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "cycle_framework" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "evaluation_cycle" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "evaluation_event" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "evidence" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "judgement" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "judgement_history" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "self_evaluation" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);