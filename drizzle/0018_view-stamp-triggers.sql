GRANT SELECT, INSERT, UPDATE ON view_stamp TO inclusio_app;--> statement-breakpoint
ALTER TABLE view_stamp FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Bumps the tenant's view stamp once per transaction that changes what the county-wide views
-- show. The triggers are deferred to commit, so the stamp row is the last lock a transaction
-- takes (no deadlock with the rows it changed) and is held only while it commits.
CREATE FUNCTION bump_view_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	changed uuid := CASE TG_OP WHEN 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
	done text := 'inclusio.view_stamp_' || replace(changed::text, '-', '');
BEGIN
	IF current_setting(done, true) IS DISTINCT FROM 'bumped' THEN
		-- Nothing to bump when the change is the tenant's own deletion.
		INSERT INTO view_stamp AS v (tenant_id)
			SELECT changed WHERE EXISTS (SELECT 1 FROM tenant WHERE id = changed)
			ON CONFLICT (tenant_id) DO UPDATE SET stamp = v.stamp + 1;
		PERFORM set_config(done, 'bumped', true);
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER self_evaluation_view_stamp
	AFTER INSERT OR DELETE OR UPDATE OF status, sharing, version_id, setting_id, cycle_id
	ON self_evaluation DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER setting_view_stamp
	AFTER INSERT OR DELETE OR UPDATE OF district_id, community_id, setting_type, phase, number_of_pupils
	ON setting DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER organisation_view_stamp
	AFTER INSERT OR DELETE OR UPDATE OF name
	ON organisation DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER area_view_stamp AFTER INSERT OR DELETE OR UPDATE
	ON area DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER district_view_stamp AFTER INSERT OR DELETE OR UPDATE
	ON district DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER community_view_stamp AFTER INSERT OR DELETE OR UPDATE
	ON community DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER area_board_view_stamp AFTER INSERT OR DELETE OR UPDATE
	ON area_board DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER area_board_district_view_stamp AFTER INSERT OR DELETE OR UPDATE
	ON area_board_district DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER evaluation_cycle_view_stamp AFTER INSERT OR DELETE OR UPDATE
	ON evaluation_cycle DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cycle_framework_view_stamp AFTER INSERT OR DELETE OR UPDATE
	ON cycle_framework DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER framework_view_stamp AFTER INSERT OR DELETE OR UPDATE OF key, name
	ON framework DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER review_round_view_stamp
	AFTER INSERT OR DELETE OR UPDATE OF cycle_id, status
	ON review_round DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER peer_review_view_stamp
	AFTER INSERT OR DELETE OR UPDATE OF stage, board_sharing, evaluation_id, host_setting_id, round_id
	ON peer_review DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER review_action_view_stamp AFTER INSERT OR DELETE OR UPDATE OF status
	ON review_action DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agreed_rating_view_stamp AFTER INSERT OR DELETE OR UPDATE
	ON agreed_rating DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION bump_view_stamp();
