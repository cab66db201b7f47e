// The audit trail against both engines: append-only, idempotent, hash-chained, verifiable, exportable.
import type pg from 'pg';
import { createPool } from '../../db/pool';
import { createRecordStore } from '../../db/record-store';
import type { AuditEventInput } from '../../db/audit';
import { TEST_AUDIT_KEYS } from '../support/audit-keys';
import { ENGINES } from '../support/engines';
import { asOwnerWithoutTrigger, useStore } from './harness';

const T = (s: string): string => new Date(s).toISOString();

function event(key: string, over: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    idempotencyKey: key,
    type: 'entitlement.removed',
    outcome: 'succeeded',
    actor: 'system',
    employeeId: 'emp-1',
    caseId: 'case-1',
    workflowId: 'leaver:emp-1',
    runId: 'run-1',
    approver: 'cto',
    policyId: 'engineering',
    policyVersion: 3,
    before: { status: 'active', at: new Date('2026-01-01T00:00:00Z') },
    after: { status: 'removed' },
    entitlements: [{ id: 'github', system: 'scim:github' }],
    accounts: [{ system: 'm365', externalId: 'x' }],
    sessions: [{ system: 'google', revoked: true }],
    details: { z: 1, a: [1, 2, { b: null }] },
    ...over,
  };
}

/** Changes audit rows the way an attacker with superuser rights would: the trigger off for one transaction. */
async function tamper(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<void> {
  await asOwnerWithoutTrigger(pool, async (c) => {
    await c.query(sql, params);
  });
}

describe.each(ENGINES)('audit trail on $name', (factory) => {
  const h = useStore(factory);

  it('appends with a hash chain and writes nothing for a repeated idempotency key', async () => {
    const { store } = h();
    const first = await store.appendAudit(event('wf-1/step-1', { at: T('2026-01-01T10:00:00Z') }));
    expect(first.prevHash).toBe('0'.repeat(64));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    const second = await store.appendAudit(event('wf-1/step-2', { at: T('2026-01-01T11:00:00Z'), before: null }));
    expect(second.prevHash).toBe(first.hash);
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(second.before).toBeNull();
    const retried = await store.appendAudit(event('wf-1/step-1', { outcome: 'failed' }));
    expect(retried).toEqual(first);
    const page = await store.listAudit({ employeeId: 'emp-1' });
    expect(page.items.map((e) => e.idempotencyKey)).toEqual(['wf-1/step-1', 'wf-1/step-2']);
    expect(page.items[0]).toMatchObject({
      approver: 'cto', policyId: 'engineering', policyVersion: 3, outcome: 'succeeded',
      before: { status: 'active', at: '2026-01-01T00:00:00.000Z' }, sessions: [{ system: 'google', revoked: true }],
    });
    const batch = await store.appendAuditBatch([event('wf-1/step-2'), event('wf-1/step-3'), event('wf-1/step-3')]);
    expect(batch[0]).toEqual(second);
    expect(batch[1]).toEqual(batch[2]);
    expect(batch[1]!.prevHash).toBe(second.hash);
    await expect(store.appendAudit(event('bad', { outcome: 'maybe' as never }))).rejects.toThrow(/unknown audit outcome/);
    expect(await store.verifyAuditChain()).toEqual({ ok: true, count: 3, legacy: 0 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const { pool } = h();
    await expect(pool.query(`UPDATE audit_events SET outcome = 'failed'`)).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    await expect(pool.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    expect((await pool.query('SELECT count(*)::int AS n FROM audit_events')).rows[0]).toEqual({ n: 3 });
  });

  it('keeps the chain linear under concurrent appends from two pools', async () => {
    const { store, engine } = h();
    const other = createPool(engine.url, { max: 3 });
    try {
      const second = createRecordStore(other, { auditKeys: TEST_AUDIT_KEYS });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? store : second).appendAudit(event(`conc-${i}`, { employeeId: 'emp-2' }))),
      );
      expect(await store.verifyAuditChain({ pageSize: 7 })).toEqual({ ok: true, count: 23, legacy: 0 });
    } finally {
      await other.end();
    }
  });

  it('detects an edited event, a deleted event and deleted newest events', async () => {
    const { store, pool } = h();
    const all = (await store.listAudit({ limit: 500 })).items;
    const victim = all[5]!;
    const next = all[6]!;
    const last = all[all.length - 1]!;

    await tamper(pool, `UPDATE audit_events SET details = '{"z":2}' WHERE seq = $1`, [victim.seq]);
    expect(await store.verifyAuditChain()).toEqual({
      ok: false, code: 'hash_mismatch', seq: victim.seq, brokenAt: victim.seq, id: victim.id, keyId: victim.keyId, reason: expect.stringMatching(/hash mismatch/),
    });
    await tamper(pool, 'UPDATE audit_events SET details = $2::jsonb WHERE seq = $1', [victim.seq, JSON.stringify(victim.details)]);
    expect(await store.verifyAuditChain()).toEqual({ ok: true, count: all.length, legacy: 0 });

    await pool.query('CREATE TABLE audit_backup AS SELECT * FROM audit_events WHERE seq = ANY($1::bigint[])', [[victim.seq, last.seq]]);
    await tamper(pool, 'DELETE FROM audit_events WHERE seq = $1', [victim.seq]);
    expect(await store.verifyAuditChain()).toEqual({
      ok: false, code: 'broken_link', seq: next.seq, brokenAt: next.seq, id: next.id, keyId: next.keyId, reason: expect.stringMatching(/prev_hash/),
    });
    await pool.query('INSERT INTO audit_events SELECT * FROM audit_backup WHERE seq = $1', [victim.seq]);
    expect(await store.verifyAuditChain()).toEqual({ ok: true, count: all.length, legacy: 0 });

    await tamper(pool, 'DELETE FROM audit_events WHERE seq = $1', [last.seq]);
    expect(await store.verifyAuditChain()).toEqual({
      ok: false, code: 'truncated', seq: last.seq, brokenAt: last.seq, id: null, reason: expect.stringMatching(/removed/),
    });
    await pool.query('INSERT INTO audit_events SELECT * FROM audit_backup WHERE seq = $1', [last.seq]);
    await pool.query('DROP TABLE audit_backup');
    expect(await store.verifyAuditChain()).toEqual({ ok: true, count: all.length, legacy: 0 });
  });

  it('exports in chain order, filtered by time, page by page', async () => {
    const { store } = h();
    const times = ['2027-03-01T00:00:00Z', '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z', '2027-04-01T00:00:00Z', '2027-02-15T00:00:00Z'];
    const appended = [];
    for (const [i, at] of times.entries()) appended.push(await store.appendAudit(event(`exp-${i}`, { at: T(at), employeeId: 'emp-3' })));
    const got = [];
    for await (const e of store.exportAudit({ from: T('2027-02-01T00:00:00Z'), to: T('2027-04-01T00:00:00Z'), pageSize: 2 })) got.push(e);
    expect(got.map((e) => e.idempotencyKey)).toEqual(['exp-0', 'exp-2', 'exp-4']);
    expect(got).toEqual([appended[0], appended[2], appended[4]]);
    let count = 0;
    let prevSeq = 0;
    for await (const e of store.exportAudit({ pageSize: 3 })) {
      expect(e.seq).toBeGreaterThan(prevSeq);
      prevSeq = e.seq;
      count += 1;
    }
    expect(count).toBe((await store.verifyAuditChain()).ok ? 28 : -1);

    const pageA = await store.listAudit({ employeeId: 'emp-3', limit: 2 });
    const pageB = await store.listAudit({ employeeId: 'emp-3', limit: 2, cursor: pageA.nextCursor });
    const pageC = await store.listAudit({ employeeId: 'emp-3', limit: 2, cursor: pageB.nextCursor });
    expect([...pageA.items, ...pageB.items, ...pageC.items]).toEqual(appended);
    expect(pageC.nextCursor).toBeNull();
    expect((await store.listAudit({ caseId: 'case-1', from: T('2027-01-01T00:00:00Z'), to: T('2027-02-02T00:00:00Z') })).items.map((e) => e.idempotencyKey)).toEqual(['exp-1', 'exp-2']);
  });
});
