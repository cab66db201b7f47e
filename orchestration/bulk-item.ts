// One person's part of a bulk operation: refused when the person cannot take it, else a case started through
// the person workflow with the event id `bulk-<id>-<employeeId>` (so a retry is the same event and starts
// nothing twice), put on the HR event ledger (so HR can cancel one person's part), and the item marked.
import { createHash } from 'node:crypto';
import type { RecordStore } from '../db';
import { caseWorkflowId } from '../domain/ids';
import { lifecycleRefusal, type LifecyclePerson } from '../domain/lifecycle-rules';
import { lifecyclePerson } from './lifecycle-person';
import type { PersonCaseTarget } from './person-cases';
import { attributesOf, startCase } from './start-case';

export interface BulkRequest {
  operation: 'leaver' | 'suspend' | 'reactivate';
  employeeIds: string[];
  reason: string;
  effectiveDate?: string;
  immediate?: boolean;
}

/** Why a person cannot take this operation, or null: the HR event rules, with no rehire override in bulk. */
export function bulkRefusal(op: BulkRequest['operation'], employeeId: string, p: LifecyclePerson | null): string | null {
  if (!p) return 'unknown employee';
  return lifecycleRefusal(op, employeeId, p)?.detail ?? null;
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
  // A retry of this item after its case started must not be refused for the state that case brings about.
  const retried = (await store.getCase(caseId)) !== null;
  const why = retried ? null : bulkRefusal(request.operation, employeeId, await lifecyclePerson(store, employeeId));
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
