// Small helpers shared by the record store modules: transactions, time conversion, page cursors.
import type pg from 'pg';

/** Either the pool or a client inside a transaction: store functions run on both. */
export type Queryable = pg.Pool | pg.PoolClient;

/** An instant as callers may hand it over; stored as timestamptz. */
export type Instant = Date | string;

/**
 * Runs fn in a transaction on one client. Everything inside must use that client: on the embedded server a
 * second connection waits for this transaction to end, so using the pool inside would deadlock.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** ISO-8601 in UTC with milliseconds: rows leave the store as JSON-safe strings (Temporal serialises results). */
export function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new TypeError('expected a timestamp');
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}

/** Normalises an input instant; refuses an unparseable one rather than storing garbage. */
export function toInstant(value: Instant): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a valid instant: ${String(value)}`);
  return d.toISOString();
}

export function toInstantOrNull(value: Instant | null | undefined): string | null {
  return value === null || value === undefined ? null : toInstant(value);
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Opaque keyset cursors: base64url of a JSON array of the last row's sort key. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): unknown[] | null {
  if (!cursor) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed)) throw new InvalidCursorError();
  return parsed as unknown[];
}

export class InvalidCursorError extends Error {
  constructor() {
    super('invalid page cursor');
    this.name = 'InvalidCursorError';
  }
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Clamps a requested page size into [1, MAX_LIMIT]. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** Fetches limit + 1 rows and splits off the extra one to know whether there is a next page. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, key: (row: R) => (string | number)[]): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}

/** The cursor's single numeric key (a seq), or null for the first page. */
export function seqFromCursor(cursor: string | undefined | null): number | null {
  const key = decodeCursor(cursor);
  if (!key) return null;
  const [seq] = key;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) throw new InvalidCursorError();
  return seq;
}

/**
 * Builds a WHERE clause with numbered parameters: `add('employee_id = ?', id)` appends a condition and its
 * value; `param(v)` appends a value alone (LIMIT) and returns its placeholder.
 */
export function conditions(): { add(sql: string, value: unknown): void; param(value: unknown): string; where(): string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  return {
    params,
    add(sql, value) {
      params.push(value);
      parts.push(sql.replace('?', `$${params.length}`));
    },
    param(value) {
      params.push(value);
      return `$${params.length}`;
    },
    where: () => (parts.length ? `WHERE ${parts.join(' AND ')}` : ''),
  };
}
