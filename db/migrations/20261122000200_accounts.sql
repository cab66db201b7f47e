-- Accounts: which identity a person has in which system. Status changes are kept as rows in
-- account_status_changes so "who had which account when" survives a disable followed by a reactivation.
CREATE TABLE accounts (
  id          bigserial PRIMARY KEY,
  employee_id text NOT NULL REFERENCES people (employee_id),
  system      text NOT NULL,
  external_id text NOT NULL,
  login       text,
  status      text NOT NULL CHECK (status IN ('active', 'disabled', 'deleted')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  deleted_at  timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (system, employee_id),
  UNIQUE (system, external_id)
);
CREATE INDEX accounts_employee_idx ON accounts (employee_id);

CREATE TABLE account_status_changes (
  id         bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  status     text NOT NULL CHECK (status IN ('active', 'disabled', 'deleted')),
  at         timestamptz NOT NULL
);
CREATE INDEX account_status_changes_idx ON account_status_changes (account_id, at, id);
