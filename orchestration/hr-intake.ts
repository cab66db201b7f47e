// Accepting one HR event, wherever it came from (POST /v1/hr/events, a vendor adapter's intake workflow):
// idempotent on eventId (the same id with another body is a conflict); an event the person's state does not
// allow is refused naming what to send instead (domain/lifecycle-rules.ts); a leaver beyond its source's
// allowance is held (the mass-leaver safeguard); starts nothing on error.
import { createHash } from 'node:crypto';
import type { RecordStore } from '../db';
import type { HrEvent } from '../domain/hr-event';
import { caseWorkflowId } from '../domain/ids';
import type { LeaverGuardSettings } from '../domain/leaver-guard';
import type { CaseType } from '../domain/lifecycle';
import { lifecycleRefusal } from '../domain/lifecycle-rules';
import type { PersonEvent } from '../workflows/definitions';
import { admitLeaver, discardHeldLeaver, type LeaverAdmission } from './leaver-guard';
import { lifecyclePerson } from './lifecycle-person';
import { sendPersonEvent, type PersonCaseTarget } from './person-cases';

/** Canonical JSON (sorted keys) so that a re-sent event with reordered fields is still the same event. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const CLOSED_CASE = new Set(['completed', 'cancelled', 'rejected', 'superseded', 'failed']);

/** Why an event was refused: the API answers it as a problem with this status; an intake workflow records it. */
export class HrEventRefused extends Error {
  constructor(readonly status: 403 | 409 | 422, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface HrIntakeContext {
  store: RecordStore;
  target: PersonCaseTarget;
  leaverGuard?: LeaverGuardSettings;
  now?: () => number;
  /** Told once when the safeguard holds a leaver (the caller's log line and metric). */
  onHeld?: (admission: LeaverAdmission) => void;
}

export interface HrEventAccepted {
  caseId: string;
  workflowId: string;
  duplicate: boolean;
  held?: true;
  /** A case was handed to Temporal by this call (for the cases-started metric). */
  started: boolean;
}

/** `source` counts for the safeguard and is the case's requester; `admin` allows the rehire override. */
export async function acceptHrEvent(ctx: HrIntakeContext, event: HrEvent, caller: { name: string; admin: boolean }): Promise<HrEventAccepted> {
  const { store } = ctx;
  const employeeId = event.employee.employeeId;
  const bodySha256 = createHash('sha256').update(canonicalJson(event)).digest('hex');
  const now = () => ctx.now?.() ?? Date.now();

  const existing = await store.getHrEvent(event.eventId);
  if (existing) {
    if (existing.bodySha256 !== bodySha256) throw new HrEventRefused(409, `eventId ${event.eventId} was already used for a different event`);
    return { caseId: existing.caseId as string, workflowId: existing.workflowId as string, duplicate: true, started: false };
  }

  if (event.override && !caller.admin) throw new HrEventRefused(403, 'override (rehiring a locked identity) needs an admin token');
  const record = async (caseId: string, extra: { held?: true } = {}): Promise<HrEventAccepted> => {
    const recorded = await store.recordHrEvent({ eventId: event.eventId, bodySha256, employeeId, type: event.type, caseId, workflowId: caseId });
    return { caseId, workflowId: caseId, duplicate: !recorded.inserted, started: false, ...extra };
  };
  let caseId: string;
  if (event.type === 'cancel') {
    const target = await store.getHrEvent(event.cancelsEventId as string);
    if (!target || target.employeeId !== employeeId) throw new HrEventRefused(422, `no event ${event.cancelsEventId} for employee ${employeeId} to cancel`);
    caseId = target.caseId ?? caseWorkflowId(employeeId, event.cancelsEventId as string);
    // A leaver held by the mass-leaver safeguard has no case yet: HR withdrawing it discards it.
    const held = await store.getLeaverIntake(event.cancelsEventId as string);
    if (held?.disposition === 'held') {
      await discardHeldLeaver(store, held.eventId, { name: caller.name, comment: `withdrawn by HR event ${event.eventId}` }, now());
      return record(caseId);
    }
    const targetCase = await store.getCase(caseId);
    if (targetCase && CLOSED_CASE.has(targetCase.status)) {
      throw new HrEventRefused(409, `the case of event ${event.cancelsEventId} has already ended (${targetCase.status}): nothing left to cancel; send a leaver or a mover instead`, { caseId, status: targetCase.status });
    }
  } else {
    caseId = caseWorkflowId(employeeId, event.eventId);
    // A case on the record but no ledger entry: this event was accepted and its ledger write failed. Its retry
    // must go through, not be refused for the state that case brings about.
    if (!(await store.getCase(caseId))) {
      const person = await lifecyclePerson(store, employeeId);
      const refusal = lifecycleRefusal(event.type, employeeId, person, event.override);
      if (refusal?.status === 422) throw new HrEventRefused(422, refusal.detail);
      if (refusal) throw new HrEventRefused(409, refusal.detail, { state: person?.state });
    }
  }

  const personEvent: PersonEvent = {
    eventId: event.eventId, caseId, type: event.type, employee: event.employee,
    effectiveDate: event.effectiveDate, effectiveAt: event.effectiveAt, immediate: event.immediate,
    cancelsEventId: event.cancelsEventId, reason: event.reason, requestedBy: caller.name, override: event.override,
  };
  // The mass-leaver safeguard, before anything starts: a leaver beyond its source's allowance is held.
  if (event.type === 'leaver' && ctx.leaverGuard) {
    const admission = await admitLeaver(store, ctx.leaverGuard, caller.name, personEvent, now());
    if (admission.held) {
      if (admission.fresh) ctx.onHeld?.(admission);
      return record(caseId, { held: true });
    }
  }
  // Temporal first: if this fails nothing is recorded and the HR system's retry starts it; if the ledger
  // write fails after it, the retry reaches the person workflow again, which drops a seen event id.
  await sendPersonEvent(ctx.target, personEvent);
  if (event.type !== 'cancel') {
    await store.recordCase({
      caseId, workflowId: caseId, employeeId, type: event.type as CaseType, status: 'scheduled',
      eventId: event.eventId, requestedBy: caller.name, effectiveAt: event.effectiveAt ?? null,
    });
  }
  const accepted = await record(caseId);
  return { ...accepted, started: event.type !== 'cancel' && !accepted.duplicate };
}
