// Where the payload keys come from (the ring itself: payload-keyring.ts). Production entry points require
// PAYLOAD_KEYS. The local dev stack makes one key once and keeps it in DATA_DIR/payload-keys (mode 0600,
// git-ignored with .data/, never printed).
import path from 'node:path';
import { generatePayloadKeyEntry, parsePayloadKeys, type PayloadKeyring } from './payload-keyring';
import { readOrCreateKeyFile } from './dev-key-file';
import { ConfigError } from './schema';

/** The standalone API and worker: PAYLOAD_KEYS is required (without it nothing could read the histories). */
export function productionPayloadKeys(env: { PAYLOAD_KEYS?: string }): PayloadKeyring {
  if (!env.PAYLOAD_KEYS) {
    throw new ConfigError([
      'PAYLOAD_KEYS: required in production (keyId:base64key[,…], 32 random bytes each; e.g. `p1:$(openssl rand -base64 32)`); the API, the worker and any codec server need the same keys',
    ]);
  }
  return parsePayloadKeys(env.PAYLOAD_KEYS);
}

/** `make dev`: PAYLOAD_KEYS when set, else a key made once into DATA_DIR/payload-keys. */
export function devPayloadKeys(env: { PAYLOAD_KEYS?: string; DATA_DIR: string }): { keys: PayloadKeyring; file: string | null } {
  if (env.PAYLOAD_KEYS) return { keys: parsePayloadKeys(env.PAYLOAD_KEYS), file: null };
  const file = path.resolve(env.DATA_DIR, 'payload-keys');
  return { keys: parsePayloadKeys(readOrCreateKeyFile(file, () => generatePayloadKeyEntry('dev-1'))), file };
}
