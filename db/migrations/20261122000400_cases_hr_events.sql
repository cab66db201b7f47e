-- Cases: the read model of each case workflow (the API lists from here, and queries the workflow for detail).
CREATE TABLE cases (
  case_id      text PRIMARY KEY,
  seq          bigserial UNIQUE,
  workflow_id  text NOT NULL,
  employee_id  text NOT NULL,
  type         text NOT NULL CHECK (type IN ('joiner', 'mover', 'leaver', 'suspend', 'reactivate', 'access')),
  status       text NOT NULL CHECK (status IN ('scheduled', 'awaiting_approval', 'running', 'completed',
                                               'cancelled', 'rejected', 'superseded', 'failed')),
  outcome      text,
  effective_at timestamptz,
  event_id     text,
  requested_by text,
  sla_breached boolean NOT NULL DEFAULT false,
  state        jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  closed_at    timestamptz
);
CREATE INDEX cases_employee_idx ON cases (employee_id, seq);
CREATE INDEX cases_status_idx ON cases (status, seq);

-- The idempotency ledger of HR webhooks: one row per eventId, with the body's hash to tell a duplicate
-- delivery from a conflicting reuse of the id.
CREATE TABLE hr_events (
  event_id    text PRIMARY KEY,
  body_sha256 text NOT NULL,
  employee_id text NOT NULL,
  type        text NOT NULL,
  case_id     text,
  workflow_id text,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hr_events_employee_idx ON hr_events (employee_id, received_at);
