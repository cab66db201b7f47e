// The embedded server persists to its data directory and takes several connections at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../db/migrate';
import { createPool } from '../../db/pool';
import { createRecordStore } from '../../db/record-store';
import { TEST_AUDIT_KEYS } from '../support/audit-keys';
import { startEmbeddedProcess } from '../support/engines';
import { profile } from './harness';

it('keeps data across a restart and serves concurrent connections', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-pglite-'));
  try {
    const first = await startEmbeddedProcess({ dataDir });
    const pool = createPool(first.url, { max: 4 });
    await migrate(pool);
    const store = createRecordStore(pool, { auditKeys: TEST_AUDIT_KEYS });
    // Four connections at once, one of them inside a transaction: the server serialises, nothing is refused.
    await Promise.all(['e-1', 'e-2', 'e-3', 'e-4'].map((id) => store.upsertPerson(profile(id), { caseId: null })));
    await store.appendAudit({ idempotencyKey: 'persist/1', type: 'person.created', outcome: 'succeeded', actor: 'hr' });
    await pool.end();
    await first.close();

    const second = await startEmbeddedProcess({ dataDir });
    const again = createPool(second.url, { max: 2 });
    try {
      expect((await migrate(again)).applied).toEqual([]);
      const store2 = createRecordStore(again, { auditKeys: TEST_AUDIT_KEYS });
      expect((await store2.listPeople()).items.map((p) => p.employeeId)).toEqual(['e-1', 'e-2', 'e-3', 'e-4']);
      expect(await store2.verifyAuditChain()).toEqual({ ok: true, count: 1, legacy: 0 });
    } finally {
      await again.end();
      await second.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
