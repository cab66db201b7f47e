// The vendor adapters' activities: fetch the employee a thin webhook names from the vendor's API, then turn
// the change into an HR event and accept it on the same path as POST /v1/hr/events (orchestration/hr-intake.ts,
// the mass-leaver safeguard included). Both idempotent: a fetch reads; an accept is keyed by its eventId.
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { findHrConnection, type HrConnection } from '../config/hr-connections';
import { fetchVendorEmployee, HrVendorUnavailable, type FetchedEmployee } from '../connectors/hr/client';
import type { RecordStore } from '../db';
import { hrEventSchema } from '../domain/hr-event';
import { mapVendorEmployee, vendorHrEvent, type HrVendor, type VendorHint } from '../domain/hr-vendors';
import type { LeaverGuardSettings } from '../domain/leaver-guard';
import { HrEventRefused, acceptHrEvent } from '../orchestration/hr-intake';
import type { LeaverAdmission } from '../orchestration/leaver-guard';
import type { PersonCaseTarget } from '../orchestration/person-cases';

export interface HrIntakeDeps {
  store: RecordStore;
  cases?: PersonCaseTarget;
  hrConnections?: HrConnection[];
  leaverGuard?: LeaverGuardSettings;
  onHeld?: (a: LeaverAdmission) => void;
}

export interface VendorEmployeeRef {
  vendor: HrVendor;
  connectionId: string;
  employeeId: string;
}

export interface AcceptVendorInput extends VendorEmployeeRef {
  deliveryKey: string;
  hint: VendorHint;
  fetched: FetchedEmployee;
}

export type VendorIntakeOutcome =
  | { outcome: 'accepted'; eventId: string; type: string; caseId: string; duplicate: boolean; held: boolean }
  | { outcome: 'skipped' | 'refused' | 'failed'; eventId: string; reason: string };

const todayIn = (tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

export function createHrIntakeActivities(deps: HrIntakeDeps) {
  const connection = (vendor: string, id: string) => findHrConnection(deps.hrConnections ?? [], vendor, id);
  // The alert when the safeguard holds a vendor's leaver (the audit event is written either way); no personal data.
  const onHeld = deps.onHeld ?? (({ intake }: LeaverAdmission) => log.warn('mass-leaver safeguard: leaver held for an admin to release or discard (GET /v1/hr/held-leavers)', {
    source: intake.source, eventId: intake.eventId, position: intake.position, allowed: intake.allowed, activePeople: intake.activePeople,
  }));

  return {
    async fetchHrVendorEmployee(ref: VendorEmployeeRef): Promise<FetchedEmployee> {
      const c = connection(ref.vendor, ref.connectionId);
      if (!c) return { ok: false, status: 0, reason: `HR connection ${ref.vendor}/${ref.connectionId} is not configured on this worker` };
      try {
        return await fetchVendorEmployee(c, ref.employeeId);
      } catch (e) {
        if (!(e instanceof HrVendorUnavailable)) throw e;
        throw ApplicationFailure.create({
          type: 'HrVendorUnavailable', message: e.message,
          ...(e.retryAfterSeconds ? { nextRetryDelay: `${e.retryAfterSeconds} seconds` } : {}),
        });
      }
    },

    async acceptVendorHrEvent(input: AcceptVendorInput): Promise<VendorIntakeOutcome> {
      const source = `${input.vendor}:${input.connectionId}`;
      const eventId = `${input.vendor}.${input.connectionId}.${input.deliveryKey}.${input.employeeId}`.slice(0, 128);
      const settle = async (outcome: 'skipped' | 'refused' | 'failed', reason: string, employeeId: string | null = null): Promise<VendorIntakeOutcome> => {
        await deps.store.appendAudit({
          idempotencyKey: `hr-intake/${eventId}`, employeeId, type: `hr.vendor_event_${outcome}`, outcome: outcome === 'skipped' ? 'skipped' : outcome === 'refused' ? 'refused' : 'failed',
          actor: source, details: { vendor: input.vendor, connectionId: input.connectionId, deliveryKey: input.deliveryKey, vendorEmployeeId: input.employeeId, reason },
        });
        return { outcome, eventId, reason };
      };
      if (!input.fetched.ok) return settle('failed', `fetching the employee: ${input.fetched.reason}`);
      const c = connection(input.vendor, input.connectionId);
      if (!c || !deps.cases) return settle('failed', 'this worker has no such HR connection or no Temporal client');
      const mapped = mapVendorEmployee(input.fetched.raw, c.mapping);
      if (!mapped.ok) return settle('refused', `the mapping finds no ${mapped.missing.join(', ')}`);
      const person = await deps.store.getPerson(mapped.employee.employeeId);
      const decided = vendorHrEvent({ eventId, hint: input.hint, employee: mapped.employee, person, today: todayIn(deps.cases.companyTimeZone) });
      if ('skip' in decided) return settle('skipped', decided.skip, mapped.employee.employeeId);
      const parsed = hrEventSchema.safeParse(decided.event);
      if (!parsed.success) {
        return settle('refused', `not a valid HR event: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, mapped.employee.employeeId);
      }
      try {
        const accepted = await acceptHrEvent(
          { store: deps.store, target: deps.cases, leaverGuard: deps.leaverGuard, onHeld }, parsed.data, { name: source, admin: false },
        );
        return { outcome: 'accepted', eventId, type: parsed.data.type, caseId: accepted.caseId, duplicate: accepted.duplicate, held: accepted.held === true };
      } catch (e) {
        if (e instanceof HrEventRefused) return settle('refused', e.message, mapped.employee.employeeId);
        throw e;
      }
    },
  };
}

export type HrIntakeActivities = ReturnType<typeof createHrIntakeActivities>;
