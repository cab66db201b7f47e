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
import { gzipSync } from 'node:zlib';
import { createHmac, randomBytes } from 'node:crypto';
import { signBody } from '../api/http/auth';

const BASE = (process.env.URL || `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
const TOTAL = Number(process.env.REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const BODY_LIMIT = 64 * 1024; // api/app.ts BODY_LIMIT
const RUN = randomBytes(3).toString('hex');

function devCredential(name: string): string | undefined {
  if (process.env[name]) return process.env[name];
  const file = path.resolve(__dirname, '..', process.env.DATA_DIR ?? '.data', 'dev-credentials.env');
  if (!fs.existsSync(file)) return undefined;
  const vars = Object.fromEntries(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  if (name === 'ADMIN_TOKEN') return /(?:^|,)[^:,]+:admin:([^:,]+)/.exec(vars.GATEHOUSE_TOKENS ?? '')?.[1];
  return vars[name];
}

interface Hostile {
  body: Buffer;
  headers: Record<string, string | number>;
  /** Sent chunked (no Content-Length), so the size is known only while reading. */
  chunked?: boolean;
}

const now = () => Math.floor(Date.now() / 1000);
const event = (n: number) => ({
  eventId: `hostile-${RUN}-${n}`,
  type: 'joiner',
  employee: { employeeId: `HOSTILE-${RUN}-${n}`, givenName: 'Mallory', familyName: 'Hostile', department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType: 'employee' },
  immediate: true,
});
const json = { 'content-type': 'application/json' };

/** Each kind builds its n-th request; variants rotate so that each kind probes several shapes. */
function kinds(secret: string): Record<string, (n: number) => Hostile> {
  // Signed over the exact bytes sent (signBody takes a string, which would turn invalid UTF-8 into U+FFFD).
  const signed = (raw: string | Buffer, t = now()) => ({
    'gatehouse-signature': typeof raw === 'string' ? signBody(raw, secret, t) : `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(raw).digest('hex')}`,
  });
  return {
    tampered: (n) => {
      const original = JSON.stringify(event(n));
      const variants = [
        original.replace('"immediate":true', '"immediate":false'),
        original.replace('Mallory', 'Mallorz'),
        `${original} `,
        original.replace('"type":"joiner"', '"type":"leaver"'),
      ];
      return { body: Buffer.from(variants[n % variants.length]!), headers: { ...json, ...signed(original) } };
    },
    unsigned: (n) => {
      const raw = Buffer.from(JSON.stringify(event(n)));
      const variants: Array<Record<string, string>> = [
        {}, { 'gatehouse-signature': '' }, { 'gatehouse-signature': `t=${now()}` }, { 'gatehouse-signature': `t=${now()},v1=${'0'.repeat(64)}` },
        { 'gatehouse-signature': `t=${now()},v1=zz` }, { authorization: 'Bearer' }, { authorization: `Bearer ${randomBytes(24).toString('hex')}` },
        { 'gatehouse-signature': `v1=${'a'.repeat(64)},t=notanumber` },
      ];
      return { body: raw, headers: { ...json, ...variants[n % variants.length] } };
    },
    stale: (n) => {
      const raw = JSON.stringify(event(n));
      const ages = [301, 600, 3600, 86_400 * 30, now()]; // the last is t=0
      return { body: Buffer.from(raw), headers: { ...json, ...signed(raw, now() - ages[n % ages.length]!) } };
    },
    future: (n) => {
      const raw = JSON.stringify(event(n));
      // Well beyond the 5-minute tolerance even after queueing here: 301 s ahead arrives inside it.
      const ahead = [360, 900, 86_400, 86_400 * 365 * 100];
      return { body: Buffer.from(raw), headers: { ...json, ...signed(raw, now() + ahead[n % ahead.length]!) } };
    },
    replayed: (n) => {
      const raw = JSON.stringify(event(n));
      if (n % 2 === 0) {
        // A signature captured over another event (never sent), re-sent with this body.
        return { body: Buffer.from(raw), headers: { ...json, ...signed(JSON.stringify(event(n + 1_000_000))) } };
      }
      // A valid request captured long ago and re-sent as it was: its timestamp is stale.
      return { body: Buffer.from(raw), headers: { ...json, ...signed(raw, now() - 3600) } };
    },
    'malformed-json': (n) => {
      const bad = ['{"eventId":', "{'eventId':'x'}", '{"eventId":"x"}}', '{"a":NaN}', '{"a":1,}', 'null', '"just a string"', '', '\u0000', '{"a":"\\ud800"}'];
      const raw = n % 11 === 10 ? Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) : Buffer.from(bad[n % 10]!);
      // Every 7th claims a compression it does not have.
      const encoding: Record<string, string> = n % 7 === 6 ? { 'content-encoding': ['gzip', 'deflate', 'br'][n % 3]! } : {};
      return { body: raw, headers: { ...json, ...encoding, ...signed(raw) } };
    },
    oversize: (n) => {
      if (n % 4 === 3) {
        // A gzip bomb: 5 kB on the wire, 5 MB of JSON once inflated; the limit applies to the inflated body.
        const bomb = gzipSync(Buffer.from(`[${' '.repeat(5_000_000)}]`));
        return { body: bomb, headers: { ...json, 'content-encoding': 'gzip', ...signed(bomb) } };
      }
      const e = { ...event(n), reason: 'x'.repeat(BODY_LIMIT + 1024 * (1 + (n % 8))) };
      const raw = Buffer.from(JSON.stringify(e));
      return { body: raw, headers: { ...json, ...signed(raw) }, chunked: n % 2 === 1 };
    },
    'deeply-nested': (n) => {
      const depth = [1_000, 10_000, 30_000][n % 3]!;
      const shapes = [
        () => `${'['.repeat(depth)}${']'.repeat(depth)}`,
        () => `${'{"a":'.repeat(depth / 5)}1${'}'.repeat(depth / 5)}`,
        () => JSON.stringify(event(n)).replace('"immediate":true', `"immediate":true,"reason":${'['.repeat(depth / 2)}${']'.repeat(depth / 2)}`),
        () => JSON.stringify(event(n)).replace('"department":"Engineering"', `"department":${'{"x":'.repeat(depth / 10)}1${'}'.repeat(depth / 10)}`),
      ];
      const raw = Buffer.from(shapes[n % shapes.length]!());
      return { body: raw, headers: { ...json, ...signed(raw) } };
    },
    'wrong-content-type': (n) => {
      const raw = Buffer.from(JSON.stringify(event(n)));
      const types = ['text/plain', 'application/x-www-form-urlencoded', undefined, 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=koi8-r', 'application/jsonx'];
      const type = types[n % types.length];
      return { body: raw, headers: { ...(type ? { 'content-type': type } : {}), ...signed(raw), ...(n % 16 === 15 ? { 'content-encoding': 'gzip' } : {}) } };
    },
  };
}

interface Tally { sent: number; accepted: number; c4xx: number; c5xx: number; connErrors: number; statuses: Map<number, number> }
const tally = (): Tally => ({ sent: 0, accepted: 0, c4xx: 0, c5xx: 0, connErrors: 0, statuses: new Map() });

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(h: Hostile): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const url = new URL(`${BASE}/v1/hr/events`);
    const headers = h.chunked ? { ...h.headers, 'transfer-encoding': 'chunked' } : { ...h.headers, 'content-length': h.body.length };
    const req = http.request(url, { method: 'POST', agent, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8').slice(0, 300) }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    if (h.chunked) {
      for (let i = 0; i < h.body.length; i += 16 * 1024) req.write(h.body.subarray(i, i + 16 * 1024));
      req.end();
    } else req.end(h.body);
  });
}

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

  const build = kinds(secret);
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
      const r = await send(build[kind]!(Math.floor(i / names.length)));
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
