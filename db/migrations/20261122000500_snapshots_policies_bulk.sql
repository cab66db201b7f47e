-- Access snapshots taken at leaving: one per case, so a retried snapshot step writes nothing new.
CREATE TABLE access_snapshots (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  employee_id text NOT NULL,
  case_id     text NOT NULL UNIQUE,
  taken_at    timestamptz NOT NULL DEFAULT now(),
  snapshot    jsonb NOT NULL
);
CREATE INDEX access_snapshots_employee_idx ON access_snapshots (employee_id, taken_at);

-- Every saved policy document is a version; the current policy is the highest version.
CREATE TABLE policy_versions (
  version    serial PRIMARY KEY,
  document   jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  diff       jsonb
);

-- Bulk operations: one request, one item (and one case) per person.
CREATE TABLE bulk_operations (
  id           text PRIMARY KEY,
  request      jsonb NOT NULL,
  requested_by text NOT NULL,
  status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'completed_with_errors')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);

CREATE TABLE bulk_items (
  bulk_id     text NOT NULL REFERENCES bulk_operations (id),
  employee_id text NOT NULL,
  request     jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'started', 'completed', 'failed', 'skipped')),
  case_id     text,
  error       text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bulk_id, employee_id)
);
