// Reconciliation (README "Reconciliation"): run one now, read a run's report, export its findings, and
// remediate selected findings behind four eyes: an admin requests, a second admin approves, and each finding
// then runs as a case of its own (remediationWorkflow). A request is a dry run unless it says otherwise.
import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { Gauge } from 'prom-client';
import { z } from 'zod';
import type { ReconciliationRun } from '../../db';
import type { Finding } from '../../domain/reconciliation';
import { safeNote } from '../../domain/safe-text';
import type { RemediationStep } from '../../activities/reconciliation';
import type { reconciliationWorkflow, remediationWorkflow } from '../../workflows/reconciliation';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { conflict, forbidden, notFound } from '../http/problem';
import { parseOr400 } from '../http/validate';
import { csvField } from './audit-export';

export const runParam = z.strictObject({ id: z.string().regex(/^reconciliation-[A-Za-z0-9._:-]{1,180}$/, 'a reconciliation id') });
export const requestParam = z.strictObject({ id: z.uuid() });
export const findingsExportQuery = z.strictObject({ format: z.enum(['csv', 'jsonl']).default('csv') });
export const remediationBody = z.strictObject({
  findingIds: z.array(z.string().min(1).max(600)).min(1).max(500),
  reason: safeNote(1000, { required: true }),
  /** Dry run unless set to false: nothing changes in any system. */
  dryRun: z.boolean().default(true),
});
export const remediationDecisionBody = z.strictObject({ comment: safeNote(1000).optional() });

export const FINDING_CSV_COLUMNS = ['id', 'kind', 'system', 'externalId', 'ownerId', 'reason', 'target', 'monthlyCost', 'action'] as const;

function findingCsv(f: Finding): string {
  const cells: unknown[] = [f.id, f.kind, f.system, f.externalId, f.ownerId, f.reason, f.target ? `${f.target.kind}:${f.target.ref}` : '', f.monthlyCost, f.action?.kind];
  return `${cells.map(csvField).join(',')}\r\n`;
}

function runView(run: ReconciliationRun) {
  return {
    id: run.id, status: run.status, trigger: run.trigger, requestedBy: run.requestedBy, startedAt: run.startedAt,
    finishedAt: run.finishedAt, error: run.error, ...(run.report ?? {}),
  };
}

/** Gauges of the newest finished run, read from the record at scrape time. */
function registerMetrics(deps: ApiDeps): void {
  const registry = deps.metrics?.registry;
  if (!registry || registry.getSingleMetric('gatehouse_reconciliation_findings')) return;
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, run: ReconciliationRun | null) => void) =>
    new Gauge({
      name, help, labelNames, registers: [registry],
      async collect() {
        const run = await deps.store.lastFinishedReconciliation();
        this.reset();
        fill(this, run);
      },
    });
  gauge('gatehouse_reconciliation_findings', 'Findings of the newest finished reconciliation run, by kind', ['kind'], (g, run) => {
    for (const f of run?.report?.findings ?? []) g.inc({ kind: f.kind });
  });
  gauge('gatehouse_reconciliation_accounts', 'Accounts of the newest finished reconciliation run, by system and situation', ['system', 'situation'], (g, run) => {
    for (const a of run?.report?.accounts ?? []) g.inc({ system: a.system, situation: a.situation });
  });
  gauge('gatehouse_reconciliation_monthly_cost', "Monthly cost of the newest finished run's findings, by kind and currency", ['kind', 'currency'], (g, run) => {
    const cost = run?.report?.cost;
    if (cost) for (const [kind, value] of Object.entries(cost.byKind)) g.set({ kind, currency: cost.currency }, value);
  });
  gauge('gatehouse_reconciliation_complete', '1 when the newest finished run read every system completely, else 0', [], (g, run) => {
    g.set(run?.status === 'complete' ? 1 : 0);
  });
}

export function reconciliationsRouter(deps: ApiDeps): Router {
  const r = Router();
  const admins = requireRole({ tokens: deps.tokens }, ['admin']);
  const readers = requireRole({ tokens: deps.tokens }, ['admin', 'auditor']);
  registerMetrics(deps);

  async function runOr404(id: string): Promise<ReconciliationRun> {
    const run = await deps.store.getReconciliationRun(id);
    if (!run) throw notFound(`no reconciliation ${id} (a run just started appears within seconds)`);
    return run;
  }

  r.post('/v1/reconciliations', admins, async (req, res) => {
    const id = `reconciliation-${randomUUID()}`;
    const settings = deps.reconciliation ?? { maxDropShare: 0.2 };
    await deps.temporal.workflow.start<typeof reconciliationWorkflow>('reconciliationWorkflow', {
      workflowId: id, taskQueue: deps.taskQueue,
      args: [{ trigger: 'manual', requestedBy: req.caller!.name, maxDropShare: settings.maxDropShare, ...(settings.pageSize ? { pageSize: settings.pageSize } : {}) }],
      staticSummary: 'reconciliation run requested by an admin',
    });
    res.status(202).location(`/v1/reconciliations/${id}`).json({ reconciliationId: id, workflowId: id, status: 'running' });
  });

  r.get('/v1/reconciliations/:id', readers, async (req, res) => {
    const { id } = parseOr400(runParam, req.params, 'path');
    res.json(runView(await runOr404(id)));
  });

  r.get('/v1/reconciliations/:id/export', readers, async (req, res: Response) => {
    const { id } = parseOr400(runParam, req.params, 'path');
    const { format } = parseOr400(findingsExportQuery, req.query, 'query');
    const run = await runOr404(id);
    const findings = run.report?.findings ?? [];
    if (format === 'jsonl') {
      res.type('application/x-ndjson').send(findings.map((f) => `${JSON.stringify(f)}\n`).join(''));
      return;
    }
    res.type('text/csv').attachment(`${id}.csv`).send(`${FINDING_CSV_COLUMNS.join(',')}\r\n${findings.map(findingCsv).join('')}`);
  });

  r.post('/v1/reconciliations/:id/remediations', admins, async (req, res) => {
    const { id } = parseOr400(runParam, req.params, 'path');
    const body = parseOr400(remediationBody, req.body, 'remediation request');
    const run = await runOr404(id);
    if (run.status !== 'complete' || !run.report) throw conflict(`reconciliation ${id} is ${run.status}: only a complete run proposes remediations`);
    const proposed = new Set(run.report.proposals);
    const unknown = body.findingIds.filter((f) => !proposed.has(f));
    if (unknown.length > 0) throw conflict(`not proposed by reconciliation ${id}: ${unknown.join(', ')}`, { findingIds: unknown });
    const findingIds = [...new Set(body.findingIds)];
    const request = await deps.store.createRemediationRequest({ id: randomUUID(), runId: id, findingIds, dryRun: body.dryRun, requestedBy: req.caller!.name, reason: body.reason });
    await deps.store.appendAudit({
      idempotencyKey: `remediation:${request.id}:requested`, type: 'remediation.requested', outcome: 'pending', actor: request.requestedBy,
      details: { requestId: request.id, reconciliationId: id, findingIds, dryRun: request.dryRun },
    });
    res.status(201).location(`/v1/remediations/${request.id}`).json(request);
  });

  r.get('/v1/remediations/:id', readers, async (req, res) => {
    const { id } = parseOr400(requestParam, req.params, 'path');
    const request = await deps.store.getRemediationRequest(id);
    if (!request) throw notFound(`no remediation request ${id}`);
    res.json({ ...request, cases: request.status === 'approved' ? request.findingIds.map((_f, n) => caseId(request.id, n)) : [] });
  });

  /** A second admin's decision on a pending request, recorded and audited. */
  async function decide(req: Request, decision: 'approved' | 'rejected') {
    const { id } = parseOr400(requestParam, req.params, 'path');
    parseOr400(remediationDecisionBody, req.body ?? {}, decision === 'approved' ? 'approval' : 'rejection');
    const verb = decision === 'approved' ? 'approve' : 'reject';
    const request = await pendingRequest(deps, id, req.caller!, verb);
    const decided = await deps.store.decideRemediationRequest(id, decision, req.caller!.name);
    if (!decided) throw conflict(`remediation request ${id} was decided meanwhile`);
    await deps.store.appendAudit({
      idempotencyKey: `remediation:${id}:${decision}`, type: `remediation.${decision}`, outcome: decision === 'approved' ? 'succeeded' : 'refused',
      actor: request.requestedBy, approver: decided.decidedBy,
      details: { requestId: id, reconciliationId: request.runId, findingIds: request.findingIds, dryRun: request.dryRun },
    });
    return { id, request, decided };
  }

  r.post('/v1/remediations/:id/approve', admins, async (req, res) => {
    const { id, request, decided } = await decide(req, 'approved');
    const run = await runOr404(request.runId);
    const byId = new Map((run.report?.findings ?? []).map((f) => [f.id, f]));
    const logins = new Map((run.report?.accounts ?? []).map((a) => [`${a.system}\u0000${a.externalId}`, a.login]));
    const cases: string[] = [];
    for (const [n, findingId] of request.findingIds.entries()) {
      const finding = byId.get(findingId)!;
      const step: RemediationStep = {
        requestId: id, reconciliationId: request.runId, finding, login: logins.get(`${finding.system}\u0000${finding.externalId}`) ?? finding.externalId,
        requestedBy: request.requestedBy, approvedBy: req.caller!.name, dryRun: request.dryRun,
      };
      const workflowId = caseId(id, n);
      await deps.temporal.workflow.start<typeof remediationWorkflow>('remediationWorkflow', {
        workflowId, taskQueue: deps.taskQueue, args: [step], staticSummary: `remediation ${finding.kind} (${request.dryRun ? 'dry run' : 'applied'})`,
      });
      cases.push(workflowId);
    }
    res.status(202).json({ ...decided, cases });
  });

  r.post('/v1/remediations/:id/reject', admins, async (req, res) => {
    const { decided } = await decide(req, 'rejected');
    res.json({ ...decided, cases: [] });
  });

  return r;
}

const caseId = (requestId: string, n: number) => `remediation-${requestId}-${n + 1}`;

/** The pending request a second admin may decide: the requester (or another token of the same person) may not. */
async function pendingRequest(deps: ApiDeps, id: string, caller: { name: string; employeeId?: string }, verb: string) {
  const request = await deps.store.getRemediationRequest(id);
  if (!request) throw notFound(`no remediation request ${id}`);
  if (request.status !== 'pending') throw conflict(`remediation request ${id} is ${request.status}: there is nothing to ${verb}`);
  const requester = deps.tokens.find((t) => t.name === request.requestedBy);
  const sameHolder = caller.employeeId !== undefined && requester?.employeeId !== undefined && caller.employeeId.toLowerCase() === requester.employeeId.toLowerCase();
  if (caller.name === request.requestedBy || sameHolder) throw forbidden(`${caller.name} requested remediation ${id} and may not ${verb} it: a second admin must`);
  return request;
}
