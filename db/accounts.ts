// Accounts: one identity per person per system. Each status change is also a row in account_status_changes,
// the history "who had which account when" is read from.
import type { AccountStatus } from '../domain/lifecycle';
import { RecordNotFoundError } from './errors';
import { iso, isoOrNull, toInstant, withTransaction, type Instant, type Queryable } from './sql';
import type pg from 'pg';

export interface Account {
  employeeId: string;
  system: string;
  externalId: string;
  login: string | null;
  status: AccountStatus;
  createdAt: string;
  disabledAt: string | null;
  deletedAt: string | null;
  updatedAt: string;
}

export interface UpsertAccountInput {
  employeeId: string;
  system: string;
  externalId: string;
  login?: string | null;
  status: AccountStatus;
  /** When the account came to be (or changed status); now when absent. */
  at?: Instant;
}

interface AccountRow {
  id: string;
  employee_id: string;
  system: string;
  external_id: string;
  login: string | null;
  status: AccountStatus;
  created_at: Date;
  disabled_at: Date | null;
  deleted_at: Date | null;
  updated_at: Date;
}

function toAccount(r: AccountRow): Account {
  return {
    employeeId: r.employee_id,
    system: r.system,
    externalId: r.external_id,
    login: r.login,
    status: r.status,
    createdAt: iso(r.created_at),
    disabledAt: isoOrNull(r.disabled_at),
    deletedAt: isoOrNull(r.deleted_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Moves an account to a status, stamping the matching timestamp; no-op when it already has that status. */
async function changeStatus(client: pg.PoolClient, row: AccountRow, status: AccountStatus, at: string): Promise<AccountRow> {
  if (row.status === status) return row;
  const res = await client.query<AccountRow>(
    `UPDATE accounts SET status = $2,
       disabled_at = CASE WHEN $2 = 'active' THEN NULL WHEN $2 = 'disabled' THEN $3::timestamptz
                          ELSE COALESCE(disabled_at, $3::timestamptz) END,
       deleted_at = CASE WHEN $2 = 'deleted' THEN $3::timestamptz ELSE NULL END,
       updated_at = now()
     WHERE id = $1 RETURNING *`,
    [row.id, status, at],
  );
  await client.query('INSERT INTO account_status_changes (account_id, status, at) VALUES ($1, $2, $3)', [
    row.id, status, at,
  ]);
  return res.rows[0]!;
}

/**
 * Creates the account, or updates its external id, login and status. Idempotent: the same input twice
 * leaves one row and one status change.
 */
export async function upsertAccount(pool: pg.Pool, input: UpsertAccountInput): Promise<Account> {
  const at = toInstant(input.at ?? new Date());
  return withTransaction(pool, async (client) => {
    const inserted = await client.query<AccountRow>(
      `INSERT INTO accounts (employee_id, system, external_id, login, status, created_at, disabled_at, deleted_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 <> 'active' THEN $6::timestamptz END,
               CASE WHEN $5 = 'deleted' THEN $6::timestamptz END)
       ON CONFLICT (system, employee_id) DO NOTHING RETURNING *`,
      [input.employeeId, input.system, input.externalId, input.login ?? null, input.status, at],
    );
    const created = inserted.rows[0];
    if (created) {
      await client.query('INSERT INTO account_status_changes (account_id, status, at) VALUES ($1, $2, $3)', [
        created.id, input.status, at,
      ]);
      return toAccount(created);
    }
    const res = await client.query<AccountRow>(
      `UPDATE accounts SET external_id = $3, login = COALESCE($4, login),
         updated_at = CASE WHEN external_id = $3 AND login IS NOT DISTINCT FROM COALESCE($4, login)
                           THEN updated_at ELSE now() END
       WHERE system = $1 AND employee_id = $2 RETURNING *`,
      [input.system, input.employeeId, input.externalId, input.login ?? null],
    );
    return toAccount(await changeStatus(client, res.rows[0]!, input.status, at));
  });
}

export async function setAccountStatus(
  pool: pg.Pool, employeeId: string, system: string, status: AccountStatus, at: Instant = new Date(),
): Promise<Account> {
  return withTransaction(pool, async (client) => {
    const res = await client.query<AccountRow>(
      'SELECT * FROM accounts WHERE system = $1 AND employee_id = $2 FOR UPDATE',
      [system, employeeId],
    );
    const row = res.rows[0];
    if (!row) throw new RecordNotFoundError('account', `${system}/${employeeId}`);
    return toAccount(await changeStatus(client, row, status, toInstant(at)));
  });
}

export async function listAccounts(db: Queryable, employeeId: string): Promise<Account[]> {
  const res = await db.query<AccountRow>('SELECT * FROM accounts WHERE employee_id = $1 ORDER BY system', [employeeId]);
  return res.rows.map(toAccount);
}

export async function getAccountByExternalId(db: Queryable, system: string, externalId: string): Promise<Account | null> {
  const res = await db.query<AccountRow>('SELECT * FROM accounts WHERE system = $1 AND external_id = $2', [
    system, externalId,
  ]);
  const row = res.rows[0];
  return row ? toAccount(row) : null;
}
