// The CSV import (POST /v1/import): today's spreadsheet of people and devices, compared with the record. Who
// would join, move or leave, which devices would be registered, and which rows are refused and why. Pure;
// each change is decided as a vendor's would be (domain/hr-vendors.ts vendorHrEvent).
import { z } from 'zod';
import { employeeSchema, isoDate, type HrEvent } from './hr-event';
import { vendorHrEvent, type KnownPerson } from './hr-vendors';
import { safeText } from './safe-text';

export const IMPORT_COLUMNS = [
  'employeeId', 'givenName', 'familyName', 'personalEmail', 'department', 'location', 'jobTitle', 'managerId', 'employmentType',
  'startDate', 'status', 'endDate', 'deviceName', 'deviceSerial', 'deviceModel',
] as const;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());

export const importRowSchema = z.strictObject({
  employeeId: z.preprocess(blankToUndefined, employeeSchema.shape.employeeId),
  givenName: z.preprocess(blankToUndefined, employeeSchema.shape.givenName),
  familyName: z.preprocess(blankToUndefined, employeeSchema.shape.familyName),
  personalEmail: opt(z.email().max(254)),
  department: z.preprocess(blankToUndefined, employeeSchema.shape.department),
  location: z.preprocess(blankToUndefined, employeeSchema.shape.location),
  jobTitle: z.preprocess(blankToUndefined, employeeSchema.shape.jobTitle),
  managerId: opt(employeeSchema.shape.employeeId),
  employmentType: z.preprocess((v) => blankToUndefined(v) ?? 'employee', employeeSchema.shape.employmentType),
  startDate: opt(isoDate),
  status: z.preprocess((v) => blankToUndefined(v) ?? 'active', z.enum(['active', 'left'])),
  endDate: opt(isoDate),
  deviceName: opt(safeText(200)),
  deviceSerial: opt(safeText(200)),
  deviceModel: opt(safeText(200)),
}).superRefine((r, ctx) => {
  if (r.deviceSerial && !r.deviceName) ctx.addIssue({ code: 'custom', path: ['deviceName'], message: 'a device needs a name' });
  if (r.deviceName && !r.deviceSerial) ctx.addIssue({ code: 'custom', path: ['deviceSerial'], message: 'a device needs a serial number' });
});
export type ImportRow = z.infer<typeof importRowSchema>;

export interface ImportPerson extends KnownPerson {
  deviceSerials: string[];
}

export interface PlannedChange {
  row: number;
  employeeId: string;
  event: HrEvent;
}

export interface ImportPlan {
  join: PlannedChange[];
  move: PlannedChange[];
  leave: PlannedChange[];
  unchanged: Array<{ row: number; employeeId: string; why: string }>;
  /** Devices to register for people on the record; a joiner's once they are (run the import again). */
  devices: Array<{ row: number; employeeId: string; name: string; serial: string; model?: string; afterJoin: boolean }>;
  refused: Array<{ row: number; employeeId?: string; reasons: string[] }>;
}

/**
 * `rows` as the CSV parser gives them (row 2 is the first after the header); `eventKey` makes the HR event
 * ids (the same file imported twice is the same events); `today` is the company's date.
 */
export function planImport(
  rows: ReadonlyArray<Record<string, unknown>>, people: ReadonlyMap<string, ImportPerson>, opts: { eventKey: string; today: string },
): ImportPlan {
  const plan: ImportPlan = { join: [], move: [], leave: [], unchanged: [], devices: [], refused: [] };
  const seen = new Set<string>();
  rows.forEach((raw, i) => {
    const row = i + 2;
    const parsed = importRowSchema.safeParse(raw);
    const named = typeof raw.employeeId === 'string' && raw.employeeId.trim() ? raw.employeeId.trim() : undefined;
    if (!parsed.success) {
      plan.refused.push({ row, employeeId: named, reasons: parsed.error.issues.map((x) => `${x.path.join('.') || '(row)'}: ${x.message}`) });
      return;
    }
    const r = parsed.data;
    if (seen.has(r.employeeId)) {
      plan.refused.push({ row, employeeId: r.employeeId, reasons: [`employeeId ${r.employeeId} is on an earlier row too`] });
      return;
    }
    seen.add(r.employeeId);
    const person = people.get(r.employeeId) ?? null;
    const decided = vendorHrEvent({
      eventId: `import.${opts.eventKey}.${r.employeeId}`, hint: 'updated', today: opts.today, person,
      employee: {
        employeeId: r.employeeId, givenName: r.givenName, familyName: r.familyName, department: r.department, location: r.location,
        jobTitle: r.jobTitle, employmentType: r.employmentType, startDate: r.startDate, endDate: r.endDate, active: r.status === 'active',
      },
    });
    if ('skip' in decided) {
      // A leaver nobody knows or a rehire are refusals to the person importing; the rest is simply no change.
      if (/does not know|needs an admin/.test(decided.skip)) plan.refused.push({ row, employeeId: r.employeeId, reasons: [decided.skip] });
      else plan.unchanged.push({ row, employeeId: r.employeeId, why: decided.skip });
    } else {
      const event = { ...decided.event, employee: { ...decided.event.employee, personalEmail: r.personalEmail, managerId: r.managerId } };
      const change = { row, employeeId: r.employeeId, event };
      if (event.type === 'joiner') plan.join.push(change);
      else if (event.type === 'mover') plan.move.push(change);
      else plan.leave.push(change);
    }
    const joining = 'event' in decided && decided.event.type === 'joiner';
    if (r.deviceSerial && r.deviceName && r.status === 'active' && (joining || person) && !person?.deviceSerials.includes(r.deviceSerial)) {
      plan.devices.push({ row, employeeId: r.employeeId, name: r.deviceName, serial: r.deviceSerial, model: r.deviceModel, afterJoin: joining });
    }
  });
  return plan;
}
