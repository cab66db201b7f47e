// The keyed audit chain against both engines: what someone with the database but without AUDIT_CHAIN_KEY
// can do to the trail, key rotation, and the unkeyed events written before the chain was keyed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { canonicalJson, legacyEventHash, parseAuditChainKeys, type AuditEvent, type AuditEventInput } from '../../db/audit';
import { sha256Hex } from '../../db/audit/hash';
import { loadMigrations, migrate } from '../../db/migrate';
import { createPool } from '../../db/pool';
import { createRecordStore } from '../../db/record-store';
import { KEY_A, KEY_B } from '../support/audit-keys';
import { ENGINES, type TestEngine } from '../support/engines';
import { asOwnerWithoutTrigger } from './harness';

const RING_A = parseAuditChainKeys(KEY_A);
const RING_BA = parseAuditChainKeys(`${KEY_B},${KEY_A}`);
const RING_B = parseAuditChainKeys(KEY_B);

function event(key: string, over: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    idempotencyKey: key, type: 'entitlement.granted', outcome: 'succeeded', actor: 'gatehouse', employeeId: 'E1',
    caseId: 'case-E1:evt-1', entitlements: [{ id: 'github', system: 'scim:github' }], details: { n: key },
    ...over,
  };
}


async function allEvents(pool: pg.Pool): Promise<AuditEvent[]> {
  const store = createRecordStore(pool, { auditKeys: RING_A });
  return (await store.listAudit({ limit: 500 })).items;
}

/**
 * What an attacker without the key does after editing one event: recompute the unkeyed (sha256) hash of it
 * and of every later event, relink prev_hash, and point the head at the new end.
 */
async function rewriteFrom(pool: pg.Pool, fromSeq: number, edit: (e: AuditEvent) => AuditEvent, opts: { dropKeyId: boolean }): Promise<void> {
  const events = await allEvents(pool);
  await asOwnerWithoutTrigger(pool, async (c) => {
    let prev = events.find((e) => e.seq < fromSeq && !events.some((n) => n.seq > e.seq && n.seq < fromSeq))?.hash ?? '0'.repeat(64);
    for (const original of events.filter((e) => e.seq >= fromSeq)) {
      const e = original.seq === fromSeq ? edit(original) : original;
      const keyId = opts.dropKeyId ? null : e.keyId;
      const { seq: _s, hash: _h, ...content } = { ...e, prevHash: prev, keyId };
      const hash = sha256Hex(canonicalJson(opts.dropKeyId ? legacyContent(content) : content));
      await c.query('UPDATE audit_events SET details = $2::jsonb, prev_hash = $3, hash = $4, key_id = $5 WHERE seq = $1', [
        e.seq, JSON.stringify(e.details), prev, hash, keyId,
      ]);
      prev = hash;
    }
    await c.query('UPDATE audit_chain_head SET last_hash = $1', [prev]);
  });
}

const legacyContent = <T extends { keyId?: unknown }>(c: T): Omit<T, 'keyId'> => {
  const { keyId: _k, ...rest } = c;
  return rest;
};

/** The append of the code before keys: sha256 over the content without keyId, an unsigned head. */
async function appendLegacy(pool: pg.Pool, keys: string[]): Promise<void> {
  for (const key of keys) {
    const head = await pool.query<{ last_hash: string }>('SELECT last_hash FROM audit_chain_head');
    const prevHash = head.rows[0]?.last_hash ?? '0'.repeat(64);
    const content = {
      id: crypto.randomUUID(), idempotencyKey: key, at: new Date().toISOString(), employeeId: 'E0', caseId: null, workflowId: null,
      runId: null, type: 'person.created', outcome: 'succeeded', actor: 'hr', approver: null, policyId: null, policyVersion: null,
      before: null, after: { state: 'pending' }, entitlements: [], accounts: [], sessions: [], details: {}, prevHash,
    };
    const hash = sha256Hex(canonicalJson(content));
    const row = await pool.query<{ seq: string }>(
      `INSERT INTO audit_events (id, idempotency_key, at, employee_id, type, outcome, actor, after, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq`,
      [content.id, key, content.at, content.employeeId, content.type, content.outcome, content.actor, JSON.stringify(content.after), prevHash, hash],
    );
    await pool.query(
      `INSERT INTO audit_chain_head (singleton, last_seq, last_hash, count) VALUES (true, $1, $2, 1)
       ON CONFLICT (singleton) DO UPDATE SET last_seq = $1, last_hash = $2, count = audit_chain_head.count + 1`,
      [row.rows[0]!.seq, hash],
    );
  }
}

describe.each(ENGINES)('keyed audit chain on $name', (factory) => {
  let engine: TestEngine;
  let pool: pg.Pool;
  let migrationsDir: string;
  beforeAll(async () => {
    engine = await factory.start();
    pool = createPool(engine.url, { max: 3 });
    // The schema as it was before the chain was keyed, with events its code wrote; then the rest.
    migrationsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-migrations-'));
    const all = loadMigrations();
    for (const m of all.filter((m) => m.version < '20261204120000')) fs.writeFileSync(path.join(migrationsDir, `${m.version}_${m.name}.sql`), m.sql);
    await migrate(pool, { dir: migrationsDir });
    await appendLegacy(pool, ['legacy-1', 'legacy-2', 'legacy-3']);
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await engine.close();
    fs.rmSync(migrationsDir, { recursive: true, force: true });
  });

  it('verifies the unkeyed events written before keys as a legacy prefix, and reports how many', async () => {
    const store = createRecordStore(pool, { auditKeys: RING_A });
    expect(await store.verifyAuditChain()).toEqual({ ok: true, count: 3, legacy: 3 });
    const first = await store.appendAudit(event('keyed-a-1'));
    expect(first.keyId).toBe('key-a');
    expect(first.hash).not.toBe(legacyEventHash(first));
    await store.appendAudit(event('keyed-a-2'));
    expect(await store.verifyAuditChain()).toEqual({ ok: true, count: 5, legacy: 3 });
  });

  it('keeps verifying after rotation (new key first) and names the key it no longer holds', async () => {
    const rotated = createRecordStore(pool, { auditKeys: RING_BA });
    const b = await rotated.appendAudit(event('keyed-b-1'));
    expect(b.keyId).toBe('key-b');
    expect(await rotated.verifyAuditChain()).toEqual({ ok: true, count: 6, legacy: 3 });
    const firstA = (await allEvents(pool)).find((e) => e.keyId === 'key-a')!;
    expect(await createRecordStore(pool, { auditKeys: RING_B }).verifyAuditChain()).toEqual({
      ok: false, code: 'unknown_key', seq: firstA.seq, brokenAt: firstA.seq, id: firstA.id, keyId: 'key-a', reason: expect.stringMatching(/key-a/),
    });
  });

  it('names the edited event when someone without the key recomputes the unkeyed hashes from it on', async () => {
    const store = createRecordStore(pool, { auditKeys: RING_BA });
    const saved = await snapshot(pool);
    const victim = saved.events.find((e) => e.idempotencyKey === 'keyed-a-2')!;
    const edit = (e: AuditEvent): AuditEvent => ({ ...e, details: { n: 'forged' } });
    try {
      // Keeping the key ids: the recomputed sha256 is not the HMAC.
      await rewriteFrom(pool, victim.seq, edit, { dropKeyId: false });
      expect(await store.verifyAuditChain()).toEqual({
        ok: false, code: 'hash_mismatch', seq: victim.seq, brokenAt: victim.seq, id: victim.id, keyId: 'key-a', reason: expect.any(String),
      });
      // Passing the rewritten events off as legacy ones: legacy may only come first.
      await rewriteFrom(pool, victim.seq, edit, { dropKeyId: true });
      expect(await store.verifyAuditChain()).toEqual({
        ok: false, code: 'unkeyed_after_keyed', seq: victim.seq, brokenAt: victim.seq, id: victim.id, reason: expect.any(String),
      });
    } finally {
      await restore(pool, saved);
    }
    expect(await store.verifyAuditChain()).toEqual({ ok: true, count: 6, legacy: 3 });
  });

  it('detects the newest events removed even when the head is rewritten to match', async () => {
    const store = createRecordStore(pool, { auditKeys: RING_BA });
    const saved = await snapshot(pool);
    const last = saved.events[saved.events.length - 1]!;
    const kept = saved.events[saved.events.length - 2]!;
    try {
      await asOwnerWithoutTrigger(pool, async (c) => {
        await c.query('DELETE FROM audit_events WHERE seq = $1', [last.seq]);
        await c.query('UPDATE audit_chain_head SET last_seq = $1, last_hash = $2, count = count - 1', [kept.seq, kept.hash]);
      });
      expect(await store.verifyAuditChain()).toMatchObject({ ok: false, code: 'head_mismatch', seq: kept.seq });
      await pool.query('UPDATE audit_chain_head SET key_id = NULL, mac = NULL');
      expect(await store.verifyAuditChain()).toMatchObject({ ok: false, code: 'head_mismatch', reason: expect.stringMatching(/not signed/) });
    } finally {
      await restore(pool, saved);
    }
    expect(await store.verifyAuditChain()).toEqual({ ok: true, count: 6, legacy: 3 });
  });
});

interface Snapshot {
  events: AuditEvent[];
  head: Record<string, unknown>;
}

async function snapshot(pool: pg.Pool): Promise<Snapshot> {
  const head = (await pool.query<Record<string, unknown>>('SELECT last_seq, last_hash, count, key_id, mac FROM audit_chain_head')).rows[0]!;
  return { events: await allEvents(pool), head };
}

/** Puts the events and the head back as they were, so each test starts from an intact chain. */
async function restore(pool: pg.Pool, { events, head }: Snapshot): Promise<void> {
  await asOwnerWithoutTrigger(pool, async (c) => {
    await c.query('DELETE FROM audit_events');
    await c.query('UPDATE audit_chain_head SET last_seq = $1, last_hash = $2, count = $3, key_id = $4, mac = $5', [
      head.last_seq, head.last_hash, head.count, head.key_id, head.mac,
    ]);
    for (const e of events) {
      await c.query(
        `INSERT INTO audit_events (seq, id, idempotency_key, at, employee_id, case_id, workflow_id, run_id, type, outcome, actor,
           approver, policy_id, policy_version, before, after, entitlements, accounts, sessions, details, prev_hash, hash, key_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23)`,
        [e.seq, e.id, e.idempotencyKey, e.at, e.employeeId, e.caseId, e.workflowId, e.runId, e.type, e.outcome, e.actor, e.approver,
          e.policyId, e.policyVersion, json(e.before), json(e.after), JSON.stringify(e.entitlements), JSON.stringify(e.accounts),
          JSON.stringify(e.sessions), JSON.stringify(e.details), e.prevHash, e.hash, e.keyId],
      );
    }
  });
}
const json = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));
