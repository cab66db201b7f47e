// A leaver's revocation in one system as one activity: disable the account, revoke its sessions and tokens,
// and end every entitlement held there, in that order. Each part is the step it was on its own (same audit
// keys), so a retried attempt redoes nothing twice. A part the system refuses is reported and the rest goes
// on; a failure retrying can fix (throttling, an outage) fails the attempt, and Temporal retries it whole.
import { ApplicationFailure } from '@temporalio/common';
import type { StepRef } from './index';
import { revocationParts, type RevocationPart, type RevokeSystemInput } from '../domain/revocation-parts';

/** Failures no retry can fix: the same list the connector proxy will not retry. */
const FINAL_TYPES = new Set(['ConnectorPermanent', 'EntitlementUnknown', 'SystemNotConfigured', 'RecordRefused', 'RecordMissing', 'AccountMissing']);

export function isFinalFailure(err: unknown): err is ApplicationFailure {
  return err instanceof ApplicationFailure && (err.nonRetryable || FINAL_TYPES.has(err.type ?? ''));
}

/** The single-system steps this activity is made of (the activities of the same names). */
export interface RevocationSteps {
  setSignIn(input: { employeeId: string; system: string; enabled: boolean; actor: string } & StepRef): Promise<void>;
  revokeSessions(input: { employeeId: string; system: string; actor: string } & StepRef): Promise<void>;
  revokeEntitlement(input: { employeeId: string; entitlementId: string; actor: string; reason?: string } & StepRef): Promise<void>;
}

export function revocationActivities(steps: RevocationSteps) {
  return {
    async revokeSystemAccess(input: RevokeSystemInput): Promise<RevocationPart[]> {
      const { employeeId, system, actor, caseId, pass } = input;
      const ref = (step: string) => ({ caseId, step: `${step}${pass}` });
      const calls: Array<() => Promise<void>> = [
        ...(input.disable
          ? [
            () => steps.setSignIn({ employeeId, system, enabled: false, actor, ...ref(`disable:${system}`) }),
            () => steps.revokeSessions({ employeeId, system, actor, ...ref(`sessions:${system}`) }),
          ]
          : []),
        ...input.entitlementIds.map((entitlementId) => () =>
          steps.revokeEntitlement({ employeeId, entitlementId, actor, reason: 'leaver', ...ref(`revoke:${entitlementId}`) })),
      ];
      const names = revocationParts(input);
      const parts: RevocationPart[] = [];
      for (const [i, call] of calls.entries()) {
        try {
          await call();
          parts.push({ name: names[i]!, status: 'succeeded' });
        } catch (err) {
          if (!isFinalFailure(err)) throw err;
          parts.push({ name: names[i]!, status: 'failed', error: err.message });
        }
      }
      return parts;
    },
  };
}
