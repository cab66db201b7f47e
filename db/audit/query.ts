// Reading the audit trail: a person's or a case's page, and the whole trail as a stream for export.
import { conditions, pageLimit, seqFromCursor, toInstant, toPage, type Instant, type Page, type Queryable } from '../sql';
import { toAuditEvent, type AuditEvent, type AuditRow } from './types';

export interface AuditFilter {
  employeeId?: string;
  caseId?: string;
  /** Inclusive. */
  from?: Instant;
  /** Exclusive. */
  to?: Instant;
}

export interface ListAuditQuery extends AuditFilter {
  limit?: number;
  cursor?: string | null;
}

async function fetchPage(db: Queryable, f: AuditFilter, afterSeq: number | null, limit: number): Promise<AuditRow[]> {
  const c = conditions();
  if (f.employeeId) c.add('employee_id = ?', f.employeeId);
  if (f.caseId) c.add('case_id = ?', f.caseId);
  if (f.from !== undefined) c.add('at >= ?', toInstant(f.from));
  if (f.to !== undefined) c.add('at < ?', toInstant(f.to));
  if (afterSeq !== null) c.add('seq > ?', afterSeq);
  const res = await db.query<AuditRow>(`SELECT * FROM audit_events ${c.where()} ORDER BY seq LIMIT ${c.param(limit)}`, c.params);
  return res.rows;
}

/** Oldest first (chain order), keyset on seq. */
export async function listAudit(db: Queryable, q: ListAuditQuery = {}): Promise<Page<AuditEvent>> {
  const limit = pageLimit(q.limit);
  const rows = await fetchPage(db, q, seqFromCursor(q.cursor), limit + 1);
  return toPage(rows, limit, toAuditEvent, (r) => [Number(r.seq)]);
}

export interface ExportAuditOptions extends AuditFilter {
  /** Rows per round trip; memory is bounded by one page. */
  pageSize?: number;
}

/**
 * Streams matching events in chain order with keyset pages rather than one long transaction holding a cursor:
 * on the embedded server an open transaction would stall every other connection for as long as the slowest
 * client takes to download the export. Each page is its own short query, so memory stays one page however
 * many events there are. Events appended while the export runs are included if they match.
 */
export async function* exportAudit(db: Queryable, opts: ExportAuditOptions = {}): AsyncGenerator<AuditEvent, void, undefined> {
  const pageSize = Math.max(1, Math.min(opts.pageSize ?? 1000, 10_000));
  let after: number | null = null;
  for (;;) {
    const rows = await fetchPage(db, opts, after, pageSize);
    for (const row of rows) yield toAuditEvent(row);
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = Number(last.seq);
  }
}
