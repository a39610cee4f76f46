-- The role that every request's tenant work runs as (SET LOCAL ROLE). Roles belong to the
-- whole cluster, so a second database on the same server finds it already there.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'inclusio_app') THEN
		CREATE ROLE inclusio_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
	END IF;
	IF NOT pg_has_role(current_user, 'inclusio_app', 'MEMBER') THEN
		EXECUTE format('GRANT inclusio_app TO %I', current_user);
	END IF;
END
$$;
