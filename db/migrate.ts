// Applies pending SQL migrations in name order, one transaction each, recorded in schema_migrations.
// Safe when several processes start at once: a session advisory lock serialises whole runs on PostgreSQL,
// and each migration re-checks, under a transaction advisory lock, that nobody applied it meanwhile.
// The re-check matters on the embedded server, where every connection shares PGlite's one session
// (advisory locks do not exclude each other there; open transactions do).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { createPool } from './pool';

/** Arbitrary constant: the advisory lock key of migrations ("gatehouse" in a bigint). */
const MIGRATION_LOCK = 7_146_930_001;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_PATTERN = /^(\d{14})_([a-z0-9_]+)\.sql$/;

/** The migrations directory next to this file, or the source tree's when running compiled from dist/. */
function defaultDir(): string {
  const here = path.join(__dirname, 'migrations');
  if (fs.existsSync(here)) return here;
  return path.resolve(__dirname, '..', '..', 'db', 'migrations');
}

export function loadMigrations(dir = defaultDir()): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const m = FILE_PATTERN.exec(file);
      if (!m) throw new Error(`migration file name must be <yyyymmddhhmmss>_<name>.sql: ${file}`);
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      return { version: m[1]!, name: m[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrateResult {
  applied: string[];
}

export async function migrate(pool: pg.Pool, options: { dir?: string } = {}): Promise<MigrateResult> {
  const migrations = loadMigrations(options.dir);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    text PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      for (const m of migrations) {
        if (await applyOne(client, m)) applied.push(`${m.version}_${m.name}`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return { applied };
}

/** Applies one migration unless already recorded; refuses an applied migration whose file has changed. */
async function applyOne(client: pg.PoolClient, m: Migration): Promise<boolean> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const done = await client.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [
      m.version,
    ]);
    const row = done.rows[0];
    if (row) {
      if (row.checksum !== m.checksum) {
        throw new Error(`migration ${m.version}_${m.name} was edited after it was applied: add a new migration instead`);
      }
      await client.query('COMMIT');
      return false;
    }
    await client.query(m.sql);
    await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      m.version,
      m.name,
      m.checksum,
    ]);
    await client.query('COMMIT');
    return true;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Migrates the database at url on a pool of its own, closed afterwards: migrations run as the schema owner
 * (DATABASE_MIGRATION_URL), the app's own pool as its least-privilege role (DATABASE_URL).
 */
export async function migrateAt(url: string): Promise<MigrateResult> {
  const pool = createPool(url, { max: 1, applicationName: 'gatehouse-migrate' });
  try {
    return await migrate(pool);
  } finally {
    await pool.end();
  }
}
