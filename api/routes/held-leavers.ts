// The mass-leaver safeguard's admin side: leavers held at intake (orchestration/leaver-guard.ts) are listed
// until an admin releases them (each starts its case as it would have) or discards them. Four eyes: nobody
// releases or discards their own leaving.
import { Router } from 'express';
import { z } from 'zod';
import type { LeaverIntake } from '../../db';
import { eventIdString, safeNote } from '../../domain/safe-text';
import { HeldLeaverRefused, discardHeldLeaver, releaseHeldLeaver } from '../../orchestration/leaver-guard';
import type { PersonEvent } from '../../workflows/definitions';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { conflict, forbidden, notFound } from '../http/problem';
import { parseOr400 } from '../http/validate';

export const heldLeaverParam = z.strictObject({ eventId: eventIdString });
export const heldLeaverDecisionBody = z.strictObject({ comment: safeNote(2000).optional() });

export function presentHeldLeaver(i: LeaverIntake) {
  const e = i.event as unknown as PersonEvent;
  return {
    eventId: i.eventId, caseId: i.caseId, employeeId: i.employeeId, source: i.source, status: i.disposition, receivedAt: i.receivedAt,
    employee: e.employee, effectiveDate: e.effectiveDate, effectiveAt: e.effectiveAt, immediate: e.immediate, reason: e.reason,
    // Why it was held: its place among the source's leavers in the window, against the allowance.
    position: i.position, allowed: i.allowed, activePeople: i.activePeople, decidedBy: i.decidedBy ?? undefined,
  };
}

function asProblem(e: unknown): unknown {
  if (!(e instanceof HeldLeaverRefused)) return e;
  if (e.kind === 'not_found') return notFound(e.message);
  if (e.kind === 'forbidden') return forbidden(e.message);
  return conflict(e.message);
}

export function heldLeaversRouter(deps: ApiDeps): Router {
  const r = Router();
  const auth = { tokens: deps.tokens };
  const target = { client: deps.temporal, taskQueue: deps.taskQueue, companyTimeZone: deps.companyTimeZone };
  const now = () => deps.now?.() ?? Date.now();

  r.get('/v1/hr/held-leavers', requireRole(auth, ['admin', 'auditor']), async (_req, res) => {
    res.json({ items: (await deps.store.listHeldLeavers()).map(presentHeldLeaver) });
  });

  r.post('/v1/hr/held-leavers/:eventId/release', requireRole(auth, ['admin']), async (req, res) => {
    const { eventId } = parseOr400(heldLeaverParam, req.params, 'path');
    const { comment } = parseOr400(heldLeaverDecisionBody, req.body ?? {}, 'release request');
    const caller = req.caller!;
    try {
      const started = await releaseHeldLeaver(target, deps.store, eventId, { name: caller.name, employeeId: caller.employeeId, comment }, now());
      deps.metrics?.casesStarted.inc({ type: 'leaver' });
      res.status(202).location(`/v1/cases/${encodeURIComponent(started.caseId)}`).json({ ...started, status: 'released' });
    } catch (e) {
      throw asProblem(e);
    }
  });

  r.post('/v1/hr/held-leavers/:eventId/discard', requireRole(auth, ['admin']), async (req, res) => {
    const { eventId } = parseOr400(heldLeaverParam, req.params, 'path');
    const { comment } = parseOr400(heldLeaverDecisionBody, req.body ?? {}, 'discard request');
    const caller = req.caller!;
    try {
      res.json(presentHeldLeaver(await discardHeldLeaver(deps.store, eventId, { name: caller.name, employeeId: caller.employeeId, comment }, now())));
    } catch (e) {
      throw asProblem(e);
    }
  });
  return r;
}
