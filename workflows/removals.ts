// The tail of a case that holds scheduled removals (a mover's grace period, temporary access):
// waits for each removal time, removes, and revokes sessions where access shrank.
import type { EntitlementSource } from '../domain/lifecycle';
import type { CaseView } from './definitions';
import type { CaseKit } from './case-kit';
import { connector, record } from './activity-options';
import { closeInterrupted } from './case-endings';

export interface PendingRemoval {
  entitlementId: string;
  system: string;
  removeAt: string;
}

/** `source` is whose assignments these are: a mover removes its birthright ones, temporary access its manual one. */
export async function removeDue(kit: CaseKit, pending: PendingRemoval[], actor: string, why: string, source: EntitlementSource): Promise<CaseView> {
  const employeeId = kit.view.employeeId;
  const caseId = kit.view.caseId;
  let remaining = [...pending];
  kit.cancellable = true;
  while (remaining.length > 0) {
    const next = remaining.map((p) => p.removeAt).sort()[0] as string;
    const due = remaining.filter((p) => p.removeAt === next);
    const firedAt = await kit.waitUntil(`remove ${due.map((d) => d.entitlementId).join(', ')}`, next);
    if (firedAt === 'interrupted') {
      // Cancelled or withdrawn: the removals will not happen, so the record must not keep them pending.
      // Superseded: the superseding case carries them out.
      const i = kit.interruption;
      if (i && i.kind !== 'superseded') {
        await record.cancelRemovals({ employeeId, entitlementIds: remaining.map((r) => r.entitlementId), actor: i.by, source, caseId, step: 'cancel-remaining-removals' });
      }
      return closeInterrupted(kit, i?.kind === 'superseded' ? 'pending removals handed to the superseding case' : 'pending removals cancelled, access kept');
    }
    if (firedAt !== next) {
      // Rescheduled by an admin: everything still pending moves to the new time.
      remaining = remaining.map((r) => ({ ...r, removeAt: firedAt }));
    }
    const now = remaining.filter((r) => r.removeAt <= firedAt);
    await kit.setStatus('running', []);
    const systems = new Set<string>();
    for (const r of now) {
      await kit.step(`remove ${r.entitlementId}`, r.system, () =>
        connector.revokeEntitlement({ employeeId, entitlementId: r.entitlementId, actor, reason: why, source, caseId, step: `remove:${r.entitlementId}` }),
      );
      systems.add(r.system);
    }
    for (const system of systems) {
      await kit.step('revoke sessions (access reduced)', system, () => connector.revokeSessions({ employeeId, system, actor, caseId, step: `sessions:${system}:${firedAt}` }));
    }
    remaining = remaining.filter((r) => r.removeAt > firedAt);
  }
  kit.cancellable = false;
  return kit.close('completed', 'completed');
}
