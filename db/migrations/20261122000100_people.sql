-- People: the HR profile, lifecycle state and dates; person_history keeps before/after of every change.
CREATE TABLE people (
  employee_id     text PRIMARY KEY,
  given_name      text NOT NULL,
  family_name     text NOT NULL,
  personal_email  text,
  department      text NOT NULL,
  location        text NOT NULL,
  job_title       text NOT NULL,
  manager_id      text,
  employment_type text NOT NULL CHECK (employment_type IN ('employee', 'contractor')),
  state           text NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'active', 'notice', 'suspended', 'deactivated', 'archived', 'erased')),
  start_date      date,
  last_day        date,
  locked          boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_state_idx ON people (state, employee_id);
CREATE INDEX people_department_idx ON people (department, employee_id);

CREATE TABLE person_history (
  id          bigserial PRIMARY KEY,
  employee_id text NOT NULL REFERENCES people (employee_id),
  case_id     text,
  changed_at  timestamptz NOT NULL DEFAULT now(),
  before      jsonb,
  after       jsonb NOT NULL
);
CREATE INDEX person_history_employee_idx ON person_history (employee_id, id);
