// The one place that hands a request for a person to that person's workflow (signal-with-start),
// used by the API and by bulk runs. Starting twice is harmless: the person workflow drops a seen event id.
// A person whose workflow is still the first version (personWorkflow) is signalled as it is; it moves itself
// to the current version when it is next idle.
import type { Client } from '@temporalio/client';
import { personWorkflowId } from '../domain/ids';
import { personEventSignal, searchAttributes, type PersonEvent } from '../workflows/definitions';
import type { personWorkflowV2 } from '../workflows/person';

export interface PersonCaseTarget {
  client: Client;
  taskQueue: string;
  companyTimeZone: string;
}

export async function sendPersonEvent(t: PersonCaseTarget, event: PersonEvent): Promise<{ workflowId: string }> {
  const employeeId = event.employee.employeeId;
  const workflowId = personWorkflowId(employeeId);
  await t.client.workflow.signalWithStart<typeof personWorkflowV2, [PersonEvent]>('personWorkflowV2', {
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
