// Policy versions: every saved document is kept; the current policy is the highest active version. A change
// that relaxes control is saved `pending` (a proposal) until a second admin approves it.
import { iso, type Queryable } from './sql';

export type PolicyVersionStatus = 'active' | 'pending';

export interface PolicyVersion {
  version: number;
  document: unknown;
  createdBy: string;
  createdAt: string;
  diff: unknown;
  status: PolicyVersionStatus;
  /** A proposal: the version it was made against, and why it needs a second admin. */
  baseVersion?: number;
  relaxes?: string[];
  approvedBy?: string;
  approvedAt?: string;
}

interface PolicyRow {
  version: number;
  document: unknown;
  created_by: string;
  created_at: Date;
  diff: unknown;
  status: PolicyVersionStatus;
  base_version: number | null;
  relaxes: string[] | null;
  approved_by: string | null;
  approved_at: Date | null;
}

function toPolicy(r: Omit<PolicyRow, 'document'> & { document?: unknown }): PolicyVersion {
  return {
    version: r.version, document: r.document, createdBy: r.created_by, createdAt: iso(r.created_at), diff: r.diff, status: r.status,
    baseVersion: r.base_version ?? undefined, relaxes: r.relaxes ?? undefined,
    approvedBy: r.approved_by ?? undefined, approvedAt: r.approved_at ? iso(r.approved_at) : undefined,
  };
}

export interface SavePolicyOptions {
  createdBy: string;
  diff?: unknown;
  /** Save as a proposal made against `baseVersion`, for these reasons; it is not current until approved. */
  proposal?: { baseVersion: number; relaxes: string[] };
}

export async function savePolicyVersion(db: Queryable, document: unknown, opts: SavePolicyOptions): Promise<PolicyVersion> {
  const res = await db.query<PolicyRow>(
    `INSERT INTO policy_versions (document, created_by, diff, status, base_version, relaxes)
     VALUES ($1::jsonb, $2, $3::jsonb, $4, $5, $6::jsonb) RETURNING *`,
    [
      JSON.stringify(document), opts.createdBy, opts.diff === undefined ? null : JSON.stringify(opts.diff),
      opts.proposal ? 'pending' : 'active', opts.proposal?.baseVersion ?? null, opts.proposal ? JSON.stringify(opts.proposal.relaxes) : null,
    ],
  );
  return toPolicy(res.rows[0]!);
}

/**
 * Makes proposal `version` active, approved by `approvedBy`, if it is still pending and the current version is
 * still the one it was made against (in one statement, so two approvals or an approval racing a save cannot
 * both win). Null when that no longer holds.
 */
export async function activatePolicyProposal(db: Queryable, version: number, approvedBy: string): Promise<PolicyVersion | null> {
  const res = await db.query<PolicyRow>(
    `UPDATE policy_versions SET status = 'active', approved_by = $2, approved_at = now()
     WHERE version = $1 AND status = 'pending'
       AND base_version = (SELECT coalesce(max(version), 0) FROM policy_versions WHERE status = 'active')
     RETURNING *`,
    [version, approvedBy],
  );
  return res.rows[0] ? toPolicy(res.rows[0]) : null;
}

export async function getCurrentPolicy(db: Queryable): Promise<{ version: number; document: unknown } | null> {
  const res = await db.query<PolicyRow>("SELECT * FROM policy_versions WHERE status = 'active' ORDER BY version DESC LIMIT 1");
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
    `SELECT version, created_by, created_at, diff, status, base_version, relaxes, approved_by, approved_at
     FROM policy_versions ORDER BY version DESC`,
  );
  return res.rows.map((r) => {
    const { document: _none, ...v } = toPolicy(r);
    return v;
  });
}
