// Admin actions on a case (approve, reject, cancel, reschedule), used by the API and the tests. A running case
// takes them as workflow updates; a case the person workflow still holds (a leaver in notice, a case queued
// behind another) takes cancel and reschedule through the person workflow. The answer is the case's new state.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateStage, type Client } from '@temporalio/client';
import { personWorkflowId } from '../domain/ids';
import {
  approveUpdate,
  cancelPersonCaseUpdate,
  cancelUpdate,
  caseStateQuery,
  rejectUpdate,
  reschedulePersonCaseUpdate,
  rescheduleUpdate,
  type CaseView,
} from '../workflows/definitions';

export type CaseAction = 'approve' | 'reject' | 'cancel' | 'reschedule';
export type CaseActionArg = { by: string; byEmployeeId?: string; comment?: string; reason?: string; effectiveAt?: string };

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

/**
 * How long a cancel waits for the case to close before answering. A case that was cancelled after it provisioned
 * undoes that work first, and against a throttled or failing system that takes as long as the system does: the
 * caller gets the accepted cancellation (`stopping`) rather than a request that hangs.
 */
export const CANCEL_ANSWER_WITHIN_MS = 5_000;

/** The case's state after the action; `stopping` when a cancel was accepted and the case is still undoing its work. */
export type CaseActionResult = CaseView & { stopping?: true };

/** `updateId` makes a repeated action one effect (Temporal dedupes updates on it). */
export async function runCaseAction(client: Client, ref: CaseRef, action: CaseAction, arg: CaseActionArg, updateId: string): Promise<CaseActionResult> {
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

async function onCase(client: Client, workflowId: string, action: CaseAction, arg: CaseActionArg, updateId: string): Promise<CaseActionResult> {
  const h = client.workflow.getHandle(workflowId);
  switch (action) {
    case 'approve':
      return h.executeUpdate(approveUpdate, { args: [{ by: arg.by, byEmployeeId: arg.byEmployeeId, comment: arg.comment }], updateId });
    case 'reject':
      return h.executeUpdate(rejectUpdate, { args: [{ by: arg.by, byEmployeeId: arg.byEmployeeId, comment: arg.comment }], updateId });
    case 'cancel': {
      const update = await h.startUpdate(cancelUpdate, { args: [{ by: arg.by, reason: arg.reason }], updateId, waitForStage: WorkflowUpdateStage.ACCEPTED });
      const closed = update.result();
      closed.catch(() => undefined); // answered below, or not waited for
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CANCEL_ANSWER_WITHIN_MS)));
      const first = await Promise.race([closed, late]).finally(() => clearTimeout(timer));
      if (first !== 'late') return first;
      return { ...(await h.query(caseStateQuery)), stopping: true };
    }
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
