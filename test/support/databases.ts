// A fresh, empty database per test file in the suite's PostgreSQL cluster.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { asAppRole } from './app-role';

/** url: as the cluster's superuser (the schema owner, who migrates); appUrl: as the app's least-privilege role. */
export async function createTestDatabase(prefix = 't'): Promise<{ url: string; appUrl: string; drop(): Promise<void> }> {
  const base = process.env.TEST_POSTGRES_URL;
  if (!base) throw new Error('TEST_POSTGRES_URL is not set: run the tests through jest (globalSetup starts PostgreSQL)');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    appUrl: asAppRole(url),
    async drop() {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
