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
