// Per-person data keys for crypto-shredding, on real PostgreSQL as the app's least-privilege role: a key is
// made once per person and stored only wrapped; destroying it is final, for the app and by privilege.
import pg from 'pg';
import { generatePayloadKeyEntry, parsePayloadKeys } from '../../config/payload-keyring';
import { createPool, migrateAt } from '../../db';
import { createPersonDataKeys, PersonDataKeyDestroyed } from '../../db/person-data-keys';
import { createTestDatabase } from '../support/databases';

const OLD = generatePayloadKeyEntry('wrap-old');
const NEW = generatePayloadKeyEntry('wrap-new');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('pdk');
  await migrateAt(db.url);
  pool = createPool(db.appUrl);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const stored = async (employeeId: string) =>
  (await pool.query<{ wrapping_key_id: string | null; wrapped_key: Buffer | null; destroyed_at: Date | null }>(
    'SELECT wrapping_key_id, wrapped_key, destroyed_at FROM person_data_keys WHERE employee_id = $1', [employeeId])).rows[0];

test('one key per person, the same on every call and after the ring rotates; the database holds it only wrapped', async () => {
  const keys = createPersonDataKeys(pool, parsePayloadKeys(OLD));
  const [a, again, b] = [await keys.dataKey('PDK-1'), await keys.dataKey('PDK-1'), await keys.dataKey('PDK-2')];
  expect(a).toHaveLength(32);
  expect(again.equals(a)).toBe(true);
  expect(b.equals(a)).toBe(false);
  const row = await stored('PDK-1');
  expect(row?.wrapping_key_id).toBe('wrap-old');
  expect(row?.wrapped_key?.includes(a)).toBe(false);
  const rotated = createPersonDataKeys(pool, parsePayloadKeys(`${NEW},${OLD}`));
  expect((await rotated.dataKey('PDK-1')).equals(a)).toBe(true);
  await expect(createPersonDataKeys(pool, parsePayloadKeys(NEW)).dataKey('PDK-1')).rejects.toThrow(/payload key 'wrap-old', which is not configured/);
});

test("a wrapped key moved to another person's row does not unwrap", async () => {
  const owner = new pg.Client({ connectionString: db.url });
  await owner.connect();
  try {
    const keys = createPersonDataKeys(pool, parsePayloadKeys(OLD));
    await keys.dataKey('PDK-3');
    await owner.query(`INSERT INTO person_data_keys (employee_id, wrapping_key_id, wrapped_key) SELECT 'PDK-4', wrapping_key_id, wrapped_key FROM person_data_keys WHERE employee_id = 'PDK-3'`);
    await expect(keys.existing('PDK-4')).rejects.toThrow(/does not unwrap/);
  } finally {
    await owner.end();
  }
});

test('destroying a key is erasure: nothing unwraps it, no new key is made, and it cannot be brought back', async () => {
  const keys = createPersonDataKeys(pool, parsePayloadKeys(OLD));
  await keys.dataKey('PDK-5');
  expect(await keys.destroy('PDK-5')).toBe(true);
  expect(await keys.destroy('PDK-5')).toBe(false); // once
  expect(await keys.existing('PDK-5')).toBe('destroyed');
  await expect(keys.dataKey('PDK-5')).rejects.toThrow(PersonDataKeyDestroyed);
  expect(await stored('PDK-5')).toMatchObject({ wrapped_key: null, wrapping_key_id: null, destroyed_at: expect.any(Date) });
  // A person erased before any key was made gets none later either.
  expect(await keys.destroy('PDK-6')).toBe(true);
  await expect(keys.dataKey('PDK-6')).rejects.toThrow(PersonDataKeyDestroyed);
  expect(await keys.existing('PDK-7')).toBeUndefined();
  // The app role may neither delete the row nor write a key back into it.
  await expect(pool.query(`DELETE FROM person_data_keys WHERE employee_id = 'PDK-5'`)).rejects.toMatchObject({ code: '42501' });
  await expect(pool.query(`UPDATE person_data_keys SET wrapped_key = '\\x00', wrapping_key_id = 'wrap-old', destroyed_at = NULL WHERE employee_id = 'PDK-5'`))
    .rejects.toThrow(/was destroyed at .* and cannot be changed/);
});
