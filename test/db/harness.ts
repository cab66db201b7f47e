// Per-file set-up for the record store suites: a fresh migrated database on one engine, a pool and a store.
import type pg from 'pg';
import { migrate } from '../../db/migrate';
import { createPool } from '../../db/pool';
import { createRecordStore, type RecordStore } from '../../db/record-store';
import { TEST_AUDIT_KEYS } from '../support/audit-keys';
import type { EngineFactory, TestEngine } from '../support/engines';

export interface Harness {
  engine: TestEngine;
  pool: pg.Pool;
  store: RecordStore;
}

/** Registers beforeAll/afterAll in the calling describe; read the harness inside tests only. */
export function useStore(factory: EngineFactory): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    const engine = await factory.start();
    const pool = createPool(engine.url, { max: 5 });
    await migrate(pool);
    harness = { engine, pool, store: createRecordStore(pool, { auditKeys: TEST_AUDIT_KEYS }) };
  });
  afterAll(async () => {
    if (!harness) return;
    await harness.pool.end();
    await harness.engine.close();
  });
  return () => {
    if (!harness) throw new Error('harness not started');
    return harness;
  };
}

/** A profile with every required attribute; override what the test is about. */
export function profile(employeeId: string, over: Record<string, unknown> = {}) {
  return {
    employeeId,
    givenName: 'Ada',
    familyName: 'Lovelace',
    department: 'Engineering',
    location: 'London',
    jobTitle: 'Engineer',
    employmentType: 'employee' as const,
    ...over,
  };
}

/** Runs SQL as the schema owner with the append-only trigger off, the way an attacker with owner rights would. */
export async function asOwnerWithoutTrigger(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<void>): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
    await fn(c);
    await c.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  } finally {
    c.release();
  }
}
