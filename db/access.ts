// Who held what when (GET /v1/access?at=): read from the entitlement intervals and account status history.
import type { AccountStatus, EntitlementSource } from '../domain/lifecycle';
import { iso, isoOrNull, toInstant, type Instant, type Queryable } from './sql';

export interface AccessEntitlement {
  employeeId: string;
  entitlementId: string;
  system: string;
  source: EntitlementSource;
  assignmentId: string;
  validFrom: string;
  validTo: string | null;
  grantedByCase: string | null;
}

export interface AccessAccount {
  employeeId: string;
  system: string;
  externalId: string;
  login: string | null;
  /** The status the account had at that instant (deleted accounts are left out). */
  status: Exclude<AccountStatus, 'deleted'>;
  since: string;
}

export interface AccessAt {
  at: string;
  entitlements: AccessEntitlement[];
  accounts: AccessAccount[];
}

/** Holdings at an instant: an interval [valid_from, valid_to) contains it; an account's last status change before it. */
export async function accessAt(db: Queryable, instant: Instant, opts: { employeeId?: string } = {}): Promise<AccessAt> {
  const at = toInstant(instant);
  const params: unknown[] = [at];
  let person = '';
  if (opts.employeeId) {
    params.push(opts.employeeId);
    person = 'AND employee_id = $2';
  }
  const ents = await db.query<{
    id: string; employee_id: string; entitlement_id: string; system: string; source: EntitlementSource;
    valid_from: Date; valid_to: Date | null; granted_by_case: string | null;
  }>(
    `SELECT id, employee_id, entitlement_id, system, source, valid_from, valid_to, granted_by_case
     FROM entitlement_assignments
     WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1) ${person}
     ORDER BY employee_id, entitlement_id`,
    params,
  );
  const accts = await db.query<{
    employee_id: string; system: string; external_id: string; login: string | null;
    status: 'active' | 'disabled'; since: Date;
  }>(
    `SELECT a.employee_id, a.system, a.external_id, a.login, c.status, c.at AS since
     FROM accounts a
     JOIN LATERAL (
       SELECT status, at FROM account_status_changes c
       WHERE c.account_id = a.id AND c.at <= $1 ORDER BY c.at DESC, c.id DESC LIMIT 1
     ) c ON true
     WHERE c.status <> 'deleted' ${person.replace('employee_id', 'a.employee_id')}
     ORDER BY a.employee_id, a.system`,
    params,
  );
  return {
    at,
    entitlements: ents.rows.map((r) => ({
      employeeId: r.employee_id,
      entitlementId: r.entitlement_id,
      system: r.system,
      source: r.source,
      assignmentId: r.id,
      validFrom: iso(r.valid_from),
      validTo: isoOrNull(r.valid_to),
      grantedByCase: r.granted_by_case,
    })),
    accounts: accts.rows.map((r) => ({
      employeeId: r.employee_id,
      system: r.system,
      externalId: r.external_id,
      login: r.login,
      status: r.status,
      since: iso(r.since),
    })),
  };
}
