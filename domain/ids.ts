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

/** The separator between the two parts of a case id: an employee id may not contain it, so ids never collide. */
export const CASE_ID_SEPARATOR = ':';

/**
 * `case-<employeeId>:<caseKey>`; caseKey is the HR eventId, or an id the API makes for admin-started cases.
 * An employee id never holds the separator, so (E1, x-y) and (E1-x, y) are different cases.
 */
export function caseWorkflowId(employeeId: string, caseKey: string): string {
  requireNonEmpty('employeeId', employeeId);
  requireNonEmpty('caseKey', caseKey);
  if (employeeId.includes(CASE_ID_SEPARATOR)) throw new Error(`employeeId must not contain '${CASE_ID_SEPARATOR}'`);
  return `case-${employeeId}${CASE_ID_SEPARATOR}${caseKey}`;
}
