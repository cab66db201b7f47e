// The vocabulary of the lifecycle (PRODUCT.md §2, §3, §6): states, case types, case statuses.

export const PERSON_STATES = ['pending', 'active', 'notice', 'suspended', 'deactivated', 'archived', 'erased'] as const;
export type PersonState = (typeof PERSON_STATES)[number];

export const CASE_TYPES = ['joiner', 'mover', 'leaver', 'suspend', 'reactivate', 'access'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STATUSES = [
  'scheduled', 'awaiting_approval', 'running', 'completed', 'cancelled', 'rejected', 'superseded', 'failed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const ENTITLEMENT_SOURCES = ['birthright', 'manual', 'request'] as const;
export type EntitlementSource = (typeof ENTITLEMENT_SOURCES)[number];

export const ENTITLEMENT_STATUSES = ['active', 'pending_removal', 'removed'] as const;
export type EntitlementStatus = (typeof ENTITLEMENT_STATUSES)[number];

export const ACCOUNT_STATUSES = ['active', 'disabled', 'deleted'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** The attributes of a person that HR owns and policies are evaluated on. */
export interface EmployeeAttributes {
  employeeId: string;
  givenName: string;
  familyName: string;
  personalEmail?: string;
  department: string;
  location: string;
  jobTitle: string;
  managerId?: string;
  employmentType: 'employee' | 'contractor';
}
