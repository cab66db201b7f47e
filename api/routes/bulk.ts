// Bulk lifecycle operations (PRODUCT.md §6): one request, one case per person. The operation and its items
// are recorded first (202 with its id), then a bulk workflow starts cases a few at a time, each with its own event id
// `bulk-<id>-<employeeId>`, so a re-run of an item reaches the person workflow as the same event and starts nothing.
// Progress: GET /v1/bulk/{id}, each item with its case and that case's current status.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { BulkItem, BulkItemStatus } from '../../db';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { notFound } from '../http/problem';
import { isoDate } from '../http/schemas';
import { parseOr400 } from '../http/validate';
import type { bulkWorkflow } from '../../workflows/bulk';
import { employeeIdString, safeNote } from '../../domain/safe-text';

export const bulkBody = z
  .strictObject({
    operation: z.enum(['leaver', 'suspend', 'reactivate']),
    employeeIds: z.array(employeeIdString).min(1).max(500),
    reason: safeNote(1000, { required: true }),
    effectiveDate: isoDate.optional(),
    immediate: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.employeeIds.forEach((id, i) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['employeeIds', i], message: `${id} is listed twice` });
      seen.add(id);
    });
    if (b.effectiveDate && b.immediate) ctx.addIssue({ code: 'custom', path: ['immediate'], message: 'give effectiveDate or immediate, not both' });
    if (!b.effectiveDate && !b.immediate) ctx.addIssue({ code: 'custom', path: ['effectiveDate'], message: 'give an effectiveDate or immediate: true' });
  });
export type BulkRequest = z.infer<typeof bulkBody>;
export const bulkParam = z.strictObject({ id: z.uuid() });

const CLOSED_OK = new Set(['completed']);
const CLOSED_NOT_OK = new Set(['cancelled', 'rejected', 'superseded', 'failed']);

export function bulkRouter(deps: ApiDeps): Router {
  const r = Router();
  const admins = requireRole({ tokens: deps.tokens }, ['admin']);

  r.post('/v1/bulk', admins, async (req, res) => {
    const body = parseOr400(bulkBody, req.body, 'bulk request');
    const id = randomUUID();
    const by = req.caller!.name;
    const op = await deps.store.createBulk({
      id, request: body, requestedBy: by, items: body.employeeIds.map((e) => ({ employeeId: e, request: null })),
    });
    // The run itself is a workflow: it survives a crash of this process and resumes with what is left.
    await deps.temporal.workflow.start<typeof bulkWorkflow>('bulkWorkflow', {
      workflowId: `bulk-${id}`, taskQueue: deps.taskQueue,
      args: [{ bulkId: id, request: body, requestedBy: by, concurrency: deps.bulkConcurrency ?? 8 }],
      staticSummary: `bulk ${body.operation} of ${body.employeeIds.length} people`,
    });
    res.status(202).location(`/v1/bulk/${id}`).json({ bulkId: id, total: op.progress.total });
  });

  r.get('/v1/bulk/:id', admins, async (req, res) => {
    const { id } = parseOr400(bulkParam, req.params, 'path');
    const op = await deps.store.getBulk(id);
    if (!op) throw notFound(`no bulk operation ${id}`);
    // One at a time: the store closes the operation when an update leaves no item open, which concurrent
    // updates (each seeing the other still open) would miss.
    const items = [];
    for (const item of op.items) items.push(await withCase(deps, id, item));
    const counts = { total: items.length, pending: 0, started: 0, completed: 0, failed: 0, skipped: 0 } as Record<BulkItemStatus | 'total', number>;
    for (const i of items) counts[i.status] += 1;
    const last = op.items[op.items.length - 1];
    if (op.status === 'running' && counts.pending === 0 && counts.started === 0 && last) {
      // Every item has ended but the operation was not closed (items ended concurrently): close it now.
      const ended = items[items.length - 1]!;
      await deps.store.updateBulkItem({ bulkId: id, employeeId: last.employeeId, status: ended.status, caseId: last.caseId, error: last.error });
    }
    const refreshed = items.some((i, n) => i.status !== op.items[n]?.status) || op.status === 'running' ? await deps.store.getBulk(id) : op;
    res.json({
      id: op.id, operation: (op.request as BulkRequest).operation, requestedBy: op.requestedBy, status: refreshed?.status ?? op.status,
      createdAt: op.createdAt, completedAt: refreshed?.completedAt ?? null, counts, items,
    });
  });
  return r;
}

/** An item with its case's current status; a started item whose case has closed is brought up to date. */
async function withCase(deps: ApiDeps, bulkId: string, item: BulkItem) {
  const c = item.caseId ? await deps.store.getCase(item.caseId) : null;
  let status = item.status;
  if (status === 'started' && c && (CLOSED_OK.has(c.status) || CLOSED_NOT_OK.has(c.status))) {
    status = CLOSED_OK.has(c.status) ? 'completed' : 'failed';
    await deps.store.updateBulkItem({ bulkId, employeeId: item.employeeId, status, caseId: item.caseId, error: status === 'failed' ? `case ${c.status}` : null });
  }
  return {
    employeeId: item.employeeId, status, caseId: item.caseId ?? undefined, caseStatus: c?.status, outcome: c?.outcome ?? undefined,
    error: item.error ?? (status === 'failed' && c ? `case ${c.status}` : undefined),
  };
}
