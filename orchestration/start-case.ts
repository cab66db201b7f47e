// Starting a case outside an HR webhook (admin access requests, bulk items): the same path as an HR event,
// through the person workflow (signal-with-start), then the case on the record so lists show it at once.
import type { Person, RecordStore } from '../db';
import { caseWorkflowId } from '../domain/ids';
import type { CaseType, EmployeeAttributes } from '../domain/lifecycle';
import type { PersonEvent } from '../workflows/definitions';
import { sendPersonEvent, type PersonCaseTarget } from './person-cases';

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

export async function startCase(target: PersonCaseTarget, store: RecordStore, input: StartCaseInput): Promise<{ caseId: string; workflowId: string }> {
  const employeeId = input.employee.employeeId;
  const caseId = caseWorkflowId(employeeId, input.eventId);
  await sendPersonEvent(target, { ...input, caseId });
  await store.recordCase({
    caseId, workflowId: caseId, employeeId, type: input.type, status: 'scheduled', eventId: input.eventId,
    requestedBy: input.requestedBy, effectiveAt: input.effectiveAt ?? null,
  });
  return { caseId, workflowId: caseId };
}
