// The one place that hands a request for a person to that person's workflow (signal-with-start),
// used by the API and by bulk runs. Starting twice is harmless: the person workflow drops a seen event id.
import type { Client } from '@temporalio/client';
import { personWorkflowId } from '../domain/ids';
import { personEventSignal, searchAttributes, type PersonEvent } from '../workflows/definitions';
import type { personWorkflow } from '../workflows/person';

export interface PersonCaseTarget {
  client: Client;
  taskQueue: string;
  companyTimeZone: string;
}

export async function sendPersonEvent(t: PersonCaseTarget, event: PersonEvent): Promise<{ workflowId: string }> {
  const employeeId = event.employee.employeeId;
  const workflowId = personWorkflowId(employeeId);
  await t.client.workflow.signalWithStart<typeof personWorkflow, [PersonEvent]>('personWorkflow', {
    workflowId,
    taskQueue: t.taskQueue,
    args: [{ employeeId, queue: [], tails: [], seenEventIds: [], companyTimeZone: t.companyTimeZone }],
    signal: personEventSignal,
    signalArgs: [event],
    typedSearchAttributes: [{ key: searchAttributes.employeeId, value: employeeId }, { key: searchAttributes.caseType, value: 'person' }],
    staticSummary: `Person ${employeeId}: orders this person's JML cases`,
  });
  return { workflowId };
}
