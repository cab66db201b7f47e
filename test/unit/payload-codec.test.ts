// Payload encryption (workers/payload-codec.ts) and its keys (config/payload-keyring.ts): what goes to the
// Temporal server is ciphertext that names only its key; rotation, tampering and unencrypted histories.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { generatePayloadKeyEntry, parsePayloadKeys, payloadKeyProblems } from '../../config/payload-keyring';
import { devPayloadKeys, productionPayloadKeys } from '../../config/payload-keys';
import { ConfigError, parseEnv } from '../../config/schema';
import { failureConverter } from '../../workers/failure-converter';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, PayloadDecryptionError, encryptedKeyId } from '../../workers/payload-codec';

const OLD = generatePayloadKeyEntry('p-old');
const NEW = generatePayloadKeyEntry('p-new');
const codec = new AesGcmPayloadCodec(parsePayloadKeys(OLD));
const json = (v: unknown): Payload => defaultPayloadConverter.toPayload(v);
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

test('any payload comes back as it was, and what is sent holds only the encoding and the key id in clear', async () => {
  await fc.assert(fc.asyncProperty(
    fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.uint8Array({ maxLength: 40 }), { maxKeys: 4 }), fc.uint8Array({ maxLength: 2000 }),
    async (metadata, data) => {
      const p: Payload = { metadata, data };
      const [sealed] = await codec.encode([p]);
      expect(Object.keys(sealed!.metadata!).sort()).toEqual(['encoding', 'encryption-key-id']);
      expect(encryptedKeyId(sealed!)).toBe('p-old');
      const [back] = await codec.decode([sealed!]);
      expect(Buffer.from(back!.data ?? new Uint8Array())).toEqual(Buffer.from(data));
      expect(Object.fromEntries(Object.entries(back!.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v)]))).toEqual(
        Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v)])));
    }), { numRuns: 50 });
});

test('a name in a payload is not readable in what is sent; the same value encrypts differently each time', async () => {
  const [a, b] = await codec.encode([json({ givenName: 'Rosalind', email: 'rosalind@example.org' }), json({ givenName: 'Rosalind', email: 'rosalind@example.org' })]);
  for (const p of [a!, b!]) {
    expect(text(p.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(p.data!).toString('latin1')).not.toMatch(/Rosalind|example\.org/);
    expect(Buffer.from(p.data!).toString('base64')).not.toContain(Buffer.from('Rosalind').toString('base64').slice(0, 8));
  }
  expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
});

test('payloads without the encrypted encoding (histories recorded before encryption) pass through unchanged', async () => {
  const plain = json({ employeeId: 'E1' });
  expect(await codec.decode([plain])).toEqual([plain]);
});

test('rotation: the first key encrypts, every listed key decrypts; a ring without the old key cannot read it', async () => {
  const [old] = await codec.encode([json('before rotation')]);
  const rotated = new AesGcmPayloadCodec(parsePayloadKeys(`${NEW},${OLD}`));
  const [fresh] = await rotated.encode([json('after rotation')]);
  expect(encryptedKeyId(fresh!)).toBe('p-new');
  expect((await rotated.decode([old!, fresh!])).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['before rotation', 'after rotation']);
  await expect(new AesGcmPayloadCodec(parsePayloadKeys(NEW)).decode([old!])).rejects.toThrow(PayloadDecryptionError);
});

test('an altered payload, or one relabelled with another key id, does not decrypt', async () => {
  const [sealed] = await codec.encode([json('intact')]);
  const flipped = Buffer.from(sealed!.data!);
  flipped[20] = flipped[20]! ^ 1;
  await expect(codec.decode([{ ...sealed!, data: flipped }])).rejects.toThrow(/authentication failed/);
  const sameKeyTwoIds = new AesGcmPayloadCodec(parsePayloadKeys(`${OLD},other:${OLD.split(':')[1]}`));
  const relabelled = { metadata: { ...sealed!.metadata, 'encryption-key-id': Buffer.from('other') }, data: sealed!.data };
  await expect(sameKeyTwoIds.decode([relabelled])).rejects.toThrow(/authentication failed/);
});

test('failure messages and stack traces leave the process encoded (encodeCommonAttributes), so the codec encrypts them', async () => {
  const failure = failureConverter.errorToFailure(ApplicationFailure.nonRetryable('no mailbox for rosalind@example.org', 'Test'), defaultPayloadConverter);
  expect(failure.message).toBe('Encoded failure');
  expect(JSON.stringify(failure)).not.toContain('rosalind');
  const [sealed] = await codec.encode([failure.encodedAttributes!]);
  expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('rosalind');
  const [back] = await codec.decode([sealed!]);
  expect(failureConverter.failureToError({ ...failure, encodedAttributes: back }, defaultPayloadConverter).message).toBe('no mailbox for rosalind@example.org');
});

describe('PAYLOAD_KEYS', () => {
  test('each key is exactly 32 bytes of base64 under a unique id; the problems name ids, never keys', () => {
    const short = `k1:${Buffer.alloc(16, 7).toString('base64')}`;
    expect(payloadKeyProblems(short)).toEqual(["key 'k1': must be base64 of exactly 32 bytes (AES-256)"]);
    expect(payloadKeyProblems(`${OLD},${OLD}`)).toEqual(["entry 2: key id 'p-old' appears twice"]);
    expect(payloadKeyProblems('nokey')).toEqual(["entry 1: must be keyId:base64key (keyId: letters, digits, '.', '_', '-')"]);
    expect(payloadKeyProblems(`${NEW}, ${OLD}`)).toEqual([]);
    expect(() => parseEnv({ PAYLOAD_KEYS: short })).toThrow(/PAYLOAD_KEYS: key 'k1'/);
    expect(String((() => { try { parseEnv({ PAYLOAD_KEYS: short }); } catch (e) { return (e as Error).message; } })())).not.toContain(short.split(':')[1]);
  });

  test('a keyring prints its key ids, never its keys', () => {
    const ring = parsePayloadKeys(`${NEW},${OLD}`);
    const secret = NEW.split(':')[1]!;
    expect(JSON.stringify({ ring })).toBe('{"ring":{"encryptingKeyId":"p-new","keyIds":["p-new","p-old"]}}');
    expect(inspect(ring, { depth: 5, showHidden: true })).not.toContain(secret);
  });

  test('production requires PAYLOAD_KEYS; the dev stack makes one key once, mode 0600, and keeps it', () => {
    expect(() => productionPayloadKeys({})).toThrow(ConfigError);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payload-keys-'));
    try {
      const first = devPayloadKeys({ DATA_DIR: dir });
      expect(first.file).toBe(path.join(dir, 'payload-keys'));
      expect(fs.statSync(first.file!).mode & 0o777).toBe(0o600);
      const again = devPayloadKeys({ DATA_DIR: dir });
      expect(again.keys.key('dev-1')!.equals(first.keys.key('dev-1')!)).toBe(true);
      expect(devPayloadKeys({ DATA_DIR: dir, PAYLOAD_KEYS: NEW })).toMatchObject({ file: null, keys: { encryptingKeyId: 'p-new' } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
