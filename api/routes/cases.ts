// Cases: listed from the record store; one case from its running workflow's query (the record once closed);
// admin actions as workflow updates, so the answer is the case's new state.
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { CASE_STATUSES, CASE_TYPES } from '../../domain/lifecycle';
import { employeeIdString, safeNote } from '../../domain/safe-text';
import { caseStateQuery, type CaseView } from '../../workflows/definitions';
import { CaseActionRefused, runCaseAction, type CaseAction, type CaseActionArg } from '../../orchestration/case-actions';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { badRequest, conflict, forbidden, notFound } from '../http/problem';
import { caseIdParam, pageParams } from '../http/schemas';
import { parseOr400 } from '../http/validate';
import { canonicalJson } from './hr-events';

const CLOSED = new Set(['completed', 'cancelled', 'rejected', 'superseded', 'failed']);

export const listCasesQuery = z.strictObject({
  employeeId: employeeIdString.optional(),
  type: z.enum(CASE_TYPES).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  ...pageParams,
});
export const decisionBody = z.strictObject({ comment: safeNote(2000).optional() });
export const cancelBody = z.strictObject({ reason: safeNote(2000).optional() });
export const rescheduleBody = z.strictObject({ effectiveAt: z.iso.datetime({ offset: true }) });

export function casesRouter(deps: ApiDeps): Router {
  const r = Router();
  const auth = { tokens: deps.tokens };
  const readers = requireRole(auth, ['admin', 'auditor']);
  const admins = requireRole(auth, ['admin']);

  r.get('/v1/cases', readers, async (req, res) => {
    const q = parseOr400(listCasesQuery, req.query, 'query');
    const page = await deps.store.listCases(q);
    res.json({ items: page.items.map(presentStored), nextCursor: page.nextCursor });
  });

  r.get('/v1/cases/:caseId', readers, async (req, res) => {
    const { caseId } = parseOr400(caseIdParam, req.params, 'path');
    const stored = await deps.store.getCase(caseId);
    if (!stored) throw notFound(`no case ${caseId}`);
    if (!CLOSED.has(stored.status)) {
      try {
        const view = await deps.temporal.workflow.getHandle(stored.workflowId).query(caseStateQuery);
        res.json(present(view));
        return;
      } catch {
        // Not started yet (queued behind another case) or just closed: the record answers.
      }
    }
    res.json(presentStored(stored));
  });

  const action = <A>(name: CaseAction, schema: z.ZodType<A>, toArg: (body: A, by: string) => CaseActionArg) =>
    r.post(`/v1/cases/:caseId/${name}`, admins, async (req, res) => {
      const { caseId } = parseOr400(caseIdParam, req.params, 'path');
      const body = parseOr400(schema, req.body ?? {}, `${name} request`);
      const stored = await deps.store.getCase(caseId);
      if (!stored) throw notFound(`no case ${caseId}`);
      const by = req.caller!.name;
      // Four eyes against the subject: an admin acts on other people's cases, never their own.
      if (req.caller!.employeeId !== undefined && req.caller!.employeeId.toLowerCase() === stored.employeeId.toLowerCase()) {
        throw forbidden(`${by} is the subject of this case (${stored.employeeId}) and may not ${name} it: another admin must`);
      }
      // The same admin sending the same action twice is one effect: Temporal dedupes on the update id.
      const updateId = createHash('sha256').update(`${stored.caseId}:${name}:${by}:${canonicalJson(body)}`).digest('hex');
      try {
        const arg = { ...toArg(body, by), byEmployeeId: req.caller!.employeeId };
        const view = await runCaseAction(deps.temporal, stored, name, arg, updateId);
        // 202: the cancellation is accepted and the case is still undoing what it did (it closes as cancelled).
        res.status(view.stopping ? 202 : 200).json(present(view));
      } catch (err) {
        if (!(err instanceof CaseActionRefused)) throw err;
        if (err.kind === 'forbidden') throw forbidden(err.message);
        if (err.kind === 'bad_request') throw badRequest(err.message);
        throw conflict(err.message);
      }
    });

  action('approve', decisionBody, (b, by) => ({ by, comment: b.comment }));
  action('reject', decisionBody, (b, by) => ({ by, comment: b.comment }));
  action('cancel', cancelBody, (b, by) => ({ by, reason: b.reason }));
  action('reschedule', rescheduleBody, (b, by) => ({ by, effectiveAt: b.effectiveAt }));
  return r;
}

/** The case shape of PRODUCT.md §6. */
export function present(v: CaseView): Record<string, unknown> {
  return {
    caseId: v.caseId, type: v.type, employeeId: v.employeeId, status: v.status, outcome: v.outcome,
    effectiveAt: v.effectiveAt, pendingApprovals: v.pendingApprovals, scheduled: v.scheduled, steps: v.steps,
    slaBreached: v.slaBreached, workflowId: v.workflowId, requestedBy: v.requestedBy, decisions: v.decisions,
  };
}

export function presentStored(c: { caseId: string; workflowId: string; employeeId: string; type: string; status: string; outcome: string | null; effectiveAt: string | null; slaBreached: boolean; requestedBy: string | null; state: unknown }): Record<string, unknown> {
  const s = (c.state ?? {}) as Partial<CaseView>;
  return {
    caseId: c.caseId, type: c.type, employeeId: c.employeeId, status: c.status, outcome: c.outcome ?? undefined,
    effectiveAt: c.effectiveAt ?? undefined, pendingApprovals: s.pendingApprovals ?? [], scheduled: s.scheduled ?? [],
    steps: s.steps ?? [], slaBreached: c.slaBreached, workflowId: c.workflowId, requestedBy: c.requestedBy ?? undefined,
    decisions: s.decisions ?? [],
  };
}
