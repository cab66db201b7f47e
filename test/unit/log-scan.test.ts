// The log scanner: finds a planted secret in each form it may take in a log line, names file, line and
// secret (never the value), passes clean lines, and refuses to vouch for an empty capture.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { needlesFor, scanLine, scanLogDir } from '../../scripts/log-scan';
import { generateServiceAccount } from '../../emulators/google/service-account';

const token = 'tok_3f9a1c77e2b04d58a6c1';
const key = generateServiceAccount().private_key;
const needles = [...needlesFor({ name: 'API token hr', value: token }), ...needlesFor({ name: 'Google private key', value: key })];
const line = (o: object) => JSON.stringify({ level: 30, time: 1, name: 'gatehouse-api', ...o });

test.each([
  ['as is', line({ msg: `calling with ${token}` })],
  ['in a bearer header', line({ req: { headers: { authorization: `Bearer ${token}` } } })],
  ['URL-encoded in a query', line({ url: `/v1/x?t=${encodeURIComponent(`${token}/=`)}` })],
  ['base64 on its own', line({ blob: Buffer.from(token).toString('base64') })],
  ['base64 inside a Basic header, at each alignment', line({ a: Buffer.from(`u:${token}`).toString('base64'), b: '' })],
  ['base64 at alignment 1', line({ a: Buffer.from(`x${token}`).toString('base64') })],
  ['base64 at alignment 2', line({ a: Buffer.from(`xy${token}z`).toString('base64') })],
  ['base64url', line({ a: Buffer.from(`??${token}`).toString('base64url') })],
])('finds the token %s', (_how, l) => {
  expect(scanLine(l, needles)?.secret).toBe('API token hr');
});

test('finds a PEM key logged whole (JSON-escaped newlines) or one line of it', () => {
  expect(scanLine(line({ err: { message: `bad key ${key}` } }), needles)).toMatchObject({ secret: 'Google private key', form: 'JSON-escaped' });
  expect(scanLine(line({ msg: key.split('\n')[3] }), needles)).toMatchObject({ secret: 'Google private key', form: 'PEM line' });
});

test('passes clean lines, including redacted ones and near misses', () => {
  for (const l of [
    line({ req: { id: 'r1', method: 'POST', url: '/v1/hr/events' }, res: { statusCode: 401 } }),
    line({ req: { headers: { authorization: '[redacted]' } } }),
    line({ msg: token.slice(0, -1) }),
    line({ msg: 'BEGIN PRIVATE KEY' }),
  ]) expect(scanLine(l, needles)).toBeUndefined();
});

describe('over a directory, and the CLI make test runs', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-logscan-'));
    fs.mkdirSync(path.join(dir, 'secrets'));
    fs.writeFileSync(path.join(dir, 'secrets', 'a.api.json'), JSON.stringify({ 'API token hr': token, 'too short': 'abc' }));
    fs.writeFileSync(path.join(dir, 'clean.ndjson'), `${line({ msg: 'one' })}\n${line({ msg: 'two' })}\n`);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cli = (d: string) => new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = execFile(path.resolve(__dirname, '../../node_modules/.bin/tsx'), [path.resolve(__dirname, '../../scripts/scan-test-logs.ts'), d], (_e, stdout, stderr) => resolve({ code: child.exitCode, out: stdout + stderr }));
  });

  test('clean: counts lines, files and secrets, no findings; the CLI exits 0', async () => {
    expect(await scanLogDir(dir, path.join(dir, 'secrets'))).toMatchObject({ files: 1, lines: 2, secrets: 1, skippedShortSecrets: 1, findings: [] });
    const r = await cli(dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/log scan: 2 lines in 1 files, 1 secrets/);
  });

  test('a planted secret: file and line reported, the CLI exits 1 and never prints the value', async () => {
    fs.writeFileSync(path.join(dir, 'leaky.ndjson'), `${line({ msg: 'fine' })}\n${line({ msg: 'fine' })}\n${line({ auth: `Bearer ${token}` })}\n`);
    const report = await scanLogDir(dir, path.join(dir, 'secrets'));
    expect(report.findings).toEqual([{ file: 'leaky.ndjson', line: 3, secret: 'API token hr', form: 'as is' }]);
    const r = await cli(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('leaky.ndjson:3: API token hr (as is)');
    expect(r.out).not.toContain(token);
  });

  test('nothing captured is a failure, not a pass', async () => {
    fs.rmSync(path.join(dir, 'clean.ndjson'));
    const r = await cli(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/nothing to scan/);
  });
});
