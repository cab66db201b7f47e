// Suspend (leave of absence, investigation): sign-in blocked, sessions revoked, entitlements kept.
// Reactivate: sign-in restored. A locked (deactivated) identity is not reactivated without an admin override.
import type { CaseInput, CaseView } from './definitions';
import { type CaseKit, runCase } from './case-kit';
import { connector, record } from './activity-options';
import { closeInterrupted } from './case-endings';

async function signInCase(input: CaseInput, suspend: boolean): Promise<CaseView> {
  return runCase(input, suspend ? 'suspend' : 'reactivate', (kit) => signIn(kit, input, suspend));
}

async function signIn(kit: CaseKit, input: CaseInput, suspend: boolean): Promise<CaseView> {
  const { event } = input;
  const employeeId = event.employee.employeeId;
  const actor = event.requestedBy;
  const ref = (step: string) => ({ caseId: event.caseId, step });
  await kit.persist();

  const at = event.immediate ? undefined : event.effectiveAt;
  if (at && Date.parse(at) > Date.now()) {
    const fired = await kit.waitUntil(suspend ? 'suspend sign-in' : 'restore sign-in', at);
    if (fired === 'interrupted') return closeInterrupted(kit, 'sign-in unchanged');
  }
  kit.cancellable = false;
  await kit.setStatus('running', []);
  const person = await record.getPersonSnapshot(employeeId);
  if (suspend && (person.locked || person.state === 'deactivated')) {
    await record.recordAudit({
      employeeId, ...ref('refused'), type: 'lifecycle.refused', outcome: 'refused', actor,
      details: { reason: 'the person has left (deactivated): nothing to suspend' },
    });
    return kit.close('rejected', 'refused: the person has left');
  }
  if (!suspend && person.locked && !event.override) {
    await record.recordAudit({
      employeeId, ...ref('refused'), type: 'lifecycle.reactivate_refused', outcome: 'refused', actor,
      details: { reason: 'the identity is locked (deactivated); an admin override is required' },
    });
    return kit.close('rejected', 'refused: identity locked');
  }
  if (!suspend && person.locked) {
    await record.recordAudit({
      employeeId, ...ref('reactivate.override'), type: 'lifecycle.reactivate_override', outcome: 'succeeded', actor,
      details: { reason: event.reason ?? null },
    });
  }
  try {
    for (const a of person.accounts.filter((x) => x.status !== 'deleted')) {
      await kit.step(suspend ? 'block sign-in' : 'restore sign-in', a.system, () =>
        connector.setSignIn({ employeeId, system: a.system, enabled: !suspend, actor, override: !suspend && person.locked, ...ref(`sign-in:${a.system}`) }),
      );
      if (suspend) {
        await kit.step('revoke sessions', a.system, () => connector.revokeSessions({ employeeId, system: a.system, actor, ...ref(`sessions:${a.system}`) }));
      }
    }
  } catch {
    return kit.close('failed', 'a target system refused the change: see the failed step');
  }
  await record.setPersonState({ employeeId, state: suspend ? 'suspended' : 'active', locked: suspend ? undefined : false, actor, ...ref('state') });
  return kit.close('completed', suspend ? 'suspended' : 'active');
}

export async function suspendWorkflow(input: CaseInput): Promise<CaseView> {
  return signInCase(input, true);
}

export async function reactivateWorkflow(input: CaseInput): Promise<CaseView> {
  return signInCase(input, false);
}
