// How a case ends when someone stops it, and how a decision is put on the record.
import type { CaseView } from './definitions';
import type { CaseKit } from './case-kit';
import { record } from './activity-options';

/** Closes a case that was cancelled, withdrawn or superseded, saying what was (not) done. */
export async function closeInterrupted(kit: CaseKit, whatHappened: string): Promise<CaseView> {
  const i = kit.interruption;
  const employeeId = kit.view.employeeId;
  const caseId = kit.view.caseId;
  if (!i) return kit.close('cancelled', whatHappened);
  if (i.kind === 'superseded') {
    await record.recordAudit({
      employeeId, caseId, step: 'superseded', type: 'case.superseded', outcome: 'cancelled', actor: 'gatehouse',
      details: { byCaseId: i.byCaseId, note: whatHappened },
    });
    return kit.close('superseded', 'superseded');
  }
  await record.recordAudit({
    employeeId, caseId, step: i.kind, type: `case.${i.kind}`, outcome: 'cancelled', actor: i.by,
    details: { reason: i.reason ?? null, note: whatHappened },
  });
  return kit.close('cancelled', i.kind === 'withdrawn' ? 'withdrawn' : 'cancelled');
}

export async function recordDecision(kit: CaseKit, approved: boolean): Promise<void> {
  const d = kit.decisionBy;
  await record.recordAudit({
    employeeId: kit.view.employeeId, caseId: kit.view.caseId, step: 'decision',
    type: approved ? 'approval.granted' : 'approval.rejected', outcome: approved ? 'succeeded' : 'refused',
    actor: d?.by, approver: d?.by, details: { comment: d?.comment ?? null },
  });
}
