// The keys that encrypt Temporal payloads (AES-256-GCM, workers/payload-codec.ts). `PAYLOAD_KEYS` is
// `keyId:base64key[,keyId:base64key…]`, each key exactly 32 random bytes; the first encrypts new payloads and
// every listed key decrypts, so a key rotates by putting the new one first and keeping the old one until the
// histories it encrypted have aged out of retention.
import { randomBytes } from 'node:crypto';

export const PAYLOAD_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export class PayloadKeyring {
  // Private so that neither util.inspect nor JSON.stringify of a config object can print a key.
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly encryptingKeyId: string;

  constructor(keys: ReadonlyArray<{ id: string; key: Buffer }>) {
    const first = keys[0];
    if (!first) throw new RangeError('a payload keyring needs at least one key');
    this.encryptingKeyId = first.id;
    this.#keys = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** The key with this id, or undefined when this ring does not hold it. */
  key(id: string): Buffer | undefined {
    return this.#keys.get(id);
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  toJSON(): { encryptingKeyId: string; keyIds: string[] } {
    return { encryptingKeyId: this.encryptingKeyId, keyIds: this.keyIds };
  }
}

/** The problems with a PAYLOAD_KEYS value, never quoting a key; empty when it parses. */
export function payloadKeyProblems(text: string): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  text.split(',').forEach((raw, i) => {
    const [id = '', key = ''] = splitEntry(raw);
    if (!KEY_ID.test(id)) return void problems.push(`entry ${i + 1}: must be keyId:base64key (keyId: letters, digits, '.', '_', '-')`);
    if (ids.has(id)) problems.push(`entry ${i + 1}: key id '${id}' appears twice`);
    ids.add(id);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length !== PAYLOAD_KEY_BYTES) {
      problems.push(`key '${id}': must be base64 of exactly ${PAYLOAD_KEY_BYTES} bytes (AES-256)`);
    }
  });
  return problems;
}

function splitEntry(raw: string): [string, string] {
  const entry = raw.trim();
  const colon = entry.indexOf(':');
  return colon > 0 ? [entry.slice(0, colon), entry.slice(colon + 1)] : ['', ''];
}

export function parsePayloadKeys(text: string): PayloadKeyring {
  const problems = payloadKeyProblems(text);
  if (problems.length > 0) throw new RangeError(`PAYLOAD_KEYS: ${problems.join('; ')}`);
  return new PayloadKeyring(text.split(',').map((raw) => {
    const [id, key] = splitEntry(raw);
    return { id, key: Buffer.from(key, 'base64') };
  }));
}

/** A fresh `keyId:base64key` entry (the dev stack's own key, a test's). */
export function generatePayloadKeyEntry(keyId: string): string {
  if (!KEY_ID.test(keyId)) throw new RangeError('key id: letters, digits, dot, dash, underscore');
  return `${keyId}:${randomBytes(PAYLOAD_KEY_BYTES).toString('base64')}`;
}

