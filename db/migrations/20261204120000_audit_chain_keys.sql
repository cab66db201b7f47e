-- Issue: the audit chain keyed with HMAC-SHA256 (AUDIT_CHAIN_KEY, held outside the database). Each event
-- records the key that signed it, so keys rotate; events before this migration keep key_id NULL and verify
-- with their old unkeyed hash. The head is signed too: removing the newest events and rewriting the head
-- to match needs the key.
ALTER TABLE audit_events ADD COLUMN key_id text;
ALTER TABLE audit_chain_head ADD COLUMN key_id text;
ALTER TABLE audit_chain_head ADD COLUMN mac text;
