// GOOGLE_CREDENTIALS is the path of the key file: the key itself is refused at start without being echoed,
// and a key file that cannot be read or parsed is a configuration error that never quotes its contents.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildConnectors } from '../../config/connectors';
import { readGoogleKeyFile } from '../../config/google-key-file';
import { ConfigError, parseEnv } from '../../config/schema';
import { generateServiceAccount, toKeyFile } from '../../emulators/google/service-account';

const key = generateServiceAccount();
const keyJson = JSON.stringify(toKeyFile(key, 'https://oauth2.googleapis.com/token'));
const keyBody = key.private_key.split('\n')[1] as string; // a line of the key's base64
const google = { GOOGLE_ADMIN_SUBJECT: 'admin@example.com', GOOGLE_CUSTOMER_ID: 'C012345', GOOGLE_DOMAIN: 'example.com' };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

test.each([
  ['the key file JSON', keyJson],
  ['the PEM private key', key.private_key],
  ['a key-file fragment', `"private_key": "${keyBody}"`],
  ['a PEM header on one line', '-----BEGIN PRIVATE KEY----- MIIE'],
])('GOOGLE_CREDENTIALS holding %s is refused without echoing it', (_what, value) => {
  const err = configError(() => parseEnv({ GOOGLE_CREDENTIALS: value, ...google }));
  expect(err.problems).toEqual(['GOOGLE_CREDENTIALS: must be the path of the service-account key file, not the key itself (the value was not shown)']);
  expect(err.message).not.toContain(keyBody);
  expect(err.message).not.toContain(value.slice(0, 12));
});

test.each(['/run/secrets/google-key.json', '/etc/gatehouse/private_key.json', 'keys/client_email-sa.json'])('the path %s is accepted', (p) => {
  expect(parseEnv({ GOOGLE_CREDENTIALS: p, ...google }).GOOGLE_CREDENTIALS).toBe(p);
});

describe('reading the key file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-gkey-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text, { mode: 0o600 });
    return p;
  };

  test('a good key file gives the service account', () => {
    expect(readGoogleKeyFile(write('good.json', keyJson))).toEqual({ client_email: key.client_email, private_key: key.private_key });
  });

  test.each([
    ['missing', () => path.join(dir, 'nope.json'), /cannot be read \(ENOENT\)/],
    ['a directory', () => dir, /cannot be read \(EISDIR\)/],
    // JSON.parse would quote the text it failed on: here a private key.
    ['truncated JSON', () => write('cut.json', keyJson.slice(0, keyJson.indexOf(keyBody) + 80)), /is not JSON/],
    ['the PEM instead of the JSON', () => write('pem.json', key.private_key), /is not JSON/],
    ['JSON without a PEM key', () => write('other.json', JSON.stringify({ client_email: key.client_email, private_key: keyBody })), /has no client_email and PEM private_key/],
  ])('%s: a ConfigError naming the variable and path, never the contents', (_what, file, reason) => {
    const p = file();
    const err = configError(() => readGoogleKeyFile(p));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^GOOGLE_CREDENTIALS: the key file /);
    expect(err.problems[0]).toContain(JSON.stringify(p));
    expect(err.problems[0]).toMatch(reason);
    expect(err.message).not.toContain(keyBody.slice(0, 16));
  });

  test('buildConnectors reads the configured key file through it', () => {
    const m365 = { M365_TENANT_ID: 't', M365_CLIENT_ID: 'c', M365_CLIENT_SECRET: 'client-secret-0123456789', M365_DOMAIN: 'example.com' };
    const env = parseEnv({ GOOGLE_CREDENTIALS: write('cut2.json', `${keyJson.slice(0, 200)}`), ...google, ...m365 });
    const err = configError(() => buildConnectors(env, undefined));
    expect(err.message).toMatch(/GOOGLE_CREDENTIALS: the key file .* is not JSON/);
    expect(err.message).not.toContain(keyBody.slice(0, 16));
  });
});

test('the worker, started with the key in GOOGLE_CREDENTIALS, exits 2 naming the variable, without the key or a stack', async () => {
  const root = path.resolve(__dirname, '../..');
  const result = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    const child = execFile(path.join(root, 'node_modules/.bin/tsx'), ['workers/main.ts'], {
      cwd: root, timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GOOGLE_CREDENTIALS: keyJson, ...google, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    }, (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('GOOGLE_CREDENTIALS: must be the path of the service-account key file');
  expect(result.stderr + result.stdout).not.toContain(keyBody);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
