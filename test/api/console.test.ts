// The console's part of the API (issue 14): GET /v1/me for every role, and the static console at /console/
// under a strict Content-Security-Policy (no inline code anywhere in what it serves).
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { CONSOLE_DIR } from '../../api/routes/console';
import { as, startApi, type ApiHarness } from './harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi();
});
afterAll(async () => {
  await h?.stop();
});

test('GET /v1/me names the caller, their role and Temporal Web UI; without a token it is 401', async () => {
  const admin = await as(h.app, 'admin').get('/v1/me');
  expect(admin.status).toBe(200);
  expect(admin.headers['cache-control']).toBe('no-store');
  expect(admin.body).toEqual({ name: 'admin-bob', role: 'admin', employeeId: 'BOB-1', temporalWebUi: { url: 'http://localhost:8233', namespace: 'default' } });
  expect((await as(h.app, 'auditor').get('/v1/me')).body).toMatchObject({ name: 'auditor-dan', role: 'auditor' });
  expect((await as(h.app, 'hr').get('/v1/me')).body).toMatchObject({ name: 'hr-alice', role: 'hr' });
  const anonymous = await request(h.app).get('/v1/me');
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
});

test('/console/ is served with a strict CSP; nothing it serves runs inline code', async () => {
  expect((await request(h.app).get('/console')).headers.location).toBe('/console/');
  const page = await request(h.app).get('/console/');
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toMatch(/text\/html/);
  const csp = Object.fromEntries((page.headers['content-security-policy'] as string).split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
  expect(csp).toEqual({
    'default-src': "'none'", 'script-src': "'self'", 'style-src': "'self'", 'img-src': "'self'", 'connect-src': "'self'",
    'form-action': "'none'", 'frame-ancestors': "'none'", 'base-uri': "'none'",
  });
  const js = await request(h.app).get('/console/app.js');
  expect(js.status).toBe(200);
  expect(js.headers['content-type']).toMatch(/javascript/);
  // Every file of the console: scripts only by src, no inline handlers or styles, no innerHTML.
  for (const file of fs.readdirSync(CONSOLE_DIR)) {
    const text = fs.readFileSync(path.join(CONSOLE_DIR, file), 'utf8');
    if (file.endsWith('.html')) {
      expect({ file, inline: /<script(?![^>]*\bsrc=)[^>]*>/i.test(text) || /\son[a-z]+=/i.test(text) || /\sstyle=/i.test(text) }).toEqual({ file, inline: false });
    }
    if (file.endsWith('.js')) expect({ file, html: /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|localStorage/.test(text) }).toEqual({ file, html: false });
  }
  // Only the console's folder is served.
  expect((await request(h.app).get('/console/../package.json')).status).toBe(404);
  expect((await request(h.app).get('/console/%2e%2e/package.json')).status).toBe(404);
});
