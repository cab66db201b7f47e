// Per-person data keys (crypto-shredding): one random AES-256 key per person, kept only sealed under the
// PAYLOAD_KEYS ring (its encrypting key; any ring key unwraps, so the ring rotates), bound to the person by the
// sealing's additional data. Destroying a person's key is erasure of whatever it encrypted.
// Not yet used by the payload codec: see the README ("Erasure: what is built").
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { open, seal } from '../config/aes-gcm';
import type { PayloadKeyring } from '../config/payload-keyring';

export const DATA_KEY_BYTES = 32;

/** The person's key was destroyed (erased): what it encrypted cannot be read, and no new key is made. */
export class PersonDataKeyDestroyed extends Error {
  constructor(readonly employeeId: string, readonly destroyedAt: Date) {
    super(`the data key of ${employeeId} was destroyed at ${destroyedAt.toISOString()}`);
    this.name = 'PersonDataKeyDestroyed';
  }
}

interface Row {
  wrapping_key_id: string | null;
  wrapped_key: Buffer | null;
  destroyed_at: Date | null;
}

const aad = (employeeId: string) => `person-data-key:${employeeId}`;

export interface PersonDataKeys {
  /** The person's key, made on first use. Throws PersonDataKeyDestroyed once erased. */
  dataKey(employeeId: string): Promise<Buffer>;
  /** The person's key if one exists; 'destroyed' once erased; undefined when none was ever made. */
  existing(employeeId: string): Promise<Buffer | 'destroyed' | undefined>;
  /** Destroys the key (also for a person who never had one, so none is made later); true when it was live or absent. */
  destroy(employeeId: string): Promise<boolean>;
}

export function createPersonDataKeys(pool: pg.Pool, ring: PayloadKeyring): PersonDataKeys {
  const read = async (employeeId: string): Promise<Row | undefined> =>
    (await pool.query<Row>('SELECT wrapping_key_id, wrapped_key, destroyed_at FROM person_data_keys WHERE employee_id = $1', [employeeId])).rows[0];

  const unwrap = (employeeId: string, row: Row): Buffer => {
    const key = ring.key(row.wrapping_key_id ?? '');
    if (!key) throw new Error(`the data key of ${employeeId} is wrapped with payload key '${row.wrapping_key_id}', which is not configured`);
    const clear = open(key, aad(employeeId), row.wrapped_key as Buffer);
    if (!clear) throw new Error(`the data key of ${employeeId} does not unwrap (altered, or moved to another person)`);
    return clear;
  };

  const existing = async (employeeId: string): Promise<Buffer | 'destroyed' | undefined> => {
    const row = await read(employeeId);
    if (!row) return undefined;
    return row.destroyed_at ? 'destroyed' : unwrap(employeeId, row);
  };

  return {
    existing,
    async dataKey(employeeId) {
      const keyId = ring.encryptingKeyId;
      const wrapped = seal(ring.key(keyId) as Buffer, aad(employeeId), randomBytes(DATA_KEY_BYTES));
      // Two callers at once: one insert wins, both read the winner's key.
      await pool.query(
        'INSERT INTO person_data_keys (employee_id, wrapping_key_id, wrapped_key) VALUES ($1, $2, $3) ON CONFLICT (employee_id) DO NOTHING',
        [employeeId, keyId, wrapped],
      );
      const row = (await read(employeeId)) as Row;
      if (row.destroyed_at) throw new PersonDataKeyDestroyed(employeeId, row.destroyed_at);
      return unwrap(employeeId, row);
    },
    async destroy(employeeId) {
      const r = await pool.query(
        `INSERT INTO person_data_keys (employee_id, wrapping_key_id, wrapped_key, destroyed_at) VALUES ($1, NULL, NULL, now())
         ON CONFLICT (employee_id) DO UPDATE SET wrapped_key = NULL, wrapping_key_id = NULL, destroyed_at = now()
         WHERE person_data_keys.destroyed_at IS NULL`,
        [employeeId],
      );
      return (r.rowCount ?? 0) > 0;
    },
  };
}
