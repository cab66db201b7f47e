// Deterministic Temporal workflow ids. One person workflow per person, one case workflow per case:
// starting the same id twice is refused by Temporal, which is what makes a duplicate HR event start nothing.

function requireNonEmpty(what: string, value: string): void {
  if (value.trim() === '') throw new Error(`${what} must not be empty`);
}

/** `person-<employeeId>`: the long-lived workflow that orders a person's cases. */
export function personWorkflowId(employeeId: string): string {
  requireNonEmpty('employeeId', employeeId);
  return `person-${employeeId}`;
}

/** `case-<employeeId>-<caseKey>`; caseKey is the HR eventId, or an id the API makes for admin-started cases. */
export function caseWorkflowId(employeeId: string, caseKey: string): string {
  requireNonEmpty('employeeId', employeeId);
  requireNonEmpty('caseKey', caseKey);
  return `case-${employeeId}-${caseKey}`;
}
