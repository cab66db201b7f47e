// Access snapshots: everything a leaver held, taken before revocation. One per case, so a retry is harmless.
import { iso, type Queryable } from './sql';

export interface AccessSnapshot {
  id: string;
  employeeId: string;
  caseId: string;
  takenAt: string;
  snapshot: unknown;
}

interface SnapshotRow {
  id: string;
  employee_id: string;
  case_id: string;
  taken_at: Date;
  snapshot: unknown;
}

function toSnapshot(r: SnapshotRow): AccessSnapshot {
  return { id: r.id, employeeId: r.employee_id, caseId: r.case_id, takenAt: iso(r.taken_at), snapshot: r.snapshot };
}

/** The first snapshot of a case is kept: a retried step returns it rather than overwriting what was held. */
export async function saveAccessSnapshot(
  db: Queryable, input: { employeeId: string; caseId: string; snapshot: unknown },
): Promise<AccessSnapshot> {
  const res = await db.query<SnapshotRow>(
    `INSERT INTO access_snapshots (employee_id, case_id, snapshot) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (case_id) DO NOTHING RETURNING *`,
    [input.employeeId, input.caseId, JSON.stringify(input.snapshot)],
  );
  const row = res.rows[0] ?? (await db.query<SnapshotRow>('SELECT * FROM access_snapshots WHERE case_id = $1', [input.caseId])).rows[0];
  if (!row) throw new Error('saveAccessSnapshot: snapshot vanished between insert and read');
  return toSnapshot(row);
}

export async function listAccessSnapshots(db: Queryable, employeeId: string): Promise<AccessSnapshot[]> {
  const res = await db.query<SnapshotRow>('SELECT * FROM access_snapshots WHERE employee_id = $1 ORDER BY taken_at, id', [
    employeeId,
  ]);
  return res.rows.map(toSnapshot);
}
