// What a leaver's one activity per system does, named as the case's steps: shared by the workflow (which shows
// each part as a step) and the activity (which runs them in this order).

export interface RevokeSystemInput {
  employeeId: string;
  system: string;
  /** Whether the person holds an account there to disable (entitlements alone may be left). */
  disable: boolean;
  entitlementIds: string[];
  actor: string;
  caseId: string;
  /** '' for the revocation, ':sweepN' for a later pass: part of each part's audit key. */
  pass: string;
}

export interface RevocationPart {
  name: string;
  status: 'succeeded' | 'failed';
  error?: string;
}

/** The parts, named as the case's steps, in the order they run. */
export function revocationParts(input: Pick<RevokeSystemInput, 'disable' | 'entitlementIds'>): string[] {
  return [...(input.disable ? ['disable account', 'revoke sessions and tokens'] : []), ...input.entitlementIds.map((id) => `remove ${id}`)];
}
