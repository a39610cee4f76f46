GRANT SELECT, INSERT, UPDATE, DELETE ON
	framework, framework_version, framework_section, framework_criterion,
	evaluation_cycle, cycle_framework, self_evaluation, judgement
	TO inclusio_app;--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON evidence TO inclusio_app;--> statement-breakpoint
-- Histories and the sign-off trail are append-only for the application.
GRANT SELECT, INSERT ON judgement_history, evaluation_event TO inclusio_app;--> statement-breakpoint
ALTER TABLE framework FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE framework_version FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE framework_section FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE framework_criterion FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE evaluation_cycle FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE cycle_framework FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE self_evaluation FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE judgement FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE judgement_history FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE evidence FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE evaluation_event FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- A published framework version never changes: self-evaluations are pinned to it. The
-- service checks first and says why; these triggers hold whatever path a write takes.
-- Only the step published -> retired (and its date) is allowed after publishing.
CREATE FUNCTION framework_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.status <> 'draft' AND (
		NEW.label IS DISTINCT FROM OLD.label OR NEW.notes IS DISTINCT FROM OLD.notes
		OR NEW.scale IS DISTINCT FROM OLD.scale OR NEW.number IS DISTINCT FROM OLD.number
		OR NEW.framework_id IS DISTINCT FROM OLD.framework_id
		OR NEW.published_at IS DISTINCT FROM OLD.published_at
		OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'retired'))
	) THEN
		RAISE EXCEPTION 'framework version % is %, and cannot change', OLD.id, OLD.status
			USING ERRCODE = '55000';
	END IF;
	RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER framework_version_guard BEFORE UPDATE ON framework_version
	FOR EACH ROW EXECUTE FUNCTION framework_version_guard();--> statement-breakpoint
-- Sections and criteria change only while their version is a draft. A row whose version is
-- already gone is being removed with it (a cascade), which is allowed.
CREATE FUNCTION framework_content_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	state text;
BEGIN
	SELECT status INTO state FROM framework_version
		WHERE tenant_id = COALESCE(NEW.tenant_id, OLD.tenant_id)
		AND id = COALESCE(NEW.version_id, OLD.version_id);
	IF state IS NOT NULL AND state <> 'draft' THEN
		RAISE EXCEPTION 'framework version % is %, and its content cannot change',
			COALESCE(NEW.version_id, OLD.version_id), state USING ERRCODE = '55000';
	END IF;
	IF TG_OP = 'UPDATE' AND NEW.version_id IS DISTINCT FROM OLD.version_id THEN
		RAISE EXCEPTION 'content cannot move between framework versions' USING ERRCODE = '55000';
	END IF;
	RETURN COALESCE(NEW, OLD);
END $$;--> statement-breakpoint
CREATE TRIGGER framework_section_guard BEFORE INSERT OR UPDATE OR DELETE ON framework_section
	FOR EACH ROW EXECUTE FUNCTION framework_content_guard();--> statement-breakpoint
CREATE TRIGGER framework_criterion_guard BEFORE INSERT OR UPDATE OR DELETE ON framework_criterion
	FOR EACH ROW EXECUTE FUNCTION framework_content_guard();
