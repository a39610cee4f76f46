CREATE UNIQUE INDEX "tenant_la_code_key" ON "tenant" USING btree ("la_code");--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_board_name_key" ON "organisation" USING btree ("tenant_id",lower("name")) WHERE "organisation"."kind" = 'area_board';--> statement-breakpoint
-- Until now a new invitation could be sent while an expired one was still open: keep the
-- newest open invitation for each person and organisation and revoke the others.
UPDATE "invitation" AS "older" SET "revoked_at" = now()
WHERE "older"."accepted_at" is null AND "older"."revoked_at" is null AND EXISTS (
	SELECT 1 FROM "invitation" AS "newer"
	WHERE "newer"."tenant_id" = "older"."tenant_id"
		AND "newer"."organisation_id" = "older"."organisation_id"
		AND lower("newer"."email") = lower("older"."email")
		AND "newer"."accepted_at" is null AND "newer"."revoked_at" is null
		AND ("newer"."created_at", "newer"."id") > ("older"."created_at", "older"."id")
);--> statement-breakpoint
CREATE UNIQUE INDEX "invitation_open_key" ON "invitation" USING btree ("tenant_id","organisation_id",lower("email")) WHERE "invitation"."accepted_at" is null and "invitation"."revoked_at" is null;