// Policy versions: every saved document is kept; the current policy is the highest version.
import { iso, type Queryable } from './sql';

export interface PolicyVersion {
  version: number;
  document: unknown;
  createdBy: string;
  createdAt: string;
  diff: unknown;
}

interface PolicyRow {
  version: number;
  document: unknown;
  created_by: string;
  created_at: Date;
  diff: unknown;
}

function toPolicy(r: PolicyRow): PolicyVersion {
  return { version: r.version, document: r.document, createdBy: r.created_by, createdAt: iso(r.created_at), diff: r.diff };
}

export async function savePolicyVersion(
  db: Queryable, document: unknown, opts: { createdBy: string; diff?: unknown },
): Promise<PolicyVersion> {
  const res = await db.query<PolicyRow>(
    'INSERT INTO policy_versions (document, created_by, diff) VALUES ($1::jsonb, $2, $3::jsonb) RETURNING *',
    [JSON.stringify(document), opts.createdBy, opts.diff === undefined ? null : JSON.stringify(opts.diff)],
  );
  return toPolicy(res.rows[0]!);
}

export async function getCurrentPolicy(db: Queryable): Promise<{ version: number; document: unknown } | null> {
  const res = await db.query<PolicyRow>('SELECT * FROM policy_versions ORDER BY version DESC LIMIT 1');
  const row = res.rows[0];
  return row ? { version: row.version, document: row.document } : null;
}

export async function getPolicyVersion(db: Queryable, version: number): Promise<PolicyVersion | null> {
  const res = await db.query<PolicyRow>('SELECT * FROM policy_versions WHERE version = $1', [version]);
  return res.rows[0] ? toPolicy(res.rows[0]) : null;
}

/** Newest first, without the documents (they can be large); fetch one with getPolicyVersion. */
export async function listPolicyVersions(db: Queryable): Promise<Omit<PolicyVersion, 'document'>[]> {
  const res = await db.query<Omit<PolicyRow, 'document'>>(
    'SELECT version, created_by, created_at, diff FROM policy_versions ORDER BY version DESC',
  );
  return res.rows.map((r) => ({ version: r.version, createdBy: r.created_by, createdAt: iso(r.created_at), diff: r.diff }));
}
