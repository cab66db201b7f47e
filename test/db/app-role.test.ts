// Least privilege on real PostgreSQL: migrated as the owner, the app's role reads and appends the audit
// trail and does the record store's work, and is refused every change to the trail by privilege, before any
// trigger runs. (PGlite has one user and enforces no grants: see db/embedded.ts.)
import type pg from 'pg';
import { migrateAt } from '../../db/migrate';
import { createPool } from '../../db/pool';
import { createRecordStore } from '../../db/record-store';
import { APP_ROLE } from '../support/app-role';
import { TEST_AUDIT_KEYS } from '../support/audit-keys';
import { createTestDatabase } from '../support/databases';
import { profile } from './harness';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase('role');
  await migrateAt(db.url);
  app = createPool(db.appUrl, { max: 2 });
});
afterAll(async () => {
  await app.end();
  await db.drop();
});

const refusedByPrivilege = { code: '42501', message: expect.stringMatching(/^permission denied for table audit_events$/) };

test('the app role runs as itself, appends to the trail and verifies it', async () => {
  expect((await app.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u).toBe(APP_ROLE);
  const store = createRecordStore(app, { auditKeys: TEST_AUDIT_KEYS });
  await store.upsertPerson(profile('E1'), { caseId: null });
  await store.setPersonState('E1', 'active', { caseId: null });
  await store.appendAudit({ idempotencyKey: 'role/1', employeeId: 'E1', type: 'person.created', outcome: 'succeeded', actor: 'hr' });
  await store.appendAudit({ idempotencyKey: 'role/2', employeeId: 'E1', type: 'lifecycle.joiner', outcome: 'succeeded', actor: 'gatehouse' });
  expect(await store.verifyAuditChain()).toEqual({ ok: true, count: 2, legacy: 0 });
});

test('the app role may not UPDATE, DELETE or TRUNCATE audit events, nor switch the trigger off', async () => {
  await expect(app.query(`UPDATE audit_events SET outcome = 'failed'`)).rejects.toMatchObject(refusedByPrivilege);
  await expect(app.query('DELETE FROM audit_events')).rejects.toMatchObject(refusedByPrivilege);
  await expect(app.query('TRUNCATE audit_events')).rejects.toMatchObject(refusedByPrivilege);
  await expect(app.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only')).rejects.toMatchObject({
    code: '42501', message: expect.stringMatching(/must be owner/),
  });
  await expect(app.query('DELETE FROM audit_chain_head')).rejects.toMatchObject({ code: '42501' });
  await expect(app.query('DELETE FROM schema_migrations')).rejects.toMatchObject({ code: '42501' });
  const privileges = await app.query<{ privilege_type: string }>(
    `SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = $1 AND table_name = 'audit_events' ORDER BY 1`,
    [APP_ROLE],
  );
  expect(privileges.rows.map((r) => r.privilege_type)).toEqual(['INSERT', 'SELECT']);
  expect((await app.query('SELECT count(*)::int AS n FROM audit_events')).rows[0]).toEqual({ n: 2 });
});
