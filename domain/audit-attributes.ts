// What of a person goes into the append-only audit trail: the attributes policies decide on, never names
// or contact details, so erasing a person's data later leaves a pseudonymous trail (PRODUCT.md §2).
import type { EmployeeAttributes } from './lifecycle';

export interface AuditableAttributes {
  employeeId: string;
  department: string;
  location: string;
  jobTitle: string;
  employmentType: EmployeeAttributes['employmentType'];
  managerId?: string;
}

export function auditableAttributes(e: EmployeeAttributes): AuditableAttributes;
export function auditableAttributes(e: EmployeeAttributes | null | undefined): AuditableAttributes | null;
export function auditableAttributes(e: EmployeeAttributes | null | undefined): AuditableAttributes | null {
  if (!e) return null;
  return {
    employeeId: e.employeeId, department: e.department, location: e.location, jobTitle: e.jobTitle,
    employmentType: e.employmentType, ...(e.managerId ? { managerId: e.managerId } : {}),
  };
}

/** An account in the trail: the system and its id there, never the login (a UPN or an address names the person). */
export function auditableAccount(a: { system: string; externalId: string; status?: string }): { system: string; externalId: string; status?: string } {
  return { system: a.system, externalId: a.externalId, ...(a.status ? { status: a.status } : {}) };
}

/** An asset in the trail: its id, kind and status, never its name or serial number (both can identify the person). */
export function auditableAsset(a: { id: string; kind: string; status: string }): { id: string; kind: string; status: string } {
  return { id: a.id, kind: a.kind, status: a.status };
}
