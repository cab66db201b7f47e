// The audit trail and who-had-what-when (PRODUCT.md §6), for auditors and admins: a person's trail,
// the whole trail as a streamed export (constant memory), the hash-chain check, access at an instant,
// and the snapshots taken at leaving.
import { once } from 'node:events';
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { badRequest, notFound } from '../http/problem';
import { caseIdString, employeeIdString } from '../../domain/safe-text';
import { employeeIdParam, isoInstant, pageParams } from '../http/schemas';
import { parseOr400 } from '../http/validate';
import { csvHeader, csvRow, jsonlRow } from './audit-export';

const range = {
  from: isoInstant.optional(),
  to: isoInstant.optional(),
};
const checkRange = (q: { from?: string; to?: string }): void => {
  if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) throw badRequest('from is after to', [{ field: 'from', message: 'must not be after to' }]);
};

export const personAuditQuery = z.strictObject({ ...range, caseId: caseIdString.optional(), ...pageParams });
export const exportQuery = z.strictObject({ format: z.enum(['csv', 'jsonl']).default('jsonl'), ...range, employeeId: employeeIdString.optional() });
export const accessQuery = z.strictObject({ at: isoInstant, employeeId: employeeIdString.optional() });

export function auditRouter(deps: ApiDeps): Router {
  const r = Router();
  const readers = requireRole({ tokens: deps.tokens }, ['admin', 'auditor']);

  r.get('/v1/people/:employeeId/audit', readers, async (req, res) => {
    const { employeeId } = parseOr400(employeeIdParam, req.params, 'path');
    const q = parseOr400(personAuditQuery, req.query, 'query');
    checkRange(q);
    if (!(await deps.store.getPerson(employeeId))) throw notFound(`no person ${employeeId}`);
    const page = await deps.store.listAudit({ employeeId, ...q });
    res.json({ items: page.items, nextCursor: page.nextCursor });
  });

  r.get('/v1/audit/export', readers, async (req, res) => {
    const q = parseOr400(exportQuery, req.query, 'query');
    checkRange(q);
    const csv = q.format === 'csv';
    res.status(200)
      .type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="gatehouse-audit.${q.format}"`)
      .set('Cache-Control', 'no-store');
    if (csv) res.write(csvHeader());
    // One page of events in memory at a time; wait for the client when its buffer is full.
    for await (const event of deps.store.exportAudit({ from: q.from, to: q.to, employeeId: q.employeeId })) {
      if (res.destroyed) return;
      if (!res.write(csv ? csvRow(event) : jsonlRow(event))) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  });

  r.get('/v1/audit/verify', readers, async (_req, res) => {
    res.json(await deps.store.verifyAuditChain());
  });

  r.get('/v1/access', readers, async (req, res) => {
    const q = parseOr400(accessQuery, req.query, 'query');
    res.json(await deps.store.accessAt(q.at, { employeeId: q.employeeId }));
  });

  r.get('/v1/people/:employeeId/access-snapshots', readers, async (req, res) => {
    const { employeeId } = parseOr400(employeeIdParam, req.params, 'path');
    parseOr400(z.strictObject({}), req.query, 'query');
    if (!(await deps.store.getPerson(employeeId))) throw notFound(`no person ${employeeId}`);
    res.json({ items: await deps.store.listAccessSnapshots(employeeId) });
  });
  return r;
}
