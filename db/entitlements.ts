// Entitlement assignments as validity intervals: granted at valid_from, held until valid_to closes it.
// A scheduled removal (mover grace period) keeps the interval open until the removal is carried out.
import type { EntitlementSource, EntitlementStatus } from '../domain/lifecycle';
import { iso, isoOrNull, toInstant, toInstantOrNull, type Instant, type Queryable } from './sql';

export interface EntitlementAssignment {
  id: string;
  employeeId: string;
  entitlementId: string;
  system: string;
  source: EntitlementSource;
  status: EntitlementStatus;
  validFrom: string;
  validTo: string | null;
  grantedByCase: string | null;
  removedByCase: string | null;
  removeAt: string | null;
  reason: string | null;
  expiresAt: string | null;
}

export interface GrantEntitlementInput {
  employeeId: string;
  entitlementId: string;
  system: string;
  source: EntitlementSource;
  caseId: string | null;
  reason?: string | null;
  /** Temporary access: the case removes it at this time. */
  expiresAt?: Instant | null;
  at: Instant;
}

export interface EntitlementRow {
  id: string;
  employee_id: string;
  entitlement_id: string;
  system: string;
  source: EntitlementSource;
  status: EntitlementStatus;
  valid_from: Date;
  valid_to: Date | null;
  granted_by_case: string | null;
  removed_by_case: string | null;
  remove_at: Date | null;
  reason: string | null;
  expires_at: Date | null;
}

export function toAssignment(r: EntitlementRow): EntitlementAssignment {
  return {
    id: r.id,
    employeeId: r.employee_id,
    entitlementId: r.entitlement_id,
    system: r.system,
    source: r.source,
    status: r.status,
    validFrom: iso(r.valid_from),
    validTo: isoOrNull(r.valid_to),
    grantedByCase: r.granted_by_case,
    removedByCase: r.removed_by_case,
    removeAt: isoOrNull(r.remove_at),
    reason: r.reason,
    expiresAt: isoOrNull(r.expires_at),
  };
}

const OPEN = `status <> 'removed'`;

/** Restricts a statement to one source when given ($n is the source parameter, or null for every source). */
const sourceIs = (n: number) => `($${n}::text IS NULL OR source = $${n})`;

async function findOpen(db: Queryable, employeeId: string, entitlementId: string, source?: EntitlementSource): Promise<EntitlementRow | null> {
  const res = await db.query<EntitlementRow>(
    `SELECT * FROM entitlement_assignments WHERE employee_id = $1 AND entitlement_id = $2 AND ${OPEN} AND ${sourceIs(3)}
     ORDER BY valid_from LIMIT 1`,
    [employeeId, entitlementId, source ?? null],
  );
  return res.rows[0] ?? null;
}

/**
 * Idempotent: an open (active or pending removal) assignment of the same entitlement from the same source is
 * returned as is, so a retried grant never opens a second interval. The partial unique index settles
 * concurrent grants. The same entitlement from another source (manual beside birthright) is its own interval.
 */
export async function grantEntitlement(db: Queryable, input: GrantEntitlementInput): Promise<EntitlementAssignment> {
  const res = await db.query<EntitlementRow>(
    `INSERT INTO entitlement_assignments
       (employee_id, entitlement_id, system, source, status, valid_from, granted_by_case, reason, expires_at)
     VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8)
     ON CONFLICT (employee_id, entitlement_id, source) WHERE ${OPEN} DO NOTHING
     RETURNING *`,
    [
      input.employeeId, input.entitlementId, input.system, input.source, toInstant(input.at), input.caseId,
      input.reason ?? null, toInstantOrNull(input.expiresAt),
    ],
  );
  const row = res.rows[0] ?? (await findOpen(db, input.employeeId, input.entitlementId, input.source));
  if (!row) throw new Error('grantEntitlement: assignment vanished between insert and read');
  return toAssignment(row);
}

/**
 * Marks the open assignment (of `source`, or of every source) for removal at removeAt; it is still held until
 * removeEntitlement. Null if none is open.
 */
export async function scheduleRemoval(
  db: Queryable, input: { employeeId: string; entitlementId: string; removeAt: Instant; caseId: string | null; source?: EntitlementSource },
): Promise<EntitlementAssignment | null> {
  const res = await db.query<EntitlementRow>(
    `UPDATE entitlement_assignments
       SET status = 'pending_removal', remove_at = $3, removed_by_case = $4, updated_at = now()
     WHERE employee_id = $1 AND entitlement_id = $2 AND ${OPEN} AND ${sourceIs(5)}
     RETURNING *`,
    [input.employeeId, input.entitlementId, toInstant(input.removeAt), input.caseId, input.source ?? null],
  );
  return res.rows[0] ? toAssignment(res.rows[0]) : null;
}

/** A reversal within the grace period: the assignment is active again, its interval never interrupted. */
export async function cancelRemoval(
  db: Queryable, input: { employeeId: string; entitlementId: string; caseId: string | null; source?: EntitlementSource },
): Promise<EntitlementAssignment | null> {
  const res = await db.query<EntitlementRow>(
    `UPDATE entitlement_assignments
       SET status = 'active', remove_at = NULL, removed_by_case = NULL, updated_at = now()
     WHERE employee_id = $1 AND entitlement_id = $2 AND status = 'pending_removal' AND ${sourceIs(3)}
     RETURNING *`,
    [input.employeeId, input.entitlementId, input.source ?? null],
  );
  return res.rows[0] ? toAssignment(res.rows[0]) : await openOrNull(db, input.employeeId, input.entitlementId, input.source);
}

async function openOrNull(db: Queryable, employeeId: string, entitlementId: string, source?: EntitlementSource): Promise<EntitlementAssignment | null> {
  const row = await findOpen(db, employeeId, entitlementId, source);
  return row ? toAssignment(row) : null;
}

/**
 * Closes the interval at `at`. Idempotent: when nothing is open (a retry after success), the latest closed
 * assignment is returned; null when the person never held it.
 */
export async function removeEntitlement(
  db: Queryable, input: { employeeId: string; entitlementId: string; caseId: string | null; at: Instant; source?: EntitlementSource },
): Promise<EntitlementAssignment | null> {
  const res = await db.query<EntitlementRow>(
    `UPDATE entitlement_assignments
       SET status = 'removed', valid_to = GREATEST(valid_from, $3::timestamptz),
           removed_by_case = COALESCE($4, removed_by_case), updated_at = now()
     WHERE employee_id = $1 AND entitlement_id = $2 AND ${OPEN} AND ${sourceIs(5)}
     RETURNING *`,
    [input.employeeId, input.entitlementId, toInstant(input.at), input.caseId, input.source ?? null],
  );
  if (res.rows[0]) return toAssignment(res.rows[0]);
  const last = await db.query<EntitlementRow>(
    `SELECT * FROM entitlement_assignments WHERE employee_id = $1 AND entitlement_id = $2
     ORDER BY valid_to DESC NULLS FIRST LIMIT 1`,
    [input.employeeId, input.entitlementId],
  );
  return last.rows[0] ? toAssignment(last.rows[0]) : null;
}

export async function listEntitlements(
  db: Queryable, employeeId: string, opts: { includeRemoved?: boolean } = {},
): Promise<EntitlementAssignment[]> {
  const res = await db.query<EntitlementRow>(
    `SELECT * FROM entitlement_assignments WHERE employee_id = $1 ${opts.includeRemoved ? '' : `AND ${OPEN}`}
     ORDER BY valid_from, entitlement_id, id`,
    [employeeId],
  );
  return res.rows.map(toAssignment);
}

/** Open assignments whose scheduled removal or expiry is due by `at`: what a sweeper or a case would act on. */
export async function listDueRemovals(db: Queryable, at: Instant): Promise<EntitlementAssignment[]> {
  const res = await db.query<EntitlementRow>(
    `SELECT * FROM entitlement_assignments
     WHERE ${OPEN} AND (remove_at <= $1 OR expires_at <= $1) ORDER BY COALESCE(remove_at, expires_at), id`,
    [toInstant(at)],
  );
  return res.rows.map(toAssignment);
}
