CREATE TABLE "view_stamp" (
	"tenant_id" uuid NOT NULL,
	"stamp" bigint DEFAULT 1 NOT NULL,
	CONSTRAINT "view_stamp_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
ALTER TABLE "view_stamp" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "view_stamp" ADD CONSTRAINT "view_stamp_tenant_id_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenant"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "view_stamp" AS PERMISSIVE FOR ALL TO "inclusio_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);