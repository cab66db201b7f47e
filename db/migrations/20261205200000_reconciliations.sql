-- Reconciliation runs (what a full read of every system found, set against the record) and the remediation
-- requests an admin makes from a run's findings, which a second admin approves.
CREATE TABLE reconciliation_runs (
  id           text PRIMARY KEY,
  trigger      text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  requested_by text,
  status       text NOT NULL CHECK (status IN ('running', 'complete', 'incomplete', 'failed')),
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  -- accounts read per system: what the next run's drop safeguard compares with
  counts       jsonb,
  report       jsonb,
  error        text
);
CREATE INDEX reconciliation_runs_finished_idx ON reconciliation_runs (status, finished_at DESC);

CREATE TABLE remediation_requests (
  id           uuid PRIMARY KEY,
  run_id       text NOT NULL REFERENCES reconciliation_runs (id),
  finding_ids  jsonb NOT NULL,
  dry_run      boolean NOT NULL,
  requested_by text NOT NULL,
  reason       text NOT NULL,
  status       text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  decided_at   timestamptz,
  CHECK ((status = 'pending') = (decided_by IS NULL))
);
CREATE INDEX remediation_requests_run_idx ON remediation_requests (run_id, created_at);

-- The app records runs and requests and updates their status; it never deletes them.
REVOKE ALL ON reconciliation_runs, remediation_requests FROM gatehouse_app;
GRANT SELECT, INSERT, UPDATE ON reconciliation_runs, remediation_requests TO gatehouse_app;
