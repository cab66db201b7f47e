// HR systems as they send (REFERENCE.md "HR systems"): which vendors, how a fetched employee maps to the HR
// event's attributes (configurable per connection), and which HR event a vendor's change becomes. Pure.
import type { HrEvent } from './hr-event';
import type { EmployeeAttributes } from './lifecycle';

export const HR_VENDORS = ['bamboohr', 'hibob', 'personio', 'gusto', 'deel'] as const;
export type HrVendor = (typeof HR_VENDORS)[number];

/** What the vendor said happened, as far as it says: the fetched employee decides the rest. */
export type VendorHint = 'joined' | 'updated' | 'left' | 'revoked_now';

/** From a vendor's event type (`employee.left`, `employment.terminated`, `employee.access.revoked.immediately`, …). */
export function vendorHint(eventType: string | undefined): VendorHint {
  const t = (eventType ?? '').toLowerCase();
  if (/revoked\.immediately/.test(t)) return 'revoked_now';
  if (/terminat|\.left|inactivat|offboard/.test(t)) return 'left';
  if (/rehire|joined|started|created|hired/.test(t)) return 'joined';
  return 'updated';
}

/** The fields a mapping names, each a dotted path into the vendor's employee JSON (`work.department`, `jobs.0.title`). */
export const MAPPED_FIELDS = ['employeeId', 'givenName', 'familyName', 'department', 'location', 'jobTitle', 'employmentType', 'startDate', 'endDate', 'status'] as const;
export type FieldMapping = Record<(typeof MAPPED_FIELDS)[number], string> & {
  /** Values of employmentType that mean a contractor (compared as text, case-insensitive). */
  contractorValues: string[];
  /** Values of status that mean the person no longer works there. */
  inactiveValues: string[];
};

export const DEFAULT_MAPPINGS: Record<HrVendor, FieldMapping> = {
  // GET /api/gateway.php/{company}/v1/employees/{id}?fields=…
  bamboohr: {
    employeeId: 'id', givenName: 'firstName', familyName: 'lastName', department: 'department', location: 'location', jobTitle: 'jobTitle',
    employmentType: 'employmentHistoryStatus', contractorValues: ['Contractor', 'Contract'], startDate: 'hireDate', endDate: 'terminationDate',
    status: 'status', inactiveValues: ['Inactive'],
  },
  // GET /v1/people/{id}
  hibob: {
    employeeId: 'id', givenName: 'firstName', familyName: 'surname', department: 'work.department', location: 'work.site', jobTitle: 'work.title',
    employmentType: 'payroll.employment.type', contractorValues: ['Contractor'], startDate: 'work.startDate', endDate: 'internal.terminationDate',
    status: 'internal.status', inactiveValues: ['Inactive'],
  },
  // GET /v1/company/employees/{id} → data (attributes as {label, value})
  personio: {
    employeeId: 'attributes.id.value', givenName: 'attributes.first_name.value', familyName: 'attributes.last_name.value',
    department: 'attributes.department.value.attributes.name', location: 'attributes.office.value.attributes.name', jobTitle: 'attributes.position.value',
    employmentType: 'attributes.employment_type.value', contractorValues: ['external'], startDate: 'attributes.hire_date.value',
    endDate: 'attributes.termination_date.value', status: 'attributes.status.value', inactiveValues: ['inactive'],
  },
  // GET /v1/employees/{employee_uuid}
  gusto: {
    employeeId: 'uuid', givenName: 'first_name', familyName: 'last_name', department: 'department', location: 'work_addresses.0.city', jobTitle: 'jobs.0.title',
    employmentType: 'jobs.0.employment_type', contractorValues: ['Contractor'], startDate: 'jobs.0.hire_date', endDate: 'terminations.0.effective_date',
    status: 'terminated', inactiveValues: ['true'],
  },
  // GET /rest/v2/people/{id} → data
  deel: {
    employeeId: 'id', givenName: 'first_name', familyName: 'last_name', department: 'department.name', location: 'country', jobTitle: 'job_title',
    employmentType: 'hiring_type', contractorValues: ['contractor'], startDate: 'start_date', endDate: 'termination_date',
    status: 'hiring_status', inactiveValues: ['terminated', 'inactive'],
  },
};

export function valueAt(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const key of path.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const text = (v: unknown): string | undefined => (v === null || v === undefined || v === '' ? undefined : typeof v === 'object' ? undefined : String(v));
const date = (v: unknown): string | undefined => {
  const s = text(v);
  if (!s || s.startsWith('0000')) return undefined; // BambooHR's "no date"
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : undefined;
};

export interface VendorEmployee extends Omit<EmployeeAttributes, 'personalEmail' | 'managerId'> {
  startDate?: string;
  endDate?: string;
  active: boolean;
}

/** The employee as Gatehouse sees them, or the fields that are missing (what the mapping must name). */
export function mapVendorEmployee(raw: unknown, mapping: FieldMapping): { ok: true; employee: VendorEmployee } | { ok: false; missing: string[] } {
  const required = ['employeeId', 'givenName', 'familyName', 'department', 'location', 'jobTitle'] as const;
  const got = Object.fromEntries(required.map((k) => [k, text(valueAt(raw, mapping[k]))])) as Record<(typeof required)[number], string | undefined>;
  const missing = required.filter((k) => got[k] === undefined).map((k) => `${k} (${mapping[k]})`);
  if (missing.length) return { ok: false, missing };
  const is = (v: unknown, values: string[]) => values.some((x) => x.toLowerCase() === (text(v) ?? '').toLowerCase());
  return {
    ok: true,
    employee: {
      ...(got as Record<(typeof required)[number], string>),
      employmentType: is(valueAt(raw, mapping.employmentType), mapping.contractorValues) ? 'contractor' : 'employee',
      startDate: date(valueAt(raw, mapping.startDate)),
      endDate: date(valueAt(raw, mapping.endDate)),
      active: !is(valueAt(raw, mapping.status), mapping.inactiveValues),
    },
  };
}

export interface KnownPerson {
  state: string;
  department: string;
  location: string;
  jobTitle: string;
  employmentType: string;
  givenName: string;
  familyName: string;
}

const GONE = new Set(['deactivated', 'archived', 'erased']);

/**
 * The HR event a vendor's change becomes, or why none: a person who no longer works there (or whose access
 * the vendor revoked at once) leaves, on their termination date when it is given; someone new joins on their
 * start date; a change of attributes moves. `today` is the company's date (YYYY-MM-DD).
 */
export function vendorHrEvent(
  input: { eventId: string; hint: VendorHint; employee: VendorEmployee; person: KnownPerson | null; today: string },
): { event: HrEvent } | { skip: string } {
  const { eventId, hint, employee: e, person, today } = input;
  const employee = {
    employeeId: e.employeeId, givenName: e.givenName, familyName: e.familyName, department: e.department, location: e.location,
    jobTitle: e.jobTitle, employmentType: e.employmentType,
  };
  const leaving = hint === 'revoked_now' || !e.active || (hint === 'left' && e.endDate !== undefined);
  if (leaving) {
    if (!person) return { skip: 'a leaver for a person Gatehouse does not know' };
    if (GONE.has(person.state)) return { skip: `already ${person.state}` };
    const immediate = hint === 'revoked_now' || !e.endDate || e.endDate < today;
    return { event: immediate ? { eventId, type: 'leaver', employee, immediate: true } : { eventId, type: 'leaver', employee, effectiveDate: e.endDate } };
  }
  if (!person) {
    const dated = e.startDate && e.startDate > today;
    return { event: dated ? { eventId, type: 'joiner', employee, effectiveDate: e.startDate } : { eventId, type: 'joiner', employee, immediate: true } };
  }
  if (GONE.has(person.state)) return { skip: `a rehire of a ${person.state} person needs an admin (POST /v1/hr/events with override)` };
  const changed = (['department', 'location', 'jobTitle', 'employmentType', 'givenName', 'familyName'] as const).some((k) => person[k] !== employee[k]);
  if (!changed) return { skip: 'nothing Gatehouse acts on changed' };
  return { event: { eventId, type: 'mover', employee } };
}
