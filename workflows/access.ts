// Access by hand: an admin grants an entitlement with a reason (source `manual`), through SoD and approval
// rules; with an expiry it is temporary and removed when it expires. Or revokes a hand-granted one.
import { patched } from '@temporalio/workflow';
import type { EntitlementSource } from '../domain/lifecycle';
import type { CaseInput, CaseView } from './definitions';
import { type CaseKit, runCase } from './case-kit';
import { connector, record } from './activity-options';
import { entitlementApprovalReason, sodCheck } from './policy-rules';
import { closeInterrupted, recordDecision } from './case-endings';
import { removeDue } from './removals';

export async function accessWorkflow(input: CaseInput): Promise<CaseView> {
  return runCase(input, 'access', (kit) => accessCase(kit, input));
}

async function accessCase(kit: CaseKit, input: CaseInput): Promise<CaseView> {
  const { event } = input;
  const access = event.access;
  const employeeId = event.employee.employeeId;
  const actor = event.requestedBy;
  const ref = (step: string) => ({ caseId: event.caseId, step });
  await kit.persist();
  if (!access) return kit.close('failed', 'no access request in the event');

  const policy = await record.loadPolicy();
  const def = policy.document.entitlements.find((e) => e.id === access.entitlementId);
  if (!def) return kit.close('rejected', `refused: unknown entitlement ${access.entitlementId}`);

  if (access.action === 'revoke') {
    // Only what was granted by hand (or on request) is revoked by hand; birthright follows the policy.
    const rows = (await record.getPersonSnapshot(employeeId)).entitlements.filter((e) => e.entitlementId === def.id);
    const byHand = rows.find((e) => e.source !== 'birthright');
    if (!byHand) {
      const reason = rows.length ? `${def.id} is birthright: it follows the policy and the person's attributes` : `${def.id} is not held`;
      await record.recordAudit({
        employeeId, ...ref('revoke.refused'), type: 'access.refused', outcome: 'refused', actor, entitlements: [{ id: def.id }], details: { reason },
      });
      return kit.close('rejected', `refused: ${reason}`);
    }
    kit.cancellable = false;
    await kit.setStatus('running', []);
    try {
      await kit.step(`revoke ${def.id}`, def.system, () =>
        connector.revokeEntitlement({ employeeId, entitlementId: def.id, actor, reason: event.reason, source: byHand.source as EntitlementSource, ...ref(`revoke:${def.id}`) }),
      );
    } catch {
      return kit.close('failed', 'the target system refused the change');
    }
    return kit.close('completed', 'revoked');
  }

  const person = await record.getPersonSnapshot(employeeId);
  // Accepted while the person was still there, run after they left (or their hire was called off): refused.
  if ((person.locked || person.state === 'deactivated') && patched('access-refuses-people-who-left')) {
    await record.recordAudit({
      employeeId, ...ref('grant.refused'), type: 'access.refused', outcome: 'refused', actor, entitlements: [{ id: def.id }],
      details: { reason: 'the person has left (deactivated): nothing is granted' },
    });
    return kit.close('rejected', 'refused: the person has left');
  }
  const held = person.entitlements.map((e) => e.entitlementId);
  const sod = sodCheck(policy.document, held, [def.id]);
  if (sod.block) {
    await record.recordAudit({
      employeeId, ...ref('sod.refused'), type: 'access.refused', outcome: 'refused', actor, policyId: sod.block.ruleId,
      policyVersion: policy.version, entitlements: sod.block.entitlements.map((id) => ({ id })), details: { reason: sod.block.reason },
    });
    return kit.close('rejected', `refused: ${sod.block.reason}`);
  }
  const approvalReason = sod.approve?.reason ?? entitlementApprovalReason(policy.document, def.id);
  if (approvalReason) {
    const approved = await kit.awaitApproval(approvalReason);
    if (approved === 'interrupted') return closeInterrupted(kit, 'nothing was granted');
    await recordDecision(kit, approved);
    if (!approved) return kit.close('rejected', 'rejected');
  }
  kit.cancellable = false;
  await kit.setStatus('running', []);
  try {
    await kit.step(`grant ${def.id}`, def.system, () =>
      connector.grantEntitlement({
        employeeId, entitlementId: def.id, source: 'manual', actor, approver: kit.approver, reason: event.reason,
        expiresAt: access.expiresAt, ...ref(`grant:${def.id}`),
      }),
    );
  } catch {
    await kit.release();
    return kit.close('failed', 'the target system refused the grant');
  }
  await kit.release();
  if (!access.expiresAt) return kit.close('completed', 'granted');
  return removeDue(kit, [{ entitlementId: def.id, system: def.system, removeAt: new Date(access.expiresAt).toISOString() }], actor, 'temporary access expired', 'manual');
}
