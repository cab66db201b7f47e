-- Four eyes on policy (issue 10): a change that relaxes control is saved as a proposal and takes effect only
-- when a second admin approves it. The current policy is the highest *active* version.
ALTER TABLE policy_versions ADD COLUMN status text NOT NULL DEFAULT 'active';
ALTER TABLE policy_versions ADD CONSTRAINT policy_versions_status_check CHECK (status IN ('active', 'pending'));
-- The version a proposal was made against: approving it once the policy has moved on would undo that move.
ALTER TABLE policy_versions ADD COLUMN base_version integer;
ALTER TABLE policy_versions ADD COLUMN relaxes jsonb;
ALTER TABLE policy_versions ADD COLUMN approved_by text;
ALTER TABLE policy_versions ADD COLUMN approved_at timestamptz;
