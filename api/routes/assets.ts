// Assets (PRODUCT.md §5): devices, licences and seats held by a person; an admin adds them and marks them
// returned or written off. A device change is signalled to the person's open leaver case, which is waiting
// for the devices to come back.
import { Router } from 'express';
import { z } from 'zod';
import type { Asset, AssetStatus } from '../../db';
import { devicesChangedSignal } from '../../workflows/definitions';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { conflict, notFound } from '../http/problem';
import { employeeIdParam, isoInstant } from '../http/schemas';
import { parseOr400 } from '../http/validate';
import { auditableAsset } from '../../domain/audit-attributes';
import { safeNote, safeText, safeToken } from '../../domain/safe-text';

const ASSET_KINDS = ['device', 'licence', 'seat'] as const;
const ASSET_STATUSES = ['assigned', 'returned', 'written_off'] as const;
const CLOSED_CASE = new Set(['completed', 'cancelled', 'rejected', 'superseded', 'failed']);

export const addAssetBody = z
  .strictObject({
    kind: z.enum(ASSET_KINDS),
    name: safeText(200),
    model: safeText(200).optional(),
    serial: safeText(200).optional(),
    sku: safeText(200).optional(),
    monthlyCost: z.number().nonnegative().max(1_000_000).optional(),
    assignedAt: isoInstant.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'device' && !b.serial) ctx.addIssue({ code: 'custom', path: ['serial'], message: 'a device needs a serial number' });
  });
export const listAssetsQuery = z.strictObject({ kind: z.enum(ASSET_KINDS).optional(), status: z.enum(ASSET_STATUSES).optional() });
// Asset ids may be made from a serial number (db/assets.ts), so not an id pattern: any one-line text.
export const assetParam = z.strictObject({ assetId: safeToken(200) });
export const assetActionBody = z.strictObject({ at: isoInstant.optional(), comment: safeNote(1000).optional() });

export function assetsRouter(deps: ApiDeps): Router {
  const r = Router();
  const auth = { tokens: deps.tokens };
  const readers = requireRole(auth, ['admin', 'auditor']);
  const admins = requireRole(auth, ['admin']);

  r.post('/v1/people/:employeeId/assets', admins, async (req, res) => {
    const { employeeId } = parseOr400(employeeIdParam, req.params, 'path');
    const body = parseOr400(addAssetBody, req.body, 'asset');
    if (!(await deps.store.getPerson(employeeId))) throw notFound(`no person ${employeeId}`);
    const asset = await deps.store.addAsset({ ...body, employeeId, status: 'assigned', at: body.assignedAt });
    await audit(deps, asset, 'asset.assigned', req.caller!.name, undefined);
    if (asset.kind === 'device') await signalLeaver(deps, employeeId);
    res.status(201).location(`/v1/people/${encodeURIComponent(employeeId)}/assets`).json(asset);
  });

  r.get('/v1/people/:employeeId/assets', readers, async (req, res) => {
    const { employeeId } = parseOr400(employeeIdParam, req.params, 'path');
    const q = parseOr400(listAssetsQuery, req.query, 'query');
    if (!(await deps.store.getPerson(employeeId))) throw notFound(`no person ${employeeId}`);
    const items = (await deps.store.listAssets(employeeId)).filter((a) => (!q.kind || a.kind === q.kind) && (!q.status || a.status === q.status));
    res.json({ items });
  });

  const action = (path: string, status: AssetStatus, refuseFrom: AssetStatus[]) =>
    r.post(`/v1/assets/:assetId/${path}`, admins, async (req, res) => {
      const { assetId } = parseOr400(assetParam, req.params, 'path');
      const body = parseOr400(assetActionBody, req.body ?? {}, 'request');
      const asset = await deps.store.getAsset(assetId);
      if (!asset) throw notFound(`no asset ${assetId}`);
      if (refuseFrom.includes(asset.status)) throw conflict(`asset ${assetId} is ${asset.status.replace('_', ' ')}`, { status: asset.status });
      if (asset.status === status) {
        res.json(asset); // already so: nothing changes, nothing is signalled
        return;
      }
      const updated = await deps.store.setAssetStatus(assetId, status, body.at ?? new Date(deps.now?.() ?? Date.now()));
      await audit(deps, updated, `asset.${status}`, req.caller!.name, body.comment);
      if (updated.employeeId && updated.kind === 'device') await signalLeaver(deps, updated.employeeId);
      res.json(updated);
    });
  action('return', 'returned', ['written_off']);
  action('write-off', 'written_off', []);
  return r;
}

async function audit(deps: ApiDeps, asset: Asset, type: string, actor: string, comment: string | undefined): Promise<void> {
  await deps.store.appendAudit({
    idempotencyKey: `asset:${asset.id}:${asset.status}:${asset.returnedAt ?? asset.writtenOffAt ?? asset.assignedAt ?? ''}`,
    employeeId: asset.employeeId, type, outcome: 'succeeded', actor,
    after: auditableAsset(asset), // never the name or serial: the trail cannot be erased
    details: comment ? { comment } : {},
  });
}

/** Tells the person's open leaver case(s) that their devices changed; a case that has just closed is no matter. */
async function signalLeaver(deps: ApiDeps, employeeId: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await deps.store.listCases({ employeeId, type: 'leaver', limit: 100, cursor });
    for (const c of page.items) {
      if (CLOSED_CASE.has(c.status)) continue;
      try {
        await deps.temporal.workflow.getHandle(c.workflowId).signal(devicesChangedSignal);
      } catch (err) {
        deps.logger.warn({ caseId: c.caseId, err: (err as Error).name }, 'could not signal the leaver case that devices changed');
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
