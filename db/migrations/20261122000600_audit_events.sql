-- The audit trail (PRODUCT §5, SEC-05.01 §8): append-only, hash-chained.
CREATE TABLE audit_events (
  seq             bigserial PRIMARY KEY,
  id              uuid NOT NULL UNIQUE,
  idempotency_key text NOT NULL UNIQUE,
  at              timestamptz NOT NULL,
  employee_id     text,
  case_id         text,
  workflow_id     text,
  run_id          text,
  type            text NOT NULL,
  outcome         text NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'refused', 'cancelled', 'skipped',
                                                   'scheduled', 'pending', 'partial')),
  actor           text NOT NULL,
  approver        text,
  policy_id       text,
  policy_version  integer,
  before          jsonb,
  after           jsonb,
  entitlements    jsonb NOT NULL DEFAULT '[]',
  accounts        jsonb NOT NULL DEFAULT '[]',
  sessions        jsonb NOT NULL DEFAULT '[]',
  details         jsonb NOT NULL DEFAULT '{}',
  prev_hash       text NOT NULL,
  hash            text NOT NULL UNIQUE
);
CREATE INDEX audit_events_employee_idx ON audit_events (employee_id, seq);
CREATE INDEX audit_events_case_idx ON audit_events (case_id, seq);
CREATE INDEX audit_events_at_idx ON audit_events (at, seq);

-- The end of the chain, updated in the same transaction as each append: deleting the newest events
-- (which no later prev_hash points at) is still detected.
CREATE TABLE audit_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_seq  bigint NOT NULL,
  last_hash text NOT NULL,
  count     bigint NOT NULL
);

-- The guarantee: a trigger refuses every UPDATE, DELETE and TRUNCATE, whatever the role's privileges.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Belt and braces where roles are used: nobody but the owner may change rows at the privilege level.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;
