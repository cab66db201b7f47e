// Joiner: approval where policy asks, provision before first access (start minus lead time),
// `pending` → `active` on the start date; withdrawn before the start → everything provisioned is removed.
import { patched } from '@temporalio/workflow';
import type { CaseInput, CaseView } from './definitions';
import { type CaseKit, runCase } from './case-kit';
import { record, connector } from './activity-options';
import { birthrightFor, entitlementsApprovalReason, joinerApprovalReason, minusDuration, startOfLocalDay } from './policy-rules';
import { closeInterrupted, recordDecision } from './case-endings';

export async function joinerWorkflow(input: CaseInput): Promise<CaseView> {
  return runCase(input, 'joiner', (kit) => joinerCase(kit, input));
}

async function joinerCase(kit: CaseKit, input: CaseInput): Promise<CaseView> {
  const { event, companyTimeZone: tz } = input;
  const emp = event.employee;
  const ref = (step: string) => ({ caseId: event.caseId, step });
  const actor = event.requestedBy;

  const startAt = event.immediate
    ? kit.now
    : (event.effectiveAt ?? startOfLocalDay(event.effectiveDate as string, tz));
  kit.view.effectiveAt = startAt;

  // A deactivated (locked) identity is rehired only with an explicit admin override, which is audited.
  const existing = await record.getPersonSnapshot(emp.employeeId);
  if (existing.locked && !event.override) {
    await record.recordAudit({
      employeeId: emp.employeeId, ...ref('rehire.refused'), type: 'lifecycle.rehire_refused', outcome: 'refused', actor,
      details: { reason: 'the identity is locked (deactivated); an admin override is required' },
    });
    return kit.close('rejected', 'refused: identity locked');
  }
  if (!existing.locked && existing.state && ['pending', 'active', 'notice', 'suspended'].includes(existing.state)) {
    await record.recordAudit({
      employeeId: emp.employeeId, ...ref('joiner.refused'), type: 'lifecycle.refused', outcome: 'refused', actor,
      details: { reason: `the person is already ${existing.state}: send a mover to change their attributes` },
    });
    return kit.close('rejected', `refused: already ${existing.state}`);
  }
  const rehire = existing.locked;
  await record.recordPerson({ employee: emp, state: 'pending', startDate: startAt.slice(0, 10), override: rehire, ...ref('person.recorded') });
  if (rehire) {
    await record.recordAudit({
      employeeId: emp.employeeId, ...ref('rehire.override'), type: 'lifecycle.rehire_override', outcome: 'succeeded',
      actor, details: { reason: event.reason ?? null },
    });
  }
  await kit.persist();

  const policy = await record.loadPolicy();
  const grants = birthrightFor(policy.document, emp);
  const approvalReason = joinerApprovalReason(policy.document, emp) ??
    entitlementsApprovalReason(policy.document, grants.map((g) => g.entitlementId));
  if (approvalReason) {
    const approved = await kit.awaitApproval(approvalReason);
    if (approved === 'interrupted') return calledOff(kit, event.requestedBy, () => closeInterrupted(kit, 'nothing was provisioned'));
    await recordDecision(kit, approved);
    if (!approved) return calledOff(kit, kit.decisionBy?.by ?? actor, () => kit.close('rejected', 'rejected'));
  }

  const lead = policy.document.durations.joinerLeadTime;
  const provisionAt = await kit.waitUntil('provision accounts and access', minusDuration(startAt, lead), (at) => minusDuration(at, lead));
  if (provisionAt === 'interrupted') return calledOff(kit, actor, () => closeInterrupted(kit, 'nothing was provisioned'));

  await kit.setStatus('running', []);
  const systems = await record.listSystems();
  try {
    for (const system of systems) {
      await kit.step('create account', system, () =>
        connector.provisionAccount({ employee: emp, system, startDate: kit.view.effectiveAt?.slice(0, 10), actor, override: rehire, ...ref(`account:${system}`) }),
      );
      // A rehire finds the account the leaver disabled: sign-in is restored with it.
      if (existing.accounts.some((a) => a.system === system && a.status === 'disabled')) {
        await kit.step('restore sign-in', system, () => connector.setSignIn({ employeeId: emp.employeeId, system, enabled: true, actor, override: rehire, ...ref(`sign-in:${system}`) }));
      }
    }
    for (const g of grants) {
      await kit.step(`grant ${g.entitlementId}`, g.system, () =>
        connector.grantEntitlement({
          employeeId: emp.employeeId, entitlementId: g.entitlementId, source: 'birthright', actor,
          approver: kit.approver, policyId: g.ruleIds.join(','), override: rehire, ...ref(`grant:${g.entitlementId}`),
        }),
      );
    }
  } catch {
    await kit.persist();
    return kit.close('failed', 'provisioning failed: see the failed step');
  }
  await kit.persist();

  const activatedAt = await kit.waitUntil('activate', kit.view.effectiveAt ?? startAt);
  if (activatedAt === 'interrupted') {
    kit.cancellable = false;
    await kit.setStatus('running', []);
    for (const g of grants) {
      await kit.step(`revoke ${g.entitlementId}`, g.system, () =>
        connector.revokeEntitlement({ employeeId: emp.employeeId, entitlementId: g.entitlementId, actor, reason: 'joiner withdrawn', source: 'birthright', ...ref(`withdraw-revoke:${g.entitlementId}`) }),
      );
    }
    for (const system of systems) {
      await kit.step('delete account', system, () => connector.deleteAccount({ employeeId: emp.employeeId, system, actor, ...ref(`withdraw-delete:${system}`) }));
    }
    await record.setPersonState({ employeeId: emp.employeeId, state: 'deactivated', actor, ...ref('state:withdrawn') });
    return closeInterrupted(kit, 'everything provisioned was removed');
  }

  kit.cancellable = false;
  await record.setPersonState({ employeeId: emp.employeeId, state: 'active', ...(rehire ? { locked: false } : {}), actor, approver: kit.approver, ...ref('state:active') });
  return kit.close('completed', 'active');
}

/**
 * A hire called off before anything was provisioned (withdrawn, cancelled, rejected) leaves no `pending` person
 * behind: one would take movers and grants that can never land. The record says the hire did not happen
 * (deactivated, as a withdrawal after provisioning does); a superseding leaver closes the person itself.
 */
async function calledOff(kit: CaseKit, actor: string, close: () => Promise<CaseView>): Promise<CaseView> {
  if (kit.interruption?.kind !== 'superseded' && patched('joiner-called-off-deactivates')) {
    const employeeId = kit.view.employeeId;
    await record.setPersonState({ employeeId, state: 'deactivated', fromStates: ['pending'], actor, caseId: kit.view.caseId, step: 'state:called-off' });
  }
  return close();
}
