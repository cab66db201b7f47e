// POST /v1/hr/events: the HR system's signed webhook. What accepting an event means (idempotency, the
// lifecycle rules, the mass-leaver safeguard) is orchestration/hr-intake.ts, shared with the vendor adapters.
import { Router } from 'express';
import type { Logger } from 'pino';
import { hrEventSchema } from '../../domain/hr-event';
import type { LeaverAdmission } from '../../orchestration/leaver-guard';
import { HrEventRefused, acceptHrEvent, type HrIntakeContext } from '../../orchestration/hr-intake';
import type { ApiDeps } from '../deps';
import type { ApiMetrics } from '../metrics';
import { requireRole } from '../http/auth';
import { Problem } from '../http/problem';
import { parseOr400 } from '../http/validate';

export { canonicalJson } from '../../orchestration/hr-intake';

const TITLES = { 403: 'Forbidden', 409: 'Conflict', 422: 'Unprocessable Content' } as const;
export const hrRefusalProblem = (e: HrEventRefused) => new Problem(e.status, TITLES[e.status], e.message, e.extra);

/** The alert when the safeguard holds a leaver: a warning (no personal data) and the metric. */
export function heldLeaverAlert(logger: Logger, metrics: ApiMetrics | undefined): (a: LeaverAdmission) => void {
  return ({ intake }) => {
    metrics?.leaversHeld.inc({ source: intake.source });
    logger.warn(
      { source: intake.source, eventId: intake.eventId, position: intake.position, allowed: intake.allowed, activePeople: intake.activePeople },
      'mass-leaver safeguard: leaver held for an admin to release or discard (GET /v1/hr/held-leavers)',
    );
  };
}

export function hrIntakeContext(deps: ApiDeps): HrIntakeContext {
  return {
    store: deps.store, target: { client: deps.temporal, taskQueue: deps.taskQueue, companyTimeZone: deps.companyTimeZone },
    leaverGuard: deps.leaverGuard, now: deps.now, onHeld: heldLeaverAlert(deps.logger, deps.metrics),
  };
}

export function hrEventsRouter(deps: ApiDeps): Router {
  const r = Router();
  const auth = requireRole({ tokens: deps.tokens, webhookSecret: deps.webhookSecret, now: deps.now }, ['hr', 'admin'], true);
  const ctx = hrIntakeContext(deps);

  r.post('/v1/hr/events', auth, async (req, res) => {
    const event = parseOr400(hrEventSchema, req.body, 'HR event');
    const caller = req.caller!;
    let accepted;
    try {
      accepted = await acceptHrEvent(ctx, event, { name: caller.name, admin: caller.role === 'admin' });
    } catch (e) {
      throw e instanceof HrEventRefused ? hrRefusalProblem(e) : e;
    }
    const { caseId, workflowId, duplicate, held, started } = accepted;
    if (started) deps.metrics?.casesStarted.inc({ type: event.type });
    if (held) res.location(`/v1/hr/held-leavers/${encodeURIComponent(event.eventId)}`);
    else if (caseId) res.location(`/v1/cases/${encodeURIComponent(caseId)}`);
    res.status(duplicate ? 200 : 202).json({ caseId, workflowId, duplicate, ...(held ? { held } : {}) });
  });
  return r;
}
