CREATE TABLE "outcome_value" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"indicator" text NOT NULL,
	"period" text NOT NULL,
	"value" numeric(9, 1) NOT NULL,
	"source" text NOT NULL,
	"entered_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcome_value_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "outcome_value_indicator_check" CHECK ("outcome_value"."indicator" in ('ehcp_in_mainstream', 'ehcp_within_20_weeks', 'family_satisfaction', 'pupil_satisfaction', 'forum_participation', 'transition_success', 'post16_engagement')),
	CONSTRAINT "outcome_value_period_check" CHECK ("outcome_value"."period" ~ '^[0-9]{4}/[0-9]{2}$'
				and right("outcome_value"."period", 2)::int = (left("outcome_value"."period", 4)::int + 1) % 100),
	CONSTRAINT "outcome_value_value_check" CHECK ("outcome_value"."value" >= 0 and (
				("outcome_value"."indicator" in ('ehcp_in_mainstream', 'ehcp_within_20_weeks', 'family_satisfaction', 'pupil_satisfaction', 'transition_success', 'post16_engagement') and "outcome_value"."value" <= 100)
				or ("outcome_value"."indicator" in ('forum_participation')
					and "outcome_value"."value" = trunc("outcome_value"."value") and "outcome_value"."value" <= 1000000))),
	CONSTRAINT "outcome_value_source_check" CHECK (length(btrim("outcome_value"."source")) > 0)
);
--> statement-breakpoint
ALTER TABLE "outcome_value" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "outcome_value" ADD CONSTRAINT "outcome_value_entered_by_app_user_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_value" ADD CONSTRAINT "outcome_value_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_value_key" ON "outcome_value" USING btree ("tenant_id","indicator","period");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "outcome_value" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);