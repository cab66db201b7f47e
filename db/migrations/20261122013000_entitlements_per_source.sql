-- One open assignment per person, entitlement AND source: a hand-granted entitlement that a person also holds
-- as birthright is its own interval, so a move that ends the birthright one leaves the manual one in place.
DROP INDEX entitlement_assignments_open_idx;
CREATE UNIQUE INDEX entitlement_assignments_open_idx
  ON entitlement_assignments (employee_id, entitlement_id, source) WHERE status <> 'removed';
