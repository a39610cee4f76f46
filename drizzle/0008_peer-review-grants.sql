GRANT SELECT, INSERT, UPDATE, DELETE ON
	peer_reviewer, conflict_of_interest, review_round, review_round_setting, peer_review,
	review_reviewer, line_of_enquiry, visit_evidence, reviewer_rating, agreed_rating,
	review_action
	TO inclusio_app;--> statement-breakpoint
-- The review's trail is append-only for the application.
GRANT SELECT, INSERT ON review_event TO inclusio_app;--> statement-breakpoint
ALTER TABLE peer_reviewer FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE conflict_of_interest FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE review_round FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE review_round_setting FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE peer_review FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE review_reviewer FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE line_of_enquiry FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE visit_evidence FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE reviewer_rating FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE agreed_rating FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE review_action FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE review_event FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- A finalised review is a record: its stage, report and ratings stay as they were. Only
-- the host's follow-up (board sharing, follow-up visit) and its action plan go on changing.
CREATE FUNCTION peer_review_final_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.stage = 'finalised' AND (
		NEW.stage IS DISTINCT FROM OLD.stage OR NEW.report_context IS DISTINCT FROM OLD.report_context
		OR NEW.strengths IS DISTINCT FROM OLD.strengths
		OR NEW.areas_for_development IS DISTINCT FROM OLD.areas_for_development
		OR NEW.host_comment IS DISTINCT FROM OLD.host_comment
		OR NEW.evaluation_id IS DISTINCT FROM OLD.evaluation_id
		OR NEW.finalised_at IS DISTINCT FROM OLD.finalised_at
	) THEN
		RAISE EXCEPTION 'peer review % is finalised, and its report cannot change', OLD.id
			USING ERRCODE = '55000';
	END IF;
	RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER peer_review_final_guard BEFORE UPDATE ON peer_review
	FOR EACH ROW EXECUTE FUNCTION peer_review_final_guard();--> statement-breakpoint
-- Ratings, agreed ratings, the evidence log and lines of enquiry of a finalised review are
-- closed to every change.
CREATE FUNCTION peer_review_work_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	review_stage text;
BEGIN
	SELECT stage INTO review_stage FROM peer_review
		WHERE tenant_id = COALESCE(NEW.tenant_id, OLD.tenant_id)
		AND id = COALESCE(NEW.review_id, OLD.review_id);
	IF review_stage = 'finalised' THEN
		RAISE EXCEPTION 'peer review % is finalised, and its ratings and evidence cannot change',
			COALESCE(NEW.review_id, OLD.review_id) USING ERRCODE = '55000';
	END IF;
	RETURN COALESCE(NEW, OLD);
END $$;--> statement-breakpoint
CREATE TRIGGER reviewer_rating_work_guard BEFORE INSERT OR UPDATE OR DELETE ON reviewer_rating
	FOR EACH ROW EXECUTE FUNCTION peer_review_work_guard();--> statement-breakpoint
CREATE TRIGGER agreed_rating_work_guard BEFORE INSERT OR UPDATE OR DELETE ON agreed_rating
	FOR EACH ROW EXECUTE FUNCTION peer_review_work_guard();--> statement-breakpoint
CREATE TRIGGER visit_evidence_work_guard BEFORE INSERT OR UPDATE OR DELETE ON visit_evidence
	FOR EACH ROW EXECUTE FUNCTION peer_review_work_guard();--> statement-breakpoint
CREATE TRIGGER line_of_enquiry_work_guard BEFORE INSERT OR UPDATE OR DELETE ON line_of_enquiry
	FOR EACH ROW EXECUTE FUNCTION peer_review_work_guard();
