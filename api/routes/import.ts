// POST /v1/import (admin): today's spreadsheet of people and devices, as CSV, so a company starts from what it
// has. A dry run by default: who would join, move or leave, which devices would be registered, and the rows
// refused with why. With "apply": true, each change is accepted as an HR event on the /v1/hr/events path
// (leavers meet the mass-leaver safeguard; the same file again is the same events) and devices are registered.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { Router } from 'express';
import { z } from 'zod';
import { auditableAsset } from '../../domain/audit-attributes';
import { IMPORT_COLUMNS, planImport, type ImportPerson, type ImportPlan, type PlannedChange } from '../../domain/import-plan';
import { HrEventRefused, acceptHrEvent } from '../../orchestration/hr-intake';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { badRequest } from '../http/problem';
import { parseOr400 } from '../http/validate';
import { hrIntakeContext } from './hr-events';

export const importBody = z.strictObject({
  csv: z.string().min(1).max(60_000).describe(`CSV with a header row; columns ${IMPORT_COLUMNS.join(', ')} (employeeId, names, department, location, jobTitle required)`),
  apply: z.boolean().optional().describe('false (the default) is a dry run'),
});

const todayIn = (tz: string, at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
const presentChange = (c: PlannedChange) => ({ row: c.row, employeeId: c.employeeId, eventId: c.event.eventId, effectiveDate: c.event.effectiveDate, immediate: c.event.immediate });
const presentPlan = (p: ImportPlan) => ({
  join: p.join.map(presentChange), move: p.move.map(presentChange), leave: p.leave.map(presentChange), unchanged: p.unchanged,
  devices: p.devices, refused: p.refused,
});

function readCsv(csv: string): Array<Record<string, unknown>> {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (e) {
    throw badRequest(`the CSV does not parse: ${(e as Error).message.split('\n')[0]?.slice(0, 200) ?? ''}`);
  }
  const [header, ...rows] = records;
  if (!header) throw badRequest('the CSV is empty');
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) throw badRequest(`unknown columns: ${unknown.join(', ')} (known: ${IMPORT_COLUMNS.join(', ')})`);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

export function importRouter(deps: ApiDeps): Router {
  const r = Router();
  const ctx = hrIntakeContext(deps);
  r.post('/v1/import', requireRole({ tokens: deps.tokens }, ['admin']), async (req, res) => {
    const body = parseOr400(importBody, req.body, 'import');
    const caller = req.caller!;
    const rows = readCsv(body.csv);
    const people = new Map<string, ImportPerson>();
    for (const id of new Set(rows.map((x) => String(x.employeeId ?? '')).filter(Boolean))) {
      const p = await deps.store.getPerson(id).catch(() => null);
      if (p) people.set(id, { ...p, deviceSerials: (await deps.store.listAssets(id)).map((a) => a.serial).filter((s): s is string => Boolean(s)) });
    }
    const eventKey = createHash('sha256').update(body.csv).digest('hex').slice(0, 16);
    const plan = planImport(rows, people, { eventKey, today: todayIn(deps.companyTimeZone, deps.now?.() ?? Date.now()) });
    if (!body.apply) {
      res.json({ dryRun: true, ...presentPlan(plan) });
      return;
    }
    const results = [];
    for (const change of [...plan.join, ...plan.move, ...plan.leave]) {
      try {
        const a = await acceptHrEvent(ctx, change.event, { name: caller.name, admin: true });
        if (a.started) deps.metrics?.casesStarted.inc({ type: change.event.type });
        results.push({ row: change.row, employeeId: change.employeeId, type: change.event.type, caseId: a.caseId, duplicate: a.duplicate, held: a.held === true });
      } catch (e) {
        if (!(e instanceof HrEventRefused)) throw e;
        results.push({ row: change.row, employeeId: change.employeeId, type: change.event.type, refused: e.message });
      }
    }
    const registered = [];
    for (const d of plan.devices.filter((x) => !x.afterJoin)) {
      const asset = await deps.store.addAsset({
        id: `import-${createHash('sha256').update(d.serial).digest('hex').slice(0, 24)}`, kind: 'device', name: d.name, serial: d.serial, model: d.model,
        employeeId: d.employeeId, status: 'assigned',
      });
      await deps.store.appendAudit({
        idempotencyKey: `asset:${asset.id}:assigned:import`, employeeId: asset.employeeId, type: 'asset.assigned', outcome: 'succeeded', actor: caller.name,
        after: auditableAsset(asset), details: { via: 'import' },
      });
      registered.push({ row: d.row, employeeId: d.employeeId, assetId: asset.id });
    }
    res.json({ dryRun: false, ...presentPlan(plan), results, registered });
  });
  return r;
}
