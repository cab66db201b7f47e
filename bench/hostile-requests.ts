// The hostile requests of bench/hostile-webhook.ts, also sent by test/api/hostile-webhook.test.ts: none
// carries a valid, fresh signature over the body it is sent with, so every one must be refused (4xx).
import http from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { signBody } from '../api/http/auth';

const BODY_LIMIT = 64 * 1024; // api/app.ts BODY_LIMIT

export interface Hostile {
  body: Buffer;
  headers: Record<string, string | number>;
  /** Sent chunked (no Content-Length), so the size is known only while reading. */
  chunked?: boolean;
}

export const now = () => Math.floor(Date.now() / 1000);
const event = (run: string, n: number) => ({
  eventId: `hostile-${run}-${n}`,
  type: 'joiner',
  employee: { employeeId: `HOSTILE-${run}-${n}`, givenName: 'Mallory', familyName: 'Hostile', department: 'Engineering', location: 'NL', jobTitle: 'Engineer', employmentType: 'employee' },
  immediate: true,
});
const json = { 'content-type': 'application/json' };

/** Each kind builds its n-th request; variants rotate so that each kind probes several shapes. */
export function hostileKinds(secret: string, run: string): Record<string, (n: number) => Hostile> {
  // Signed over the exact bytes sent (signBody takes a string, which would turn invalid UTF-8 into U+FFFD).
  const signed = (raw: string | Buffer, t = now()) => ({
    'gatehouse-signature': typeof raw === 'string' ? signBody(raw, secret, t) : `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(raw).digest('hex')}`,
  });
  return {
    tampered: (n) => {
      const original = JSON.stringify(event(run, n));
      const variants = [
        original.replace('"immediate":true', '"immediate":false'),
        original.replace('Mallory', 'Mallorz'),
        `${original} `,
        original.replace('"type":"joiner"', '"type":"leaver"'),
      ];
      return { body: Buffer.from(variants[n % variants.length]!), headers: { ...json, ...signed(original) } };
    },
    unsigned: (n) => {
      const raw = Buffer.from(JSON.stringify(event(run, n)));
      const variants: Array<Record<string, string>> = [
        {}, { 'gatehouse-signature': '' }, { 'gatehouse-signature': `t=${now()}` }, { 'gatehouse-signature': `t=${now()},v1=${'0'.repeat(64)}` },
        { 'gatehouse-signature': `t=${now()},v1=zz` }, { authorization: 'Bearer' }, { authorization: `Bearer ${randomBytes(24).toString('hex')}` },
        { 'gatehouse-signature': `v1=${'a'.repeat(64)},t=notanumber` },
      ];
      return { body: raw, headers: { ...json, ...variants[n % variants.length] } };
    },
    stale: (n) => {
      const raw = JSON.stringify(event(run, n));
      const ages = [301, 600, 3600, 86_400 * 30, now()]; // the last is t=0
      return { body: Buffer.from(raw), headers: { ...json, ...signed(raw, now() - ages[n % ages.length]!) } };
    },
    future: (n) => {
      const raw = JSON.stringify(event(run, n));
      // Well beyond the 5-minute tolerance even after queueing here: 301 s ahead arrives inside it.
      const ahead = [360, 900, 86_400, 86_400 * 365 * 100];
      return { body: Buffer.from(raw), headers: { ...json, ...signed(raw, now() + ahead[n % ahead.length]!) } };
    },
    replayed: (n) => {
      const raw = JSON.stringify(event(run, n));
      if (n % 2 === 0) {
        // A signature captured over another event (never sent), re-sent with this body.
        return { body: Buffer.from(raw), headers: { ...json, ...signed(JSON.stringify(event(run, n + 1_000_000))) } };
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
      const e = { ...event(run, n), reason: 'x'.repeat(BODY_LIMIT + 1024 * (1 + (n % 8))) };
      const raw = Buffer.from(JSON.stringify(e));
      return { body: raw, headers: { ...json, ...signed(raw) }, chunked: n % 2 === 1 };
    },
    'deeply-nested': (n) => {
      const depth = [1_000, 10_000, 30_000][n % 3]!;
      const shapes = [
        () => `${'['.repeat(depth)}${']'.repeat(depth)}`,
        () => `${'{"a":'.repeat(depth / 5)}1${'}'.repeat(depth / 5)}`,
        () => JSON.stringify(event(run, n)).replace('"immediate":true', `"immediate":true,"reason":${'['.repeat(depth / 2)}${']'.repeat(depth / 2)}`),
        () => JSON.stringify(event(run, n)).replace('"department":"Engineering"', `"department":${'{"x":'.repeat(depth / 10)}1${'}'.repeat(depth / 10)}`),
      ];
      const raw = Buffer.from(shapes[n % shapes.length]!());
      return { body: raw, headers: { ...json, ...signed(raw) } };
    },
    'wrong-content-type': (n) => {
      const raw = Buffer.from(JSON.stringify(event(run, n)));
      const types = ['text/plain', 'application/x-www-form-urlencoded', undefined, 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=koi8-r', 'application/jsonx'];
      const type = types[n % types.length];
      return { body: raw, headers: { ...(type ? { 'content-type': type } : {}), ...signed(raw), ...(n % 16 === 15 ? { 'content-encoding': 'gzip' } : {}) } };
    },
  };
}

export interface HostileAnswer {
  status?: number;
  body?: string;
  error?: string;
}

/** Sends one request to `${base}/v1/hr/events` with exactly these headers and bytes. */
export function sendHostile(base: string, h: Hostile, agent: http.Agent): Promise<HostileAnswer> {
  return new Promise((resolve) => {
    const url = new URL(`${base}/v1/hr/events`);
    const headers = h.chunked ? { ...h.headers, 'transfer-encoding': 'chunked' } : { ...h.headers, 'content-length': h.body.length };
    const req = http.request(url, { method: 'POST', agent, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8').slice(0, 64 * 1024) }));
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

