-- Least privilege: the app (API and worker) connects as gatehouse_app, or a login role that is a member of it,
-- and may only read and append the audit trail; migrations run as the schema owner (DATABASE_MIGRATION_URL).
-- The role is created here only when absent, without LOGIN: a deployment creates the login (with its password)
-- before migrating, as docker-compose.yml does, or grants gatehouse_app to a login role of its own.
-- Roles belong to the cluster, so migrations of other databases in it may create it at the same moment.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gatehouse_app') THEN
    BEGIN
      CREATE ROLE gatehouse_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO gatehouse_app;
-- Everything the record store does: reads, inserts and in-place updates. It never deletes (erasure, when it
-- comes, will rewrite the history tables' personal data, so they stay updatable; the audit trail holds none).
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO gatehouse_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gatehouse_app;
-- The trail is read and appended to, never changed.
REVOKE ALL ON audit_events FROM gatehouse_app;
GRANT SELECT, INSERT ON audit_events TO gatehouse_app;
-- The migrations' bookkeeping is the owner's.
REVOKE ALL ON schema_migrations FROM gatehouse_app;
-- Tables later migrations create get the same default; an append-only one must revoke UPDATE itself.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO gatehouse_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO gatehouse_app;
