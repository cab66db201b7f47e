// Cases: the read model each case workflow keeps current through an activity; the API lists from it.
import type { CaseStatus, CaseType } from '../domain/lifecycle';
import { RecordNotFoundError } from './errors';
import { conditions, iso, isoOrNull, pageLimit, seqFromCursor, toInstantOrNull, toPage, type Instant, type Page, type Queryable } from './sql';

export interface CaseRecord {
  caseId: string;
  workflowId: string;
  employeeId: string;
  type: CaseType;
  status: CaseStatus;
  outcome: string | null;
  effectiveAt: string | null;
  eventId: string | null;
  requestedBy: string | null;
  slaBreached: boolean;
  /** The last case state the workflow reported (steps, approvals, scheduled actions). */
  state: unknown;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface RecordCaseInput {
  caseId: string;
  workflowId: string;
  employeeId: string;
  type: CaseType;
  status: CaseStatus;
  eventId?: string | null;
  requestedBy?: string | null;
  effectiveAt?: Instant | null;
  state?: unknown;
}

export interface UpdateCaseStateInput {
  status: CaseStatus;
  outcome?: string | null;
  slaBreached?: boolean;
  effectiveAt?: Instant | null;
  state: unknown;
}

interface CaseRow {
  case_id: string;
  seq: string;
  workflow_id: string;
  employee_id: string;
  type: CaseType;
  status: CaseStatus;
  outcome: string | null;
  effective_at: Date | null;
  event_id: string | null;
  requested_by: string | null;
  sla_breached: boolean;
  state: unknown;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

/** Statuses after which a case does nothing more: they stamp closed_at. */
const CLOSED: readonly CaseStatus[] = ['completed', 'cancelled', 'rejected', 'superseded', 'failed'];

function toCase(r: CaseRow): CaseRecord {
  return {
    caseId: r.case_id,
    workflowId: r.workflow_id,
    employeeId: r.employee_id,
    type: r.type,
    status: r.status,
    outcome: r.outcome,
    effectiveAt: isoOrNull(r.effective_at),
    eventId: r.event_id,
    requestedBy: r.requested_by,
    slaBreached: r.sla_breached,
    state: r.state,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    closedAt: isoOrNull(r.closed_at),
  };
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Insert or update: a retried start writes the same row again. Fields left undefined keep their stored value. */
export async function recordCase(db: Queryable, input: RecordCaseInput): Promise<CaseRecord> {
  const res = await db.query<CaseRow>(
    `INSERT INTO cases (case_id, workflow_id, employee_id, type, status, event_id, requested_by, effective_at, state,
                        closed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, CASE WHEN $5 = ANY($10::text[]) THEN now() END)
     ON CONFLICT (case_id) DO UPDATE SET
       workflow_id = EXCLUDED.workflow_id,
       status = EXCLUDED.status,
       event_id = COALESCE(EXCLUDED.event_id, cases.event_id),
       requested_by = COALESCE(EXCLUDED.requested_by, cases.requested_by),
       effective_at = CASE WHEN $11 THEN EXCLUDED.effective_at ELSE cases.effective_at END,
       state = COALESCE(EXCLUDED.state, cases.state),
       closed_at = CASE WHEN EXCLUDED.status = ANY($10::text[]) THEN COALESCE(cases.closed_at, now()) END,
       updated_at = now()
     RETURNING *`,
    [
      input.caseId, input.workflowId, input.employeeId, input.type, input.status, input.eventId ?? null,
      input.requestedBy ?? null, toInstantOrNull(input.effectiveAt), json(input.state), CLOSED,
      input.effectiveAt !== undefined,
    ],
  );
  return toCase(res.rows[0]!);
}

/** The workflow reports its state after each step; the latest report wins. */
export async function updateCaseState(db: Queryable, caseId: string, input: UpdateCaseStateInput): Promise<CaseRecord> {
  const res = await db.query<CaseRow>(
    `UPDATE cases SET
       status = $2,
       outcome = CASE WHEN $3 THEN $4 ELSE outcome END,
       sla_breached = COALESCE($5, sla_breached),
       effective_at = CASE WHEN $6 THEN $7::timestamptz ELSE effective_at END,
       state = $8::jsonb,
       closed_at = CASE WHEN $2 = ANY($9::text[]) THEN COALESCE(closed_at, now()) END,
       updated_at = now()
     WHERE case_id = $1 RETURNING *`,
    [
      caseId, input.status, input.outcome !== undefined, input.outcome ?? null, input.slaBreached ?? null,
      input.effectiveAt !== undefined, toInstantOrNull(input.effectiveAt), json(input.state), CLOSED,
    ],
  );
  const row = res.rows[0];
  if (!row) throw new RecordNotFoundError('case', caseId);
  return toCase(row);
}

export async function getCase(db: Queryable, caseId: string): Promise<CaseRecord | null> {
  const res = await db.query<CaseRow>('SELECT * FROM cases WHERE case_id = $1', [caseId]);
  return res.rows[0] ? toCase(res.rows[0]) : null;
}

export interface ListCasesQuery {
  employeeId?: string;
  type?: CaseType;
  status?: CaseStatus;
  limit?: number;
  cursor?: string | null;
}

/** Newest first, keyset on the insertion sequence. */
export async function listCases(db: Queryable, q: ListCasesQuery = {}): Promise<Page<CaseRecord>> {
  const limit = pageLimit(q.limit);
  const c = conditions();
  if (q.employeeId) c.add('employee_id = ?', q.employeeId);
  if (q.type) c.add('type = ?', q.type);
  if (q.status) c.add('status = ?', q.status);
  const before = seqFromCursor(q.cursor);
  if (before !== null) c.add('seq < ?', before);
  const res = await db.query<CaseRow>(`SELECT * FROM cases ${c.where()} ORDER BY seq DESC LIMIT ${c.param(limit + 1)}`, c.params);
  return toPage(res.rows, limit, toCase, (r) => [Number(r.seq)]);
}

/** Every case id of a person, oldest first (the record's `cases`). */
export async function listCaseIds(db: Queryable, employeeId: string): Promise<string[]> {
  const res = await db.query<{ case_id: string }>('SELECT case_id FROM cases WHERE employee_id = $1 ORDER BY seq', [
    employeeId,
  ]);
  return res.rows.map((r) => r.case_id);
}
