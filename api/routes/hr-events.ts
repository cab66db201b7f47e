// POST /v1/hr/events: the HR system's signed webhook. Idempotent on eventId (the same id with another body
// is a conflict); an event the person's state does not allow is refused naming what to send instead
// (domain/lifecycle-rules.ts); starts nothing on error.
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { hrEventSchema } from '../../domain/hr-event';
import { caseWorkflowId } from '../../domain/ids';
import type { CaseType } from '../../domain/lifecycle';
import { lifecycleRefusal } from '../../domain/lifecycle-rules';
import { admitLeaver, discardHeldLeaver } from '../../orchestration/leaver-guard';
import { lifecyclePerson } from '../../orchestration/lifecycle-person';
import { sendPersonEvent } from '../../orchestration/person-cases';
import type { PersonEvent } from '../../workflows/definitions';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { conflict, forbidden, unprocessable } from '../http/problem';
import { parseOr400 } from '../http/validate';

/** Canonical JSON (sorted keys) so that a re-sent event with reordered fields is still the same event. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const CLOSED_CASE = new Set(['completed', 'cancelled', 'rejected', 'superseded', 'failed']);

export function hrEventsRouter(deps: ApiDeps): Router {
  const r = Router();
  const auth = requireRole({ tokens: deps.tokens, webhookSecret: deps.webhookSecret, now: deps.now }, ['hr', 'admin'], true);

  r.post('/v1/hr/events', auth, async (req, res) => {
    const event = parseOr400(hrEventSchema, req.body, 'HR event');
    const caller = req.caller!;
    const employeeId = event.employee.employeeId;
    const bodySha256 = createHash('sha256').update(canonicalJson(event)).digest('hex');

    const existing = await deps.store.getHrEvent(event.eventId);
    if (existing) {
      if (existing.bodySha256 !== bodySha256) throw conflict(`eventId ${event.eventId} was already used for a different event`);
      res.status(200).json({ caseId: existing.caseId, workflowId: existing.workflowId, duplicate: true });
      return;
    }

    if (event.override && caller.role !== 'admin') throw forbidden('override (rehiring a locked identity) needs an admin token');
    let caseId: string;
    if (event.type === 'cancel') {
      const target = await deps.store.getHrEvent(event.cancelsEventId as string);
      if (!target || target.employeeId !== employeeId) throw unprocessable(`no event ${event.cancelsEventId} for employee ${employeeId} to cancel`);
      caseId = target.caseId ?? caseWorkflowId(employeeId, event.cancelsEventId as string);
      // A leaver held by the mass-leaver safeguard has no case yet: HR withdrawing it discards it.
      const held = await deps.store.getLeaverIntake(event.cancelsEventId as string);
      if (held?.disposition === 'held') {
        await discardHeldLeaver(deps.store, held.eventId, { name: caller.name, comment: `withdrawn by HR event ${event.eventId}` }, deps.now?.() ?? Date.now());
        const recorded = await deps.store.recordHrEvent({ eventId: event.eventId, bodySha256, employeeId, type: event.type, caseId, workflowId: caseId });
        res.status(recorded.inserted ? 202 : 200).json({ caseId, workflowId: caseId, duplicate: !recorded.inserted });
        return;
      }
      const targetCase = await deps.store.getCase(caseId);
      if (targetCase && CLOSED_CASE.has(targetCase.status)) {
        throw conflict(`the case of event ${event.cancelsEventId} has already ended (${targetCase.status}): nothing left to cancel; send a leaver or a mover instead`, { caseId, status: targetCase.status });
      }
    } else {
      caseId = caseWorkflowId(employeeId, event.eventId);
      // A case on the record but no ledger entry: this event was accepted and its ledger write failed. Its retry
      // must go through, not be refused for the state that case brings about.
      if (!(await deps.store.getCase(caseId))) {
        const person = await lifecyclePerson(deps.store, employeeId);
        const refusal = lifecycleRefusal(event.type, employeeId, person, event.override);
        if (refusal?.status === 422) throw unprocessable(refusal.detail);
        if (refusal) throw conflict(refusal.detail, { state: person?.state });
      }
    }

    const personEvent: PersonEvent = {
      eventId: event.eventId, caseId, type: event.type, employee: event.employee,
      effectiveDate: event.effectiveDate, effectiveAt: event.effectiveAt, immediate: event.immediate,
      cancelsEventId: event.cancelsEventId, reason: event.reason, requestedBy: caller.name, override: event.override,
    };
    // The mass-leaver safeguard, before anything starts: a leaver beyond its source's allowance is held.
    if (event.type === 'leaver' && deps.leaverGuard) {
      const admission = await admitLeaver(deps.store, deps.leaverGuard, caller.name, personEvent, deps.now?.() ?? Date.now());
      if (admission.held) {
        const { intake } = admission;
        if (admission.fresh) {
          deps.metrics?.leaversHeld.inc({ source: caller.name });
          deps.logger.warn(
            { source: caller.name, eventId: intake.eventId, position: intake.position, allowed: intake.allowed, activePeople: intake.activePeople },
            'mass-leaver safeguard: leaver held for an admin to release or discard (GET /v1/hr/held-leavers)',
          );
        }
        const recorded = await deps.store.recordHrEvent({ eventId: event.eventId, bodySha256, employeeId, type: event.type, caseId, workflowId: caseId });
        res.status(recorded.inserted ? 202 : 200).location(`/v1/hr/held-leavers/${encodeURIComponent(event.eventId)}`)
          .json({ caseId, workflowId: caseId, duplicate: !recorded.inserted, held: true });
        return;
      }
    }
    // Temporal first: if this fails nothing is recorded and the HR system's retry starts it; if the ledger
    // write fails after it, the retry reaches the person workflow again, which drops a seen event id.
    await sendPersonEvent({ client: deps.temporal, taskQueue: deps.taskQueue, companyTimeZone: deps.companyTimeZone }, personEvent);
    if (event.type !== 'cancel') {
      await deps.store.recordCase({
        caseId, workflowId: caseId, employeeId, type: event.type as CaseType, status: 'scheduled',
        eventId: event.eventId, requestedBy: caller.name, effectiveAt: event.effectiveAt ?? null,
      });
    }
    const recorded = await deps.store.recordHrEvent({ eventId: event.eventId, bodySha256, employeeId, type: event.type, caseId, workflowId: caseId });
    const duplicate = !recorded.inserted;
    if (event.type !== 'cancel' && !duplicate) deps.metrics?.casesStarted.inc({ type: event.type });
    res.status(duplicate ? 200 : 202).location(`/v1/cases/${encodeURIComponent(caseId)}`).json({ caseId, workflowId: caseId, duplicate });
  });
  return r;
}
