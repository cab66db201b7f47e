// One person's part of a bulk operation: refused when the person cannot take it, else a case started through
// the person workflow with the event id `bulk-<id>-<employeeId>` (so a retry is the same event and starts
// nothing twice), put on the HR event ledger (so HR can cancel one person's part), and the item marked.
import { createHash } from 'node:crypto';
import type { RecordStore } from '../db';
import { caseWorkflowId } from '../domain/ids';
import type { PersonCaseTarget } from './person-cases';
import { attributesOf, startCase } from './start-case';

export interface BulkRequest {
  operation: 'leaver' | 'suspend' | 'reactivate';
  employeeIds: string[];
  reason: string;
  effectiveDate?: string;
  immediate?: boolean;
}

/** Why a person cannot take this operation, or null. */
export function bulkRefusal(op: BulkRequest['operation'], p: { state: string; locked: boolean } | null): string | null {
  if (!p) return 'unknown employee';
  if (['archived', 'erased'].includes(p.state)) return `employee is ${p.state}`;
  if (op === 'leaver' && p.state === 'deactivated') return 'employee has already left';
  if (op === 'suspend' && p.state !== 'active' && p.state !== 'notice') return `cannot suspend an employee who is ${p.state}`;
  if (op === 'reactivate' && p.locked) return 'a locked (deactivated) identity needs an HR reactivate event with an admin override';
  return null;
}

export async function startBulkItem(
  target: PersonCaseTarget,
  store: RecordStore,
  item: { bulkId: string; request: BulkRequest; requestedBy: string; employeeId: string },
): Promise<'started' | 'skipped'> {
  const { bulkId, request, requestedBy, employeeId } = item;
  const eventId = `bulk-${bulkId}-${employeeId}`;
  const caseId = caseWorkflowId(employeeId, eventId);
  const person = await store.getPerson(employeeId);
  const why = bulkRefusal(request.operation, person);
  if (why || !person) {
    await store.updateBulkItem({ bulkId, employeeId, status: 'skipped', error: why ?? 'unknown employee' });
    return 'skipped';
  }
  await startCase(target, store, {
    eventId, type: request.operation, employee: attributesOf(person), effectiveDate: request.effectiveDate,
    immediate: request.immediate, reason: request.reason, requestedBy,
  });
  const bodySha256 = createHash('sha256').update(JSON.stringify({ bulkId, employeeId, operation: request.operation })).digest('hex');
  await store.recordHrEvent({ eventId, bodySha256, employeeId, type: request.operation, caseId, workflowId: caseId });
  await store.updateBulkItem({ bulkId, employeeId, status: 'started', caseId });
  return 'started';
}
