// Admin actions on a case (approve, reject, cancel, reschedule), used by the API and the tests. A running case
// takes them as workflow updates; a case the person workflow still holds (a leaver in notice, a case queued
// behind another) takes cancel and reschedule through the person workflow. The answer is the case's new state.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { personWorkflowId } from '../domain/ids';
import {
  approveUpdate,
  cancelPersonCaseUpdate,
  cancelUpdate,
  rejectUpdate,
  reschedulePersonCaseUpdate,
  rescheduleUpdate,
  type CaseView,
} from '../workflows/definitions';

export type CaseAction = 'approve' | 'reject' | 'cancel' | 'reschedule';
export type CaseActionArg = { by: string; comment?: string; reason?: string; effectiveAt?: string };

/** Why an action was refused: `conflict` (not now, or no longer), `forbidden` (four eyes), `bad_request`. */
export class CaseActionRefused extends Error {
  constructor(readonly kind: 'conflict' | 'forbidden' | 'bad_request', message: string) {
    super(message);
    this.name = 'CaseActionRefused';
  }
}

const CLOSED = new Set(['completed', 'cancelled', 'rejected', 'superseded', 'failed']);

export interface CaseRef {
  caseId: string;
  workflowId: string;
  employeeId: string;
  status: string;
}

/** `updateId` makes a repeated action one effect (Temporal dedupes updates on it). */
export async function runCaseAction(client: Client, ref: CaseRef, action: CaseAction, arg: CaseActionArg, updateId: string): Promise<CaseView> {
  try {
    return await onCase(client, ref.workflowId, action, arg, updateId);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw refusal(err, ref.status);
  }
  if (CLOSED.has(ref.status)) throw new CaseActionRefused('conflict', `the case can no longer take this action (${ref.status})`);
  if (action === 'approve' || action === 'reject') {
    throw new CaseActionRefused('conflict', "the case has not started yet: it is queued behind this person's open case and has no pending approval");
  }
  // Not a workflow of its own (yet): the person workflow holds it.
  try {
    const person = client.workflow.getHandle(personWorkflowId(ref.employeeId));
    if (action === 'cancel') {
      return await person.executeUpdate(cancelPersonCaseUpdate, { args: [{ caseId: ref.caseId, by: arg.by, reason: arg.reason }], updateId });
    }
    return await person.executeUpdate(reschedulePersonCaseUpdate, {
      args: [{ caseId: ref.caseId, by: arg.by, effectiveAt: arg.effectiveAt as string }],
      updateId,
    });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new CaseActionRefused('conflict', `the case can no longer take this action (${ref.status})`);
    throw refusal(err, ref.status);
  }
}

async function onCase(client: Client, workflowId: string, action: CaseAction, arg: CaseActionArg, updateId: string): Promise<CaseView> {
  const h = client.workflow.getHandle(workflowId);
  switch (action) {
    case 'approve':
      return h.executeUpdate(approveUpdate, { args: [{ by: arg.by, comment: arg.comment }], updateId });
    case 'reject':
      return h.executeUpdate(rejectUpdate, { args: [{ by: arg.by, comment: arg.comment }], updateId });
    case 'cancel':
      return h.executeUpdate(cancelUpdate, { args: [{ by: arg.by, reason: arg.reason }], updateId });
    case 'reschedule':
      return h.executeUpdate(rescheduleUpdate, { args: [{ by: arg.by, effectiveAt: arg.effectiveAt as string }], updateId });
  }
}

function refusal(err: unknown, status: string): unknown {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause as { type?: string; message?: string } | undefined;
    const message = cause?.message ?? err.message;
    if (cause?.type === 'ApproverConflict') return new CaseActionRefused('forbidden', message);
    if (cause?.type === 'BadRequest') return new CaseActionRefused('bad_request', message);
    return new CaseActionRefused('conflict', message);
  }
  if ((err as Error)?.message?.includes('already completed')) return new CaseActionRefused('conflict', `the case can no longer take this action (${status})`);
  return err;
}
