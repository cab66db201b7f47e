// Reconciliation runs and remediation requests (migration 20261205200000), and the view of the record a run
// correlates against: every person's state, accounts and held entitlements.
import type { RecordPerson, ReconciliationReport } from '../domain/reconciliation';
import type { AccountStatus, EntitlementStatus, PersonState } from '../domain/lifecycle';
import { iso, isoOrNull, type Queryable } from './sql';

export type RunStatus = 'running' | 'complete' | 'incomplete' | 'failed';
export type RunTrigger = 'schedule' | 'manual';

export interface ReconciliationRun {
  id: string;
  trigger: RunTrigger;
  requestedBy: string | null;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number> | null;
  report: ReconciliationReport | null;
  error: string | null;
}

interface RunRow {
  id: string;
  trigger: RunTrigger;
  requested_by: string | null;
  status: RunStatus;
  started_at: Date;
  finished_at: Date | null;
  counts: Record<string, number> | null;
  report: ReconciliationReport | null;
  error: string | null;
}

const toRun = (r: RunRow): ReconciliationRun => ({
  id: r.id, trigger: r.trigger, requestedBy: r.requested_by, status: r.status, startedAt: iso(r.started_at),
  finishedAt: isoOrNull(r.finished_at), counts: r.counts, report: r.report, error: r.error,
});

/** Idempotent: a retried start leaves the first row as it is. */
export async function startReconciliationRun(db: Queryable, input: { id: string; trigger: RunTrigger; requestedBy?: string | null }): Promise<void> {
  await db.query(
    `INSERT INTO reconciliation_runs (id, trigger, requested_by, status) VALUES ($1, $2, $3, 'running') ON CONFLICT (id) DO NOTHING`,
    [input.id, input.trigger, input.requestedBy ?? null],
  );
}

export async function finishReconciliationRun(
  db: Queryable,
  input: { id: string; status: Exclude<RunStatus, 'running'>; report?: ReconciliationReport; error?: string },
): Promise<void> {
  await db.query(
    `UPDATE reconciliation_runs SET status = $2, finished_at = now(), report = $3, counts = $4, error = $5 WHERE id = $1`,
    [input.id, input.status, input.report ? JSON.stringify(input.report) : null, input.report ? JSON.stringify(input.report.counts) : null, input.error ?? null],
  );
}

export async function getReconciliationRun(db: Queryable, id: string): Promise<ReconciliationRun | null> {
  const { rows } = await db.query<RunRow>('SELECT * FROM reconciliation_runs WHERE id = $1', [id]);
  return rows[0] ? toRun(rows[0]) : null;
}

/** The newest finished run that read completely: its counts are the baseline of the drop safeguard. */
export async function lastCompleteReconciliation(db: Queryable): Promise<ReconciliationRun | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT * FROM reconciliation_runs WHERE status = 'complete' ORDER BY finished_at DESC LIMIT 1`,
  );
  return rows[0] ? toRun(rows[0]) : null;
}

/** The newest finished run, complete or not (for the metrics). */
export async function lastFinishedReconciliation(db: Queryable): Promise<ReconciliationRun | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT * FROM reconciliation_runs WHERE status IN ('complete', 'incomplete') ORDER BY finished_at DESC LIMIT 1`,
  );
  return rows[0] ? toRun(rows[0]) : null;
}

/** Every person with their state, accounts and open entitlement assignments. */
export async function listRecordPeople(db: Queryable): Promise<RecordPerson[]> {
  const people = await db.query<{ employee_id: string; state: PersonState }>('SELECT employee_id, state FROM people ORDER BY employee_id');
  const accounts = await db.query<{ employee_id: string; system: string; external_id: string; login: string | null; status: AccountStatus }>(
    'SELECT employee_id, system, external_id, login, status FROM accounts ORDER BY employee_id, system',
  );
  const entitlements = await db.query<{ employee_id: string; entitlement_id: string; status: EntitlementStatus }>(
    `SELECT employee_id, entitlement_id, status FROM entitlement_assignments WHERE status <> 'removed' ORDER BY employee_id, entitlement_id`,
  );
  const byId = new Map<string, RecordPerson>(people.rows.map((p) => [p.employee_id, { employeeId: p.employee_id, state: p.state, accounts: [], entitlements: [] }]));
  for (const a of accounts.rows) byId.get(a.employee_id)?.accounts.push({ system: a.system, externalId: a.external_id, login: a.login, status: a.status });
  for (const e of entitlements.rows) byId.get(e.employee_id)?.entitlements.push({ entitlementId: e.entitlement_id, status: e.status });
  return [...byId.values()];
}

export type RemediationStatus = 'pending' | 'approved' | 'rejected';

export interface RemediationRequest {
  id: string;
  runId: string;
  findingIds: string[];
  dryRun: boolean;
  requestedBy: string;
  reason: string;
  status: RemediationStatus;
  decidedBy: string | null;
  createdAt: string;
  decidedAt: string | null;
}

interface RemediationRow {
  id: string;
  run_id: string;
  finding_ids: string[];
  dry_run: boolean;
  requested_by: string;
  reason: string;
  status: RemediationStatus;
  decided_by: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const toRemediation = (r: RemediationRow): RemediationRequest => ({
  id: r.id, runId: r.run_id, findingIds: r.finding_ids, dryRun: r.dry_run, requestedBy: r.requested_by, reason: r.reason,
  status: r.status, decidedBy: r.decided_by, createdAt: iso(r.created_at), decidedAt: isoOrNull(r.decided_at),
});

export async function createRemediationRequest(
  db: Queryable,
  input: { id: string; runId: string; findingIds: string[]; dryRun: boolean; requestedBy: string; reason: string },
): Promise<RemediationRequest> {
  const { rows } = await db.query<RemediationRow>(
    `INSERT INTO remediation_requests (id, run_id, finding_ids, dry_run, requested_by, reason, status)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending') RETURNING *`,
    [input.id, input.runId, JSON.stringify(input.findingIds), input.dryRun, input.requestedBy, input.reason],
  );
  return toRemediation(rows[0]!);
}

export async function getRemediationRequest(db: Queryable, id: string): Promise<RemediationRequest | null> {
  const { rows } = await db.query<RemediationRow>('SELECT * FROM remediation_requests WHERE id = $1', [id]);
  return rows[0] ? toRemediation(rows[0]) : null;
}

/** Decides a pending request; null when it was no longer pending (decided by someone else meanwhile). */
export async function decideRemediationRequest(
  db: Queryable, id: string, decision: Exclude<RemediationStatus, 'pending'>, decidedBy: string,
): Promise<RemediationRequest | null> {
  const { rows } = await db.query<RemediationRow>(
    `UPDATE remediation_requests SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1 AND status = 'pending' RETURNING *`,
    [id, decision, decidedBy],
  );
  return rows[0] ? toRemediation(rows[0]) : null;
}
