-- Per-person data keys for crypto-shredding (issue 12, erasure): a person's personal payloads are to be
-- encrypted with their own AES-256 key, stored here only wrapped (sealed) under a PAYLOAD_KEYS key, never in
-- clear. Erasure destroys the wrapped key: what it encrypted, wherever it is kept (Temporal histories,
-- exports), no longer decrypts. A destroyed key stays a row (who, when), so no new key is made for an erased
-- person, and it cannot be brought back.
CREATE TABLE person_data_keys (
  employee_id     text PRIMARY KEY,
  wrapping_key_id text,
  wrapped_key     bytea,
  created_at      timestamptz NOT NULL DEFAULT now(),
  destroyed_at    timestamptz,
  CONSTRAINT person_data_keys_live_or_destroyed CHECK (
    (destroyed_at IS NULL AND wrapped_key IS NOT NULL AND wrapping_key_id IS NOT NULL)
    OR (destroyed_at IS NOT NULL AND wrapped_key IS NULL)
  )
);

CREATE FUNCTION person_data_keys_stay_destroyed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.destroyed_at IS NOT NULL THEN
    RAISE EXCEPTION 'the data key of % was destroyed at % and cannot be changed', OLD.employee_id, OLD.destroyed_at
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER person_data_keys_destroyed_is_final BEFORE UPDATE ON person_data_keys
  FOR EACH ROW EXECUTE FUNCTION person_data_keys_stay_destroyed();

-- The app makes keys, reads them and destroys them; it never deletes a row nor rewrites a live key.
REVOKE ALL ON person_data_keys FROM gatehouse_app;
GRANT SELECT, INSERT ON person_data_keys TO gatehouse_app;
GRANT UPDATE (wrapped_key, wrapping_key_id, destroyed_at) ON person_data_keys TO gatehouse_app;
