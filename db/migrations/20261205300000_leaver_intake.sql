-- The mass-leaver safeguard (issue 15): every leaver an HR source sends is counted here per source and time,
-- and a leaver beyond the source's allowance is held (with the event to start on release) until an admin
-- releases or discards it. A held leaver is never deleted: it stays listed until an admin has decided.
CREATE TABLE leaver_intake (
  event_id         text PRIMARY KEY,
  source           text NOT NULL,
  employee_id      text NOT NULL,
  case_id          text NOT NULL,
  disposition      text NOT NULL CHECK (disposition IN ('started', 'held', 'releasing', 'released', 'discarded')),
  -- The person event as received (what release starts); people's attributes, as in the people table.
  event            jsonb NOT NULL,
  received_at      timestamptz NOT NULL,
  active_people    integer NOT NULL,
  position         integer NOT NULL,
  allowed          integer NOT NULL,
  decided_by       text,
  decided_at       timestamptz,
  decision_comment text
);
CREATE INDEX leaver_intake_source_idx ON leaver_intake (source, received_at);
CREATE INDEX leaver_intake_open_idx ON leaver_intake (received_at) WHERE disposition IN ('held', 'releasing');

-- The app counts, records and decides; it never deletes.
REVOKE ALL ON leaver_intake FROM gatehouse_app;
GRANT SELECT, INSERT, UPDATE ON leaver_intake TO gatehouse_app;
