-- Entitlement assignments as validity intervals [valid_from, valid_to): "who had what when" is a range query.
-- A pending removal (grace period) is still held until valid_to is closed.
CREATE TABLE entitlement_assignments (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  employee_id     text NOT NULL REFERENCES people (employee_id),
  entitlement_id  text NOT NULL,
  system          text NOT NULL,
  source          text NOT NULL CHECK (source IN ('birthright', 'manual', 'request')),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending_removal', 'removed')),
  valid_from      timestamptz NOT NULL,
  valid_to        timestamptz,
  granted_by_case text,
  removed_by_case text,
  remove_at       timestamptz,
  reason          text,
  expires_at      timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'removed') = (valid_to IS NOT NULL)),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
-- At most one open assignment of an entitlement per person: what makes grants idempotent.
CREATE UNIQUE INDEX entitlement_assignments_open_idx
  ON entitlement_assignments (employee_id, entitlement_id) WHERE status <> 'removed';
CREATE INDEX entitlement_assignments_employee_idx ON entitlement_assignments (employee_id, valid_from);
CREATE INDEX entitlement_assignments_interval_idx ON entitlement_assignments (valid_from, valid_to);

-- Assets: devices, licences and seats. employee_id is empty for stock in the register.
CREATE TABLE assets (
  id             text PRIMARY KEY,
  employee_id    text REFERENCES people (employee_id),
  kind           text NOT NULL CHECK (kind IN ('device', 'licence', 'seat')),
  name           text NOT NULL,
  model          text,
  serial         text,
  sku            text,
  monthly_cost   numeric(12, 2),
  status         text NOT NULL CHECK (status IN ('assigned', 'returned', 'written_off')),
  assigned_at    timestamptz,
  returned_at    timestamptz,
  written_off_at timestamptz,
  case_id        text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assets_employee_idx ON assets (employee_id, kind, status);
