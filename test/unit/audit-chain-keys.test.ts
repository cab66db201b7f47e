// AUDIT_CHAIN_KEY: its format, production refusing to start without it, the dev stack's own key.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { devAuditKeys, productionAuditKeys } from '../../config/audit-keys';
import { ConfigError, parseEnv } from '../../config/schema';
import { generateAuditChainKeyEntry, parseAuditChainKeys } from '../../db/audit/keys';

const ROOT = path.resolve(__dirname, '..', '..');

test('the first key signs, every key verifies, and no secret shows when the ring is printed', () => {
  const a = generateAuditChainKeyEntry('a');
  const b = generateAuditChainKeyEntry('b');
  const ring = parseAuditChainKeys(`${b}, ${a}`);
  expect(ring.signingKeyId).toBe('b');
  expect(ring.keyIds).toEqual(['b', 'a']);
  expect(ring.mac('a', 'x')).toBe(parseAuditChainKeys(a).mac('a', 'x'));
  expect(ring.mac('a', 'x')).not.toBe(ring.mac('b', 'x'));
  const secretA = a.slice(2);
  expect(JSON.stringify({ ring })).not.toContain(secretA);
  expect(inspect(ring, { depth: 5, showHidden: true })).not.toContain(secretA);
});

test('a malformed AUDIT_CHAIN_KEY stops the configuration, naming the problem and not the value', () => {
  const short = `k1:${Buffer.alloc(16, 1).toString('base64')}`;
  for (const bad of ['nokey', short, `k1:${'!'.repeat(44)}`, `${generateAuditChainKeyEntry('k1')},${generateAuditChainKeyEntry('k1')}`]) {
    let err: unknown;
    try {
      parseEnv({ AUDIT_CHAIN_KEY: bad });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.join('\n')).toMatch(/^AUDIT_CHAIN_KEY: /);
    const secret = bad.slice(bad.indexOf(':') + 1, bad.indexOf(':') + 17);
    if (bad.includes(':')) expect((err as ConfigError).message).not.toContain(secret);
  }
  expect(parseEnv({ AUDIT_CHAIN_KEY: generateAuditChainKeyEntry('k1') }).AUDIT_CHAIN_KEY).toMatch(/^k1:/);
});

test('production requires the key', () => {
  expect(() => productionAuditKeys({ AUDIT_CHAIN_KEY: undefined })).toThrow(/AUDIT_CHAIN_KEY: required in production/);
  expect(productionAuditKeys({ AUDIT_CHAIN_KEY: generateAuditChainKeyEntry('p1') }).signingKeyId).toBe('p1');
});

test.each(['api/main.ts', 'workers/main.ts'])('%s will not start without AUDIT_CHAIN_KEY', async (entry) => {
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], { cwd: ROOT, env, timeout: 60_000 }, (err, _out, errOut) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stderr: errOut }),
    );
    child.stdin?.end();
  });
  expect(code).toBe(2); // a configuration error: the message only, exit 2
  expect(stderr).toMatch(/AUDIT_CHAIN_KEY: required in production/);
});

test('the dev stack makes its key once, keeps it private, and uses a configured one instead', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-dev-keys-'));
  try {
    const first = devAuditKeys({ DATA_DIR: dir, AUDIT_CHAIN_KEY: undefined });
    expect(first.file).toBe(path.join(dir, 'audit-chain-keys'));
    expect(fs.statSync(first.file!).mode & 0o777).toBe(0o600);
    const again = devAuditKeys({ DATA_DIR: dir, AUDIT_CHAIN_KEY: undefined });
    expect(again.keys.mac(again.keys.signingKeyId, 'x')).toBe(first.keys.mac(first.keys.signingKeyId, 'x'));
    const configured = devAuditKeys({ DATA_DIR: dir, AUDIT_CHAIN_KEY: generateAuditChainKeyEntry('ops-1') });
    expect(configured).toMatchObject({ file: null });
    expect(configured.keys.signingKeyId).toBe('ops-1');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
