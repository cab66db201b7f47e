// Hostile-webhook run: 10,000 requests at POST /v1/hr/events that must all be refused — tampered, unsigned,
// stale, future-dated, replayed, malformed, oversize, deeply nested and wrongly typed bodies — with bounded
// concurrency. Prints per kind and in total: 2xx (accepted), 4xx, 5xx, connection errors, and the cases
// started (GET /v1/cases with an admin token, before and after). The goal is 0 accepted, 0 5xx, 0 cases.
//
//   make hostile-webhook [URL=http://127.0.0.1:3000]   (or: npx tsx bench/hostile-webhook.ts)
//
// Secrets: HR_WEBHOOK_SECRET and ADMIN_TOKEN from the environment, else the dev stack's
// DATA_DIR/dev-credentials.env (`make dev` writes it). No request here carries a valid signature over the
// body it is sent with and a fresh timestamp, so none may start a case: a "replayed" request re-sends a
// signature captured over another body, or a stale one; no legitimate seed is sent.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { hostileKinds, sendHostile } from './hostile-requests';

const BASE = (process.env.URL || `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
const TOTAL = Number(process.env.REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const RUN = randomBytes(3).toString('hex');

function devCredential(name: string): string | undefined {
  if (process.env[name]) return process.env[name];
  const file = path.resolve(__dirname, '..', process.env.DATA_DIR ?? '.data', 'dev-credentials.env');
  if (!fs.existsSync(file)) return undefined;
  const vars = Object.fromEntries(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  if (name === 'ADMIN_TOKEN') return /(?:^|,)[^:,]+:admin:([^:,]+)/.exec(vars.GATEHOUSE_TOKENS ?? '')?.[1];
  return vars[name];
}

interface Tally { sent: number; accepted: number; c4xx: number; c5xx: number; connErrors: number; statuses: Map<number, number> }
const tally = (): Tally => ({ sent: 0, accepted: 0, c4xx: 0, c5xx: 0, connErrors: 0, statuses: new Map() });

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

async function countCases(adminToken: string): Promise<{ total: number; hostile: number }> {
  let total = 0;
  let hostile = 0;
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ limit: '500', ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${BASE}/v1/cases?${q}`, { headers: { authorization: `Bearer ${adminToken}` } });
    if (res.status !== 200) throw new Error(`GET /v1/cases answered ${res.status}: is ADMIN_TOKEN an admin token of this stack?`);
    const page = (await res.json()) as { items: Array<{ employeeId: string }>; nextCursor?: string | null };
    total += page.items.length;
    hostile += page.items.filter((c) => c.employeeId.startsWith(`HOSTILE-${RUN}-`)).length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { total, hostile };
}

async function main(): Promise<void> {
  const secret = devCredential('HR_WEBHOOK_SECRET');
  const adminToken = devCredential('ADMIN_TOKEN');
  if (!secret || !adminToken) throw new Error('set HR_WEBHOOK_SECRET and ADMIN_TOKEN, or start `make dev` first (it writes .data/dev-credentials.env)');
  const ready = await fetch(`${BASE}/readyz`).catch((e: Error) => ({ status: 0, statusText: e.message }));
  if (ready.status !== 200) throw new Error(`${BASE}/readyz answered ${ready.status}: is the stack up?`);

  const build = hostileKinds(secret, RUN);
  const names = Object.keys(build);
  const byKind = new Map(names.map((k) => [k, tally()]));
  const samples = new Map<string, string>(); // the first answer of each unwanted outcome, to find the bug
  const before = await countCases(adminToken);
  const started = Date.now();

  let next = 0;
  const runOne = async (): Promise<void> => {
    while (next < TOTAL) {
      const i = next++;
      const kind = names[i % names.length]!;
      const r = await sendHostile(BASE, build[kind]!(Math.floor(i / names.length)), agent);
      const t = byKind.get(kind)!;
      t.sent += 1;
      if (r.status === undefined) {
        t.connErrors += 1;
        if (!samples.has(`${kind} conn`)) samples.set(`${kind} conn`, r.error ?? '?');
        continue;
      }
      t.statuses.set(r.status, (t.statuses.get(r.status) ?? 0) + 1);
      if (r.status < 300) t.accepted += 1;
      else if (r.status >= 500) t.c5xx += 1;
      else if (r.status >= 400) t.c4xx += 1;
      if ((r.status < 300 || r.status >= 500) && !samples.has(`${kind} ${r.status}`)) samples.set(`${kind} ${r.status}`, r.body ?? '');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, runOne));
  const seconds = (Date.now() - started) / 1000;
  // Anything accepted would be starting its case now: give the person workflows a moment to record it.
  await new Promise((r) => setTimeout(r, 2000));
  const after = await countCases(adminToken);

  const total = tally();
  const row = (name: string, t: Tally) => {
    const statuses = [...t.statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, c]) => `${s}×${c}`).join(' ');
    return `${name.padEnd(20)} ${String(t.sent).padStart(6)} ${String(t.accepted).padStart(8)} ${String(t.c4xx).padStart(6)} ${String(t.c5xx).padStart(5)} ${String(t.connErrors).padStart(10)}   ${statuses}`;
  };
  process.stdout.write(`hostile webhook run against ${BASE}/v1/hr/events: ${TOTAL} requests, ${CONCURRENCY} at a time, ${seconds.toFixed(1)} s\n\n`);
  process.stdout.write(`${'kind'.padEnd(20)} ${'sent'.padStart(6)} ${'accepted'.padStart(8)} ${'4xx'.padStart(6)} ${'5xx'.padStart(5)} ${'conn-error'.padStart(10)}   statuses\n`);
  for (const [name, t] of byKind) {
    process.stdout.write(`${row(name, t)}\n`);
    total.sent += t.sent; total.accepted += t.accepted; total.c4xx += t.c4xx; total.c5xx += t.c5xx; total.connErrors += t.connErrors;
    for (const [s, c] of t.statuses) total.statuses.set(s, (total.statuses.get(s) ?? 0) + c);
  }
  process.stdout.write(`${row('total', total)}\n\n`);
  const startedCases = after.total - before.total;
  process.stdout.write(`cases: ${before.total} before, ${after.total} after (${startedCases} started; ${after.hostile} for this run's people)\n`);
  for (const [what, body] of samples) process.stdout.write(`first ${what}: ${body}\n`);
  const ok = total.accepted === 0 && total.c5xx === 0 && total.connErrors === 0 && startedCases === 0 && after.hostile === 0;
  process.stdout.write(ok ? 'goal met: nothing accepted, no 5xx, no connection errors, no case started\n' : 'GOAL MISSED\n');
  agent.destroy();
  process.exitCode = ok ? 0 : 1;
}

main().catch((err) => {
  process.stderr.write(`hostile-webhook: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
