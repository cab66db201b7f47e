// Starting a case from the API (admin access requests, bulk items): the same path as an HR event, through
// the person workflow (signal-with-start), then the case on the record so lists show it at once.
import type { Person } from '../../db';
import type { CaseType, EmployeeAttributes } from '../../domain/lifecycle';
import { caseWorkflowId } from '../../domain/ids';
import { sendPersonEvent } from '../../orchestration/person-cases';
import type { PersonEvent } from '../../workflows/definitions';
import type { ApiDeps } from '../deps';

export function attributesOf(p: Person): EmployeeAttributes {
  return {
    employeeId: p.employeeId, givenName: p.givenName, familyName: p.familyName, personalEmail: p.personalEmail ?? undefined,
    department: p.department, location: p.location, jobTitle: p.jobTitle, managerId: p.managerId ?? undefined,
    employmentType: p.employmentType,
  };
}

export interface StartCaseInput extends Omit<PersonEvent, 'caseId' | 'type'> {
  type: CaseType;
}

export async function startCase(deps: ApiDeps, input: StartCaseInput): Promise<{ caseId: string; workflowId: string }> {
  const employeeId = input.employee.employeeId;
  const caseId = caseWorkflowId(employeeId, input.eventId);
  const event: PersonEvent = { ...input, caseId };
  await sendPersonEvent({ client: deps.temporal, taskQueue: deps.taskQueue, companyTimeZone: deps.companyTimeZone }, event);
  await deps.store.recordCase({
    caseId, workflowId: caseId, employeeId, type: input.type, status: 'scheduled', eventId: input.eventId,
    requestedBy: input.requestedBy, effectiveAt: input.effectiveAt ?? null,
  });
  deps.metrics?.casesStarted.inc({ type: input.type });
  return { caseId, workflowId: caseId };
}
