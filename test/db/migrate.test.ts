import type pg from 'pg';
import { loadMigrations, migrate } from '../../db/migrate';
import { createPool } from '../../db/pool';
import { ENGINES, type TestEngine } from '../support/engines';

describe.each(ENGINES)('migrations on $name', (factory) => {
  let engine: TestEngine;
  let a: pg.Pool;
  let b: pg.Pool;
  beforeAll(async () => {
    engine = await factory.start();
    a = createPool(engine.url, { max: 2 });
    b = createPool(engine.url, { max: 2 });
  });
  afterAll(async () => {
    await a.end();
    await b.end();
    await engine.close();
  });

  it('applies every migration once, even when run from two pools at once and then again', async () => {
    const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
    const all = loadMigrations().map((m) => `${m.version}_${m.name}`);
    // Between them the two runs applied each migration exactly once.
    expect([...ra.applied, ...rb.applied].sort()).toEqual(all);
    expect((await migrate(a)).applied).toEqual([]);
    expect((await migrate(b)).applied).toEqual([]);
    const rows = await a.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
    const tables = await a.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'access_snapshots', 'accounts', 'assets', 'audit_events', 'bulk_items', 'bulk_operations', 'cases',
        'entitlement_assignments', 'hr_events', 'people', 'person_history', 'policy_versions', 'schema_migrations',
      ]),
    );
  });

  it('refuses to run when an applied migration was edited', async () => {
    const first = loadMigrations()[0]!;
    await a.query('UPDATE schema_migrations SET checksum = $1 WHERE version = $2', ['edited', first.version]);
    await expect(migrate(a)).rejects.toThrow(/edited after it was applied/);
    await a.query('UPDATE schema_migrations SET checksum = $1 WHERE version = $2', [first.checksum, first.version]);
    expect((await migrate(a)).applied).toEqual([]);
  });
});
