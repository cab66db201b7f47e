// Audit export benchmark: appends N hash-chained events, then streams them back through exportAudit and
// prints rows/s with resident and heap memory sampled along the way, to show memory stays flat however
// many events there are. Figures only; nothing is asserted.
//
//   npx tsx bench/audit-export.ts [--events 100000] [--engine postgres|pglite] [--page 1000]
//
// DATABASE_URL, when set, is used instead (its audit_events table must be empty or disposable).
// The pglite engine runs in a child process, so the memory printed here is the client's, not the database's.
import fs from 'node:fs';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { createRecordStore } from '../db/record-store';
import type { AuditEventInput } from '../db/audit';
import { startEmbeddedProcess } from '../test/support/engines';
import { startPostgres } from '../test/support/postgres';
import { arg } from './support/cli';

const EVENTS = Number(arg('events', '100000'));
const PAGE = Number(arg('page', '1000'));
const BATCH = 1000;
const MB = 1024 * 1024;

async function startDatabase(): Promise<{ url: string; label: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, label: 'DATABASE_URL', stop: async () => {} };
  const engine = arg('engine', fs.existsSync('/usr/lib/postgresql') ? 'postgres' : 'pglite');
  if (engine === 'pglite') {
    const e = await startEmbeddedProcess();
    return { url: e.url, label: 'embedded PGlite (child process)', stop: () => e.close() };
  }
  const pg = await startPostgres();
  return { url: pg.url, label: 'PostgreSQL (throwaway cluster)', stop: () => pg.stop() };
}

/** A realistic event: a leaver's removal with before/after and affected entitlements, accounts, sessions. */
function sampleEvent(i: number): AuditEventInput {
  const employeeId = `E${String(i % 5000).padStart(5, '0')}`;
  return {
    idempotencyKey: `bench:${i}`,
    at: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    employeeId,
    caseId: `case-${Math.floor(i / 20)}`,
    workflowId: `leaver:${employeeId}`,
    runId: 'run-1',
    type: 'entitlement.removed',
    outcome: i % 97 === 0 ? 'failed' : 'succeeded',
    actor: 'system',
    approver: 'cto',
    policyId: 'engineering',
    policyVersion: 7,
    before: { status: 'active', grantedAt: '2025-06-01T00:00:00.000Z' },
    after: { status: 'removed' },
    entitlements: [{ id: 'eng-m365', system: 'm365', ref: 'Engineering' }],
    accounts: [{ system: 'm365', externalId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}` }],
    sessions: [{ system: 'm365', revoked: true }],
    details: { attempt: 1, step: 'remove-entitlements' },
  };
}

interface MemoryPeak {
  rss: number;
  heap: number;
}

function sample(peak: MemoryPeak): { rss: number; heap: number } {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heap = Math.max(peak.heap, m.heapUsed);
  return { rss: m.rss, heap: m.heapUsed };
}

const fmt = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

async function main(): Promise<void> {
  const db = await startDatabase();
  const pool = createPool(db.url, { max: 4, applicationName: 'gatehouse-bench' });
  try {
    await migrate(pool);
    const store = createRecordStore(pool);
    console.log(`engine: ${db.label}; events: ${EVENTS}; export page: ${PAGE}`);

    let t = process.hrtime.bigint();
    for (let start = 0; start < EVENTS; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, EVENTS - start) }, (_, k) => sampleEvent(start + k));
      await store.appendAuditBatch(batch);
    }
    let secs = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(`append:  ${EVENTS} events in ${secs.toFixed(1)} s = ${Math.round(EVENTS / secs)} rows/s (batches of ${BATCH})`);

    const peak: MemoryPeak = { rss: 0, heap: 0 };
    const base = sample(peak);
    const checkpoints: string[] = [];
    const every = Math.max(1, Math.floor(EVENTS / 10));
    let rows = 0;
    let bytes = 0;
    let lastSeq = 0;
    t = process.hrtime.bigint();
    for await (const event of store.exportAudit({ pageSize: PAGE })) {
      // Serialise as the JSONL export would, and check the order, so the work is the real one.
      bytes += JSON.stringify(event).length + 1;
      if (event.seq <= lastSeq) throw new Error('export out of order');
      lastSeq = event.seq;
      rows += 1;
      if (rows % every === 0) {
        const m = sample(peak);
        checkpoints.push(`${String(rows).padStart(7)} rows  rss ${fmt(m.rss)}  heap ${fmt(m.heap)}`);
      }
    }
    secs = Number(process.hrtime.bigint() - t) / 1e9;
    sample(peak);
    console.log(`export:  ${rows} events, ${fmt(bytes)} of JSONL in ${secs.toFixed(1)} s = ${Math.round(rows / secs)} rows/s`);
    console.log(`memory before export: rss ${fmt(base.rss)}  heap ${fmt(base.heap)}`);
    for (const line of checkpoints) console.log(`  ${line}`);
    console.log(`peak during export:   rss ${fmt(peak.rss)}  heap ${fmt(peak.heap)}`);

    t = process.hrtime.bigint();
    const verdict = await store.verifyAuditChain();
    secs = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(`verify:  ${JSON.stringify(verdict)} in ${secs.toFixed(1)} s`);
  } finally {
    await pool.end();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
