// Bulk operations: one request, one item (and one case) per person, with progress counts.
import { randomUUID } from 'node:crypto';
import { iso, isoOrNull, withTransaction, type Queryable } from './sql';
import type pg from 'pg';

export const BULK_ITEM_STATUSES = ['pending', 'started', 'completed', 'failed', 'skipped'] as const;
export type BulkItemStatus = (typeof BULK_ITEM_STATUSES)[number];
export type BulkStatus = 'running' | 'completed' | 'completed_with_errors';

export interface BulkItem {
  employeeId: string;
  request: unknown;
  status: BulkItemStatus;
  caseId: string | null;
  error: string | null;
  updatedAt: string;
}

export interface BulkProgress {
  total: number;
  pending: number;
  started: number;
  completed: number;
  failed: number;
  skipped: number;
}

export interface BulkOperation {
  id: string;
  request: unknown;
  requestedBy: string;
  status: BulkStatus;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  progress: BulkProgress;
  items: BulkItem[];
}

export interface CreateBulkInput {
  /** Give the id (the bulk workflow id) so a retried creation finds the operation it already made. */
  id?: string;
  request: unknown;
  requestedBy: string;
  items: { employeeId: string; request: unknown }[];
}

export interface UpdateBulkItemInput {
  bulkId: string;
  employeeId: string;
  status: BulkItemStatus;
  caseId?: string | null;
  error?: string | null;
}

/** Idempotent on id: items already present are left as they are. */
export async function createBulk(pool: pg.Pool, input: CreateBulkInput): Promise<BulkOperation> {
  const id = input.id ?? randomUUID();
  await withTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO bulk_operations (id, request, requested_by) VALUES ($1, $2::jsonb, $3) ON CONFLICT (id) DO NOTHING`,
      [id, JSON.stringify(input.request), input.requestedBy],
    );
    // One statement for all items: a bulk over a whole company stays one round trip.
    await client.query(
      `INSERT INTO bulk_items (bulk_id, employee_id, request)
       SELECT $1, e->>'employeeId', COALESCE(e->'request', 'null'::jsonb) FROM jsonb_array_elements($2::jsonb) AS e
       ON CONFLICT (bulk_id, employee_id) DO NOTHING`,
      [id, JSON.stringify(input.items.map((i) => ({ employeeId: i.employeeId, request: i.request ?? null })))],
    );
  });
  const op = await getBulk(pool, id);
  if (!op) throw new Error('createBulk: operation vanished between insert and read');
  return op;
}

/** Records one item's progress and closes the operation once no item is pending or started. */
export async function updateBulkItem(pool: pg.Pool, input: UpdateBulkItemInput): Promise<BulkItem | null> {
  return withTransaction(pool, async (client) => {
    const res = await client.query<BulkItemRow>(
      `UPDATE bulk_items SET status = $3, case_id = COALESCE($4, case_id), error = $5, updated_at = now()
       WHERE bulk_id = $1 AND employee_id = $2 RETURNING *`,
      [input.bulkId, input.employeeId, input.status, input.caseId ?? null, input.error ?? null],
    );
    await client.query(
      `UPDATE bulk_operations o SET
         status = CASE WHEN EXISTS (SELECT 1 FROM bulk_items i WHERE i.bulk_id = o.id AND i.status = 'failed')
                       THEN 'completed_with_errors' ELSE 'completed' END,
         completed_at = now(), updated_at = now()
       WHERE o.id = $1 AND o.status = 'running'
         AND NOT EXISTS (SELECT 1 FROM bulk_items i WHERE i.bulk_id = o.id AND i.status IN ('pending', 'started'))`,
      [input.bulkId],
    );
    return res.rows[0] ? toItem(res.rows[0]) : null;
  });
}

interface BulkItemRow {
  employee_id: string;
  request: unknown;
  status: BulkItemStatus;
  case_id: string | null;
  error: string | null;
  updated_at: Date;
}

function toItem(r: BulkItemRow): BulkItem {
  return {
    employeeId: r.employee_id, request: r.request, status: r.status, caseId: r.case_id, error: r.error,
    updatedAt: iso(r.updated_at),
  };
}

export async function getBulk(db: Queryable, id: string): Promise<BulkOperation | null> {
  const op = await db.query<{
    id: string; request: unknown; requested_by: string; status: BulkStatus; created_at: Date; updated_at: Date;
    completed_at: Date | null;
  }>('SELECT * FROM bulk_operations WHERE id = $1', [id]);
  const row = op.rows[0];
  if (!row) return null;
  const items = (await db.query<BulkItemRow>('SELECT * FROM bulk_items WHERE bulk_id = $1 ORDER BY employee_id', [id]))
    .rows.map(toItem);
  const progress: BulkProgress = { total: items.length, pending: 0, started: 0, completed: 0, failed: 0, skipped: 0 };
  for (const item of items) progress[item.status] += 1;
  return {
    id: row.id, request: row.request, requestedBy: row.requested_by, status: row.status, createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at), completedAt: isoOrNull(row.completed_at), progress, items,
  };
}
