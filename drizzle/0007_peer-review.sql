CREATE TABLE "agreed_rating" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"rating" smallint NOT NULL,
	"rationale" text NOT NULL,
	"agreed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreed_rating_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "agreed_rating" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "conflict_of_interest" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"setting_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"declared_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conflict_of_interest_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "conflict_of_interest" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "line_of_enquiry" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"question" text NOT NULL,
	"criterion_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "line_of_enquiry_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "line_of_enquiry" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "peer_review" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"host_setting_id" uuid NOT NULL,
	"stage" text DEFAULT 'allocated' NOT NULL,
	"evaluation_id" uuid,
	"roll" integer,
	"sen_support" integer,
	"ehcp" integer,
	"priorities" text DEFAULT '' NOT NULL,
	"visit_start" date,
	"visit_end" date,
	"visit_activities" text DEFAULT '' NOT NULL,
	"visit_people" text DEFAULT '' NOT NULL,
	"report_context" text DEFAULT '' NOT NULL,
	"strengths" text DEFAULT '' NOT NULL,
	"areas_for_development" text DEFAULT '' NOT NULL,
	"host_comment" text DEFAULT '' NOT NULL,
	"host_checked_at" timestamp with time zone,
	"finalised_at" timestamp with time zone,
	"board_sharing" boolean DEFAULT false NOT NULL,
	"follow_up_date" date,
	"follow_up_notes" text DEFAULT '' NOT NULL,
	"follow_up_done_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "peer_review_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "peer_review_stage_check" CHECK ("peer_review"."stage" in ('allocated', 'preparation', 'visit', 'report', 'factual_check', 'finalised')),
	CONSTRAINT "peer_review_counts_check" CHECK (coalesce("peer_review"."roll", 0) >= 0 and coalesce("peer_review"."sen_support", 0) >= 0 and coalesce("peer_review"."ehcp", 0) >= 0),
	CONSTRAINT "peer_review_visit_check" CHECK ("peer_review"."visit_end" is null or "peer_review"."visit_end" >= "peer_review"."visit_start")
);
--> statement-breakpoint
ALTER TABLE "peer_review" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "peer_reviewer" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"setting_id" uuid NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "peer_reviewer_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "peer_reviewer" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "review_action" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"action" text NOT NULL,
	"criterion_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"owner" text NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"impact" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_action_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "review_action_status_check" CHECK ("review_action"."status" in ('not_started', 'in_progress', 'done'))
);
--> statement-breakpoint
ALTER TABLE "review_action" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "review_event" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"action" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_event_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "review_event_action_check" CHECK ("review_event"."action" in ('shared', 'visit_started', 'report_started', 'sent_for_check', 'host_checked', 'finalised', 'board_sharing_changed', 'follow_up_recorded'))
);
--> statement-breakpoint
ALTER TABLE "review_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "review_reviewer" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"setting_id" uuid NOT NULL,
	"is_lead" boolean DEFAULT false NOT NULL,
	CONSTRAINT "review_reviewer_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "review_reviewer" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "review_round" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"cycle_id" uuid NOT NULL,
	"name" text NOT NULL,
	"group_shape" text DEFAULT 'triads' NOT NULL,
	"cluster_size" smallint DEFAULT 4 NOT NULL,
	"reviewers_per_review" smallint DEFAULT 2 NOT NULL,
	"no_reciprocal" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'planning' NOT NULL,
	"confirmed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_round_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "review_round_shape_check" CHECK ("review_round"."group_shape" in ('pairs', 'triads', 'clusters')),
	CONSTRAINT "review_round_status_check" CHECK ("review_round"."status" in ('planning', 'confirmed')),
	CONSTRAINT "review_round_cluster_check" CHECK ("review_round"."cluster_size" between 3 and 7),
	CONSTRAINT "review_round_reviewers_check" CHECK ("review_round"."reviewers_per_review" between 1 and 3)
);
--> statement-breakpoint
ALTER TABLE "review_round" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "review_round_setting" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"setting_id" uuid NOT NULL,
	"group_number" smallint,
	CONSTRAINT "review_round_setting_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "review_round_setting" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "reviewer_rating" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"rating" smallint NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reviewer_rating_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "reviewer_rating" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "visit_evidence" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"activity" text NOT NULL,
	"happened_on" date NOT NULL,
	"notes" text NOT NULL,
	"criterion_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visit_evidence_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "visit_evidence_activity_check" CHECK ("visit_evidence"."activity" in ('learning_walk', 'pupil_voice', 'parent_carer_meeting', 'staff_meeting', 'document_review', 'other'))
);
--> statement-breakpoint
ALTER TABLE "visit_evidence" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "agreed_rating" ADD CONSTRAINT "agreed_rating_agreed_by_app_user_id_fk" FOREIGN KEY ("agreed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreed_rating" ADD CONSTRAINT "agreed_rating_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreed_rating" ADD CONSTRAINT "agreed_rating_tenant_id_review_id_peer_review_tenant_id_id_fk" FOREIGN KEY ("tenant_id","review_id") REFERENCES "public"."peer_review"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreed_rating" ADD CONSTRAINT "agreed_rating_tenant_id_criterion_id_framework_criterion_tenant_id_id_fk" FOREIGN KEY ("tenant_id","criterion_id") REFERENCES "public"."framework_criterion"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_of_interest" ADD CONSTRAINT "conflict_of_interest_declared_by_app_user_id_fk" FOREIGN KEY ("declared_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_of_interest" ADD CONSTRAINT "conflict_of_interest_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_of_interest" ADD CONSTRAINT "conflict_of_interest_tenant_id_user_id_tenant_user_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."tenant_user"("tenant_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_of_interest" ADD CONSTRAINT "conflict_of_interest_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_of_enquiry" ADD CONSTRAINT "line_of_enquiry_author_id_app_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_of_enquiry" ADD CONSTRAINT "line_of_enquiry_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "line_of_enquiry" ADD CONSTRAINT "line_of_enquiry_tenant_id_review_id_peer_review_tenant_id_id_fk" FOREIGN KEY ("tenant_id","review_id") REFERENCES "public"."peer_review"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_review" ADD CONSTRAINT "peer_review_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_review" ADD CONSTRAINT "peer_review_tenant_id_round_id_review_round_tenant_id_id_fk" FOREIGN KEY ("tenant_id","round_id") REFERENCES "public"."review_round"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_review" ADD CONSTRAINT "peer_review_tenant_id_host_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","host_setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_review" ADD CONSTRAINT "peer_review_tenant_id_evaluation_id_self_evaluation_tenant_id_id_fk" FOREIGN KEY ("tenant_id","evaluation_id") REFERENCES "public"."self_evaluation"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_reviewer" ADD CONSTRAINT "peer_reviewer_added_by_app_user_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_reviewer" ADD CONSTRAINT "peer_reviewer_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_reviewer" ADD CONSTRAINT "peer_reviewer_tenant_id_user_id_tenant_user_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."tenant_user"("tenant_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "peer_reviewer" ADD CONSTRAINT "peer_reviewer_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_action" ADD CONSTRAINT "review_action_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_action" ADD CONSTRAINT "review_action_tenant_id_review_id_peer_review_tenant_id_id_fk" FOREIGN KEY ("tenant_id","review_id") REFERENCES "public"."peer_review"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_event" ADD CONSTRAINT "review_event_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_event" ADD CONSTRAINT "review_event_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_event" ADD CONSTRAINT "review_event_tenant_id_review_id_peer_review_tenant_id_id_fk" FOREIGN KEY ("tenant_id","review_id") REFERENCES "public"."peer_review"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_reviewer" ADD CONSTRAINT "review_reviewer_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_reviewer" ADD CONSTRAINT "review_reviewer_tenant_id_review_id_peer_review_tenant_id_id_fk" FOREIGN KEY ("tenant_id","review_id") REFERENCES "public"."peer_review"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_reviewer" ADD CONSTRAINT "review_reviewer_tenant_id_user_id_tenant_user_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."tenant_user"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_reviewer" ADD CONSTRAINT "review_reviewer_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_round" ADD CONSTRAINT "review_round_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_round" ADD CONSTRAINT "review_round_tenant_id_cycle_id_evaluation_cycle_tenant_id_id_fk" FOREIGN KEY ("tenant_id","cycle_id") REFERENCES "public"."evaluation_cycle"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_round_setting" ADD CONSTRAINT "review_round_setting_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_round_setting" ADD CONSTRAINT "review_round_setting_tenant_id_round_id_review_round_tenant_id_id_fk" FOREIGN KEY ("tenant_id","round_id") REFERENCES "public"."review_round"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_round_setting" ADD CONSTRAINT "review_round_setting_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviewer_rating" ADD CONSTRAINT "reviewer_rating_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviewer_rating" ADD CONSTRAINT "reviewer_rating_tenant_id_review_id_peer_review_tenant_id_id_fk" FOREIGN KEY ("tenant_id","review_id") REFERENCES "public"."peer_review"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviewer_rating" ADD CONSTRAINT "reviewer_rating_tenant_id_criterion_id_framework_criterion_tenant_id_id_fk" FOREIGN KEY ("tenant_id","criterion_id") REFERENCES "public"."framework_criterion"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviewer_rating" ADD CONSTRAINT "reviewer_rating_tenant_id_reviewer_id_tenant_user_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","reviewer_id") REFERENCES "public"."tenant_user"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_evidence" ADD CONSTRAINT "visit_evidence_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_evidence" ADD CONSTRAINT "visit_evidence_tenant_id_review_id_peer_review_tenant_id_id_fk" FOREIGN KEY ("tenant_id","review_id") REFERENCES "public"."peer_review"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_evidence" ADD CONSTRAINT "visit_evidence_tenant_id_author_id_tenant_user_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","author_id") REFERENCES "public"."tenant_user"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreed_rating_key" ON "agreed_rating" USING btree ("tenant_id","review_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conflict_of_interest_key" ON "conflict_of_interest" USING btree ("tenant_id","user_id","setting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "peer_review_host_key" ON "peer_review" USING btree ("tenant_id","round_id","host_setting_id");--> statement-breakpoint
CREATE INDEX "peer_review_host_idx" ON "peer_review" USING btree ("tenant_id","host_setting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "peer_reviewer_person_key" ON "peer_reviewer" USING btree ("tenant_id","user_id","setting_id");--> statement-breakpoint
CREATE INDEX "review_action_review_idx" ON "review_action" USING btree ("tenant_id","review_id");--> statement-breakpoint
CREATE INDEX "review_event_review_idx" ON "review_event" USING btree ("tenant_id","review_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "review_reviewer_key" ON "review_reviewer" USING btree ("tenant_id","review_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_reviewer_lead_key" ON "review_reviewer" USING btree ("tenant_id","review_id") WHERE "review_reviewer"."is_lead";--> statement-breakpoint
CREATE INDEX "review_reviewer_user_idx" ON "review_reviewer" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_round_name_key" ON "review_round" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "review_round_setting_key" ON "review_round_setting" USING btree ("tenant_id","round_id","setting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reviewer_rating_key" ON "reviewer_rating" USING btree ("tenant_id","review_id","criterion_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "visit_evidence_review_idx" ON "visit_evidence" USING btree ("tenant_id","review_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "agreed_rating" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "conflict_of_interest" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "line_of_enquiry" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "peer_review" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "peer_reviewer" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "review_action" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "review_event" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "review_reviewer" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "review_round" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "review_round_setting" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "reviewer_rating" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "visit_evidence" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);