CREATE TABLE "board_action" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"district_id" uuid,
	"what" text NOT NULL,
	"owner" text NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_action_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "board_action_status_check" CHECK ("board_action"."status" in ('not_started', 'in_progress', 'done'))
);
--> statement-breakpoint
ALTER TABLE "board_action" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "board_note" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"district_id" uuid,
	"body" text NOT NULL,
	"author_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_note_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "board_note" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "board_question" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"board_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"district_id" uuid,
	"addressed_to" text NOT NULL,
	"setting_id" uuid,
	"question" text NOT NULL,
	"asked_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_question_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "board_question_addressee_check" CHECK (("board_question"."addressed_to" = 'la' and "board_question"."setting_id" is null) or ("board_question"."addressed_to" = 'setting' and "board_question"."setting_id" is not null)),
	CONSTRAINT "board_question_answer_check" CHECK (("board_question"."answer" is null) = ("board_question"."answered_at" is null) and ("board_question"."answered_at" is not null or "board_question"."answered_by" is null))
);
--> statement-breakpoint
ALTER TABLE "board_question" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "board_action" ADD CONSTRAINT "board_action_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_action" ADD CONSTRAINT "board_action_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_action" ADD CONSTRAINT "board_action_tenant_id_board_id_area_board_tenant_id_id_fk" FOREIGN KEY ("tenant_id","board_id") REFERENCES "public"."area_board"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_action" ADD CONSTRAINT "board_action_tenant_id_cycle_id_evaluation_cycle_tenant_id_id_fk" FOREIGN KEY ("tenant_id","cycle_id") REFERENCES "public"."evaluation_cycle"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_action" ADD CONSTRAINT "board_action_tenant_id_district_id_district_tenant_id_id_fk" FOREIGN KEY ("tenant_id","district_id") REFERENCES "public"."district"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_note" ADD CONSTRAINT "board_note_author_id_app_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_note" ADD CONSTRAINT "board_note_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_note" ADD CONSTRAINT "board_note_tenant_id_board_id_area_board_tenant_id_id_fk" FOREIGN KEY ("tenant_id","board_id") REFERENCES "public"."area_board"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_note" ADD CONSTRAINT "board_note_tenant_id_cycle_id_evaluation_cycle_tenant_id_id_fk" FOREIGN KEY ("tenant_id","cycle_id") REFERENCES "public"."evaluation_cycle"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_note" ADD CONSTRAINT "board_note_tenant_id_district_id_district_tenant_id_id_fk" FOREIGN KEY ("tenant_id","district_id") REFERENCES "public"."district"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_question" ADD CONSTRAINT "board_question_asked_by_app_user_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_question" ADD CONSTRAINT "board_question_answered_by_app_user_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_question" ADD CONSTRAINT "board_question_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_question" ADD CONSTRAINT "board_question_tenant_id_board_id_area_board_tenant_id_id_fk" FOREIGN KEY ("tenant_id","board_id") REFERENCES "public"."area_board"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_question" ADD CONSTRAINT "board_question_tenant_id_cycle_id_evaluation_cycle_tenant_id_id_fk" FOREIGN KEY ("tenant_id","cycle_id") REFERENCES "public"."evaluation_cycle"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_question" ADD CONSTRAINT "board_question_tenant_id_district_id_district_tenant_id_id_fk" FOREIGN KEY ("tenant_id","district_id") REFERENCES "public"."district"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_question" ADD CONSTRAINT "board_question_tenant_id_setting_id_setting_tenant_id_id_fk" FOREIGN KEY ("tenant_id","setting_id") REFERENCES "public"."setting"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_action_place_idx" ON "board_action" USING btree ("tenant_id","board_id","cycle_id","district_id");--> statement-breakpoint
CREATE INDEX "board_note_place_idx" ON "board_note" USING btree ("tenant_id","board_id","cycle_id","district_id");--> statement-breakpoint
CREATE INDEX "board_question_place_idx" ON "board_question" USING btree ("tenant_id","board_id","cycle_id","district_id");--> statement-breakpoint
CREATE INDEX "board_question_setting_idx" ON "board_question" USING btree ("tenant_id","setting_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "board_action" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "board_note" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "board_question" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);