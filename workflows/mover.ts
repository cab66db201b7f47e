// Mover: recompute birthright from the new attributes, re-check SoD, approval where needed; additions at once,
// birthright that no longer matches is `pending_removal` for the grace period, then removed; a reversal in the
// grace period (the next mover) cancels the pending removal. Manual and requested entitlements are untouched.
import type { CaseInput, CaseView } from './definitions';
import { type CaseKit, runCase } from './case-kit';
import { auditableAttributes } from '../domain/audit-attributes';
import { connector, record } from './activity-options';
import { entitlementsApprovalReason, moverChanges, moverApprovalReason, plusDuration, sodCheck } from './policy-rules';
import { closeInterrupted, recordDecision } from './case-endings';
import { removeDue, type PendingRemoval } from './removals';

export async function moverWorkflow(input: CaseInput): Promise<CaseView> {
  return runCase(input, 'mover', (kit) => moverCase(kit, input));
}

async function moverCase(kit: CaseKit, input: CaseInput): Promise<CaseView> {
  const { event } = input;
  const emp = event.employee;
  const actor = event.requestedBy;
  const ref = (step: string) => ({ caseId: event.caseId, step });
  await kit.persist();

  const policy = await record.loadPolicy();
  const before = await record.getPersonSnapshot(emp.employeeId);
  if (before.locked || before.state === 'deactivated') {
    await record.recordAudit({
      employeeId: emp.employeeId, ...ref('lifecycle.refused'), type: 'lifecycle.refused', outcome: 'refused', actor,
      details: { reason: 'the person has left (deactivated): a move needs a rehire (a joiner with the admin override)' },
    });
    return kit.close('rejected', 'refused: the person has left');
  }
  const changes = moverChanges(policy.document, emp, before.entitlements);

  const sod = sodCheck(policy.document, before.entitlements.map((e) => e.entitlementId), changes.add.map((a) => a.entitlementId));
  if (sod.block) {
    await record.recordAudit({
      employeeId: emp.employeeId, ...ref('sod.refused'), type: 'mover.refused', outcome: 'refused', actor,
      policyId: sod.block.ruleId, policyVersion: policy.version, before: auditableAttributes(before.profile), after: auditableAttributes(emp),
      entitlements: sod.block.entitlements.map((id) => ({ id })), details: { reason: sod.block.reason },
    });
    kit.view.outcome = sod.block.reason;
    return kit.close('rejected', `refused: ${sod.block.reason}`);
  }
  const approvalReason = sod.approve?.reason ?? moverApprovalReason(policy.document, emp) ??
    entitlementsApprovalReason(policy.document, changes.add.map((a) => a.entitlementId));
  if (approvalReason) {
    const approved = await kit.awaitApproval(approvalReason);
    if (approved === 'interrupted') return closeInterrupted(kit, 'no change was made');
    await recordDecision(kit, approved);
    if (!approved) return kit.close('rejected', 'rejected');
  }

  kit.cancellable = false;
  await kit.setStatus('running', []);
  await record.recordPerson({ employee: emp, ...ref('person.updated') });
  await record.recordAudit({
    employeeId: emp.employeeId, ...ref('mover.attributes'), type: 'mover.attributes_changed', outcome: 'succeeded', actor,
    approver: kit.approver, policyVersion: policy.version, before: auditableAttributes(before.profile), after: auditableAttributes(emp),
    entitlements: [
      ...changes.add.map((a) => ({ id: a.entitlementId, change: 'add' })),
      ...changes.scheduleRemoval.map((r) => ({ id: r.entitlementId, change: 'schedule_removal' })),
      ...changes.cancelRemoval.map((id) => ({ id, change: 'cancel_removal' })),
    ],
  });
  try {
    for (const a of before.accounts.filter((x) => x.status === 'active')) {
      await kit.step('update profile', a.system, () => connector.updateAccountProfile({ employee: emp, system: a.system, actor, ...ref(`profile:${a.system}`) }));
    }
    for (const g of changes.add) {
      await kit.step(`grant ${g.entitlementId}`, g.system, () =>
        connector.grantEntitlement({
          employeeId: emp.employeeId, entitlementId: g.entitlementId, source: 'birthright', actor,
          approver: kit.approver, policyId: g.ruleIds.join(','), ...ref(`grant:${g.entitlementId}`),
        }),
      );
    }
  } catch {
    await kit.release();
    return kit.close('failed', 'a change was refused by a target system: see the failed step');
  }
  if (changes.cancelRemoval.length > 0) {
    await record.cancelRemovals({ employeeId: emp.employeeId, entitlementIds: changes.cancelRemoval, actor, source: 'birthright', ...ref('cancel-removals') });
  }
  const removeAt = plusDuration(kit.now, policy.document.durations.moverGrace);
  const newlyPending = changes.scheduleRemoval.map((r) => r.entitlementId);
  if (newlyPending.length > 0) {
    await record.scheduleRemovals({ employeeId: emp.employeeId, entitlementIds: newlyPending, removeAt, actor, source: 'birthright', ...ref('schedule-removals') });
  }
  const pending: PendingRemoval[] = [
    ...changes.scheduleRemoval.map((r) => ({ entitlementId: r.entitlementId, system: r.system, removeAt })),
    ...changes.inheritedPending,
  ];
  await kit.release();
  return removeDue(kit, pending, actor, 'mover grace period ended', 'birthright');
}
