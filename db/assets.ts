// Assets: devices, licences and seats, with the dates they were assigned, returned or written off.
import { randomUUID } from 'node:crypto';
import { RecordNotFoundError } from './errors';
import { isoOrNull, toInstant, type Instant, type Queryable } from './sql';

export const ASSET_KINDS = ['device', 'licence', 'seat'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export const ASSET_STATUSES = ['assigned', 'returned', 'written_off'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export interface Asset {
  id: string;
  employeeId: string | null;
  kind: AssetKind;
  name: string;
  model: string | null;
  serial: string | null;
  sku: string | null;
  monthlyCost: number | null;
  status: AssetStatus;
  assignedAt: string | null;
  returnedAt: string | null;
  writtenOffAt: string | null;
  caseId: string | null;
}

export interface AddAssetInput {
  /** Give a stable id (serial, case + sku) so a retried activity finds the asset it already added. */
  id?: string;
  employeeId?: string | null;
  kind: AssetKind;
  name: string;
  model?: string | null;
  serial?: string | null;
  sku?: string | null;
  monthlyCost?: number | null;
  status?: AssetStatus;
  caseId?: string | null;
  at?: Instant;
}

interface AssetRow {
  id: string;
  employee_id: string | null;
  kind: AssetKind;
  name: string;
  model: string | null;
  serial: string | null;
  sku: string | null;
  monthly_cost: string | null;
  status: AssetStatus;
  assigned_at: Date | null;
  returned_at: Date | null;
  written_off_at: Date | null;
  case_id: string | null;
}

function toAsset(r: AssetRow): Asset {
  return {
    id: r.id,
    employeeId: r.employee_id,
    kind: r.kind,
    name: r.name,
    model: r.model,
    serial: r.serial,
    sku: r.sku,
    monthlyCost: r.monthly_cost === null ? null : Number(r.monthly_cost),
    status: r.status,
    assignedAt: isoOrNull(r.assigned_at),
    returnedAt: isoOrNull(r.returned_at),
    writtenOffAt: isoOrNull(r.written_off_at),
    caseId: r.case_id,
  };
}

/** Idempotent on id: adding an existing id returns the stored asset unchanged. */
export async function addAsset(db: Queryable, input: AddAssetInput): Promise<Asset> {
  const status = input.status ?? (input.employeeId ? 'assigned' : 'returned');
  const at = toInstant(input.at ?? new Date());
  const id = input.id ?? randomUUID();
  const res = await db.query<AssetRow>(
    `INSERT INTO assets (id, employee_id, kind, name, model, serial, sku, monthly_cost, status, assigned_at, case_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 = 'assigned' THEN $10::timestamptz END, $11)
     ON CONFLICT (id) DO NOTHING RETURNING *`,
    [
      id, input.employeeId ?? null, input.kind, input.name, input.model ?? null, input.serial ?? null, input.sku ?? null,
      input.monthlyCost ?? null, status, at, input.caseId ?? null,
    ],
  );
  const row = res.rows[0] ?? (await getAssetRow(db, id));
  if (!row) throw new Error('addAsset: asset vanished between insert and read');
  return toAsset(row);
}

async function getAssetRow(db: Queryable, id: string): Promise<AssetRow | undefined> {
  return (await db.query<AssetRow>('SELECT * FROM assets WHERE id = $1', [id])).rows[0];
}

export async function getAsset(db: Queryable, id: string): Promise<Asset | null> {
  const row = await getAssetRow(db, id);
  return row ? toAsset(row) : null;
}

/** Hands a register asset to a person (a joiner's device); idempotent for the same person. */
export async function assignAsset(
  db: Queryable, id: string, input: { employeeId: string; caseId: string | null; at?: Instant },
): Promise<Asset> {
  const res = await db.query<AssetRow>(
    `UPDATE assets SET employee_id = $2, case_id = $3, status = 'assigned', assigned_at = $4,
       returned_at = NULL, updated_at = now()
     WHERE id = $1 AND NOT (status = 'assigned' AND employee_id = $2) AND status <> 'written_off'
     RETURNING *`,
    [id, input.employeeId, input.caseId, toInstant(input.at ?? new Date())],
  );
  const row = res.rows[0] ?? (await getAssetRow(db, id));
  if (!row) throw new RecordNotFoundError('asset', id);
  return toAsset(row);
}

/** Stamps the date that goes with the status; setting the status it already has changes nothing. */
export async function setAssetStatus(db: Queryable, id: string, status: AssetStatus, at: Instant = new Date()): Promise<Asset> {
  const res = await db.query<AssetRow>(
    `UPDATE assets SET status = $2,
       assigned_at = CASE WHEN $2 = 'assigned' THEN $3::timestamptz ELSE assigned_at END,
       returned_at = CASE WHEN $2 = 'returned' THEN $3::timestamptz ELSE returned_at END,
       written_off_at = CASE WHEN $2 = 'written_off' THEN $3::timestamptz ELSE written_off_at END,
       updated_at = now()
     WHERE id = $1 AND status <> $2 RETURNING *`,
    [id, status, toInstant(at)],
  );
  const row = res.rows[0] ?? (await getAssetRow(db, id));
  if (!row) throw new RecordNotFoundError('asset', id);
  return toAsset(row);
}

export async function listAssets(db: Queryable, employeeId: string): Promise<Asset[]> {
  const res = await db.query<AssetRow>('SELECT * FROM assets WHERE employee_id = $1 ORDER BY kind, assigned_at, id', [
    employeeId,
  ]);
  return res.rows.map(toAsset);
}

/** Devices still with the person: what a leaver's device-return reminders are about. */
export async function listOpenDevices(db: Queryable, employeeId: string): Promise<Asset[]> {
  const res = await db.query<AssetRow>(
    `SELECT * FROM assets WHERE employee_id = $1 AND kind = 'device' AND status = 'assigned' ORDER BY assigned_at, id`,
    [employeeId],
  );
  return res.rows.map(toAsset);
}
